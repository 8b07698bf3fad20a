import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Kysely, Migrator, sql } from 'kysely';
import { openPostgres } from '../../src/db/dialects/postgres.js';
import { openSqlite } from '../../src/db/dialects/sqlite.js';
import { migrations } from '../../src/db/migrations/index.js';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../support/database.js';

/**
 * Migration 008 on a database that already has people: the schema is brought to 007, people are
 * stored as the code of that time stored them, then the rest of the migrations run.
 */
describe(`people.source on existing rows (${TEST_DIALECT})`, () => {
  let test: TestDatabase;
  // Migrations see the database untyped and in snake_case.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let kysely: Kysely<any>;

  before(async () => {
    test = await createTestDatabase();
    const url = test.config.databaseUrl;
    kysely = new Kysely({ dialect: url ? openPostgres(url).dialect : openSqlite(test.config.dataDir).dialect });
  });

  after(async () => {
    await kysely?.destroy();
    await test?.drop();
  });

  it('backfills import for people an import created and manual for the others, and the default is manual', async () => {
    const migrator = new Migrator({ db: kysely, provider: { getMigrations: async () => migrations(TEST_DIALECT) } });
    const upTo007 = await migrator.migrateTo('007-sign-in-security');
    assert.equal(upTo007.error, undefined);
    const t = new Date().toISOString();
    const person = (email: string, createdImportId: number | null, importId: number | null) =>
      sql`INSERT INTO people (kind, email, first_name, last_name, status, created_at, updated_at, import_id, created_import_id)
          VALUES ('customer', ${email}, 'F', 'L', 'active', ${t}, ${t}, ${importId}, ${createdImportId})`.execute(kysely);
    await person('by-hand@example.org', null, null);
    await person('imported@example.org', 3, 3);
    await person('imported-then-edited@example.org', 4, null);
    await person('updated-by-import@example.org', null, 5);

    const latest = await migrator.migrateTo('008-person-source');
    assert.equal(latest.error, undefined);
    assert.deepEqual(
      latest.results?.map((r) => r.migrationName),
      ['008-person-source'],
    );
    const rows = await sql<{ email: string; source: string }>`SELECT email, source FROM people ORDER BY email`.execute(kysely);
    assert.deepEqual(Object.fromEntries(rows.rows.map((r) => [r.email, r.source])), {
      'by-hand@example.org': 'manual',
      'imported-then-edited@example.org': 'import',
      'imported@example.org': 'import',
      'updated-by-import@example.org': 'manual',
    });

    await person('after@example.org', null, null);
    const after = await sql<{ source: string }>`SELECT source FROM people WHERE email = 'after@example.org'`.execute(kysely);
    assert.equal(after.rows[0]?.source, 'manual');
    await assert.rejects(sql`UPDATE people SET source = 'carrier pigeon' WHERE email = 'after@example.org'`.execute(kysely));
  });
});
