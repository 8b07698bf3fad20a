import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RosterError } from '../../src/core/errors.js';
import { openDatabase } from '../../src/db/database.js';
import { sql } from 'kysely';
import { createTestDatabase, TEST_DIALECT } from '../support/database.js';
import { runRoster } from '../cli/run-roster.js';

describe(`DATABASE_URL: refused without a database, described when unreachable (${TEST_DIALECT})`, () => {
  let dataDir: string;
  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-url-'));
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a URL that names no database, in one sentence and without its password', async () => {
    for (const databaseUrl of ['postgres://root:secret@127.0.0.1:5432', 'postgres://root:secret@127.0.0.1:5432/']) {
      await assert.rejects(
        openDatabase({ dataDir, databaseUrl }),
        (error: unknown) =>
          error instanceof RosterError &&
          error.code === 'validation' &&
          error.message ===
            "DATABASE_URL postgres://root@127.0.0.1:5432 names no database, and PostgreSQL would then use the one named after the user; add the database's name at the end, for example postgres://root@127.0.0.1:5432/roster.",
      );
    }
  });

  it('says what failed, where and what to check when nothing listens at the address', async () => {
    await assert.rejects(openDatabase({ dataDir, databaseUrl: 'postgres://root@127.0.0.1:1/roster' }), {
      message:
        'Could not connect to PostgreSQL at 127.0.0.1:1 (database "roster"): the connection was refused, so no server is listening there. Check that PostgreSQL is running and that DATABASE_URL names its host and port.',
    });
  });

  it('prints the same sentence from the command line', async () => {
    const run = await runRoster(['customers', 'list'], { ROSTER_DATA_DIR: dataDir, DATABASE_URL: 'postgres://root@127.0.0.1:1' });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^roster: DATABASE_URL postgres:\/\/root@127\.0\.0\.1:1 names no database, .*\n$/);
  });

  it(
    "turns PostgreSQL's JIT and parallel workers off: they cost a page's query more than they save",
    { skip: TEST_DIALECT !== 'postgres' },
    async () => {
      const test = await createTestDatabase();
      const db = await test.open();
      try {
        const { rows } = await sql<{ jit: string; workers: string }>`SELECT current_setting('jit') AS jit,
        current_setting('max_parallel_workers_per_gather') AS workers`.execute(db.kysely);
        assert.deepEqual(rows[0], { jit: 'off', workers: '0' });
      } finally {
        await db.close();
        await test.drop();
      }
    },
  );

  it('names a database that does not exist', { skip: TEST_DIALECT !== 'postgres' }, async () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = '/roster_no_such_database';
    await assert.rejects(openDatabase({ dataDir, databaseUrl: url.toString() }), {
      message: new RegExp(
        `^Could not connect to PostgreSQL at ${url.hostname}:${url.port || 5432} \\(database "roster_no_such_database"\\): that database does not exist\\.`,
      ),
    });
  });
});
