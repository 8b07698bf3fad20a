import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { Database } from '../../src/db/database.js';
import { createOrganization, deleteOrganization } from '../../src/db/repositories/organizations.js';
import { TEST_DIALECT, withDatabase, type TestDatabase } from '../support/database.js';

/**
 * The link from a person to their organization, enforced by the database itself: a foreign key
 * on SQLite, statement-level triggers on PostgreSQL (migration 004, for the import's speed).
 * Both must behave as a foreign key with ON DELETE SET NULL, written past the repositories.
 */
describe(`a person's organization on ${TEST_DIALECT}`, () => {
  let db: Database;
  let test: TestDatabase;
  let close: () => Promise<void>;
  before(async () => ({ db, test, close } = await withDatabase()));
  after(() => close());

  const t = new Date().toISOString();
  const person = (email: string, organizationId: number | null) => ({
    kind: 'customer' as const,
    email,
    firstName: 'A',
    lastName: 'B',
    status: 'active',
    organizationId,
    createdAt: t,
    updatedAt: t,
  });
  const organizationOf = async (email: string) =>
    (await db.kysely.selectFrom('people').select('organizationId').where('email', '=', email).executeTakeFirstOrThrow()).organizationId;
  const foreignKeyError = (e: unknown) => {
    assert.match(String((e as Error).message), /foreign key/i);
    return true;
  };

  it('a person cannot be linked to an organization that does not exist', async () => {
    const org = await createOrganization(db, { name: 'Exists Ltd' });
    await db.kysely.insertInto('people').values(person('linked@exists.example', org.id)).execute();
    assert.equal(await organizationOf('linked@exists.example'), org.id);
    await assert.rejects(db.kysely.insertInto('people').values(person('ghost@nowhere.example', 987654)).execute(), foreignKeyError);
    await assert.rejects(
      db.kysely.updateTable('people').set({ organizationId: 987654 }).where('email', '=', 'linked@exists.example').execute(),
      foreignKeyError,
    );
    assert.equal(await organizationOf('linked@exists.example'), org.id, 'the failed update changed nothing');
  });

  it('one bad link fails the whole statement: no row of it is written', async () => {
    const org = await createOrganization(db, { name: 'Many Rows Inc' });
    const rows = [person('first@many.example', org.id), person('second@many.example', 876543), person('third@many.example', null)];
    await assert.rejects(db.kysely.insertInto('people').values(rows).execute(), foreignKeyError);
    const written = await db.kysely.selectFrom('people').select('email').where('email', 'like', '%@many.example').execute();
    assert.deepEqual(written, []);
  });

  it('deleting organizations unlinks their people and leaves everyone else linked', async () => {
    const [a, b, c] = await Promise.all(['Gone A', 'Gone B', 'Stays C'].map((name) => createOrganization(db, { name })));
    await db.kysely
      .insertInto('people')
      .values([
        person('a1@gone.example', a!.id),
        person('a2@gone.example', a!.id),
        person('b1@gone.example', b!.id),
        person('c1@stays.example', c!.id),
      ])
      .execute();
    await db.kysely.deleteFrom('organizations').where('id', 'in', [a!.id, b!.id]).execute();
    for (const email of ['a1@gone.example', 'a2@gone.example', 'b1@gone.example']) assert.equal(await organizationOf(email), null, email);
    assert.equal(await organizationOf('c1@stays.example'), c!.id);
    await deleteOrganization(db, c!.id);
    assert.equal(await organizationOf('c1@stays.example'), null);
  });

  // Concurrent writers: only PostgreSQL has them (SQLite runs one writing transaction at a time).
  if (TEST_DIALECT === 'postgres') {
    const twoClients = async () => {
      const url = test.config.databaseUrl!;
      const clients = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })] as const;
      await Promise.all(clients.map((client) => client.connect()));
      return { clients, end: () => Promise.all(clients.map((client) => client.end())) };
    };
    const insertSql = `INSERT INTO people (kind, email, first_name, last_name, status, organization_id, created_at, updated_at)
      VALUES ('customer', $1, 'A', 'B', 'active', $2, now()::text, now()::text)`;
    /** Resolves true if `work` is still waiting after `ms` (blocked on a lock), false if it ended. */
    const stillWaiting = (work: Promise<unknown>, ms: number) =>
      Promise.race([
        work.then(
          () => false,
          () => false,
        ),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), ms)),
      ]);

    it('an organization linked by an open transaction is deleted only after it, and its new person is unlinked', async () => {
      const org = await createOrganization(db, { name: 'Race One' });
      const { clients, end } = await twoClients();
      const [writer, deleter] = clients;
      try {
        await writer.query('BEGIN');
        await writer.query(insertSql, ['racer@one.example', org.id]);
        const deleting = deleter.query('DELETE FROM organizations WHERE id = $1', [org.id]);
        assert.equal(await stillWaiting(deleting, 300), true, 'the delete waits for the transaction that links to it');
        await writer.query('COMMIT');
        await deleting;
        assert.equal(await organizationOf('racer@one.example'), null, 'the person committed meanwhile is unlinked');
      } finally {
        await end();
      }
    });

    it('a person linked to an organization being deleted fails once the delete commits', async () => {
      const org = await createOrganization(db, { name: 'Race Two' });
      const { clients, end } = await twoClients();
      const [writer, deleter] = clients;
      try {
        await deleter.query('BEGIN');
        await deleter.query('DELETE FROM organizations WHERE id = $1', [org.id]);
        const inserting = writer.query(insertSql, ['racer@two.example', org.id]);
        inserting.catch(() => undefined);
        assert.equal(await stillWaiting(inserting, 300), true, 'the insert waits for the delete');
        await deleter.query('COMMIT');
        await assert.rejects(inserting, foreignKeyError);
        const rows = await db.kysely.selectFrom('people').select('email').where('email', '=', 'racer@two.example').execute();
        assert.deepEqual(rows, []);
      } finally {
        await end();
      }
    });
  }
});
