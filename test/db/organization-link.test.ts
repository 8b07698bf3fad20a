import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
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
    /** Runs `work` with two connections of their own (a writer and a deleter), ended afterwards. */
    const withTwoClients = async (work: (writer: pg.Client, deleter: pg.Client) => Promise<void>) => {
      const url = test.config.databaseUrl!;
      const [writer, deleter] = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
      await Promise.all([writer.connect(), deleter.connect()]);
      try {
        await work(writer, deleter);
      } finally {
        await Promise.all([writer.end(), deleter.end()]);
      }
    };
    const insertSql = `INSERT INTO people (kind, email, first_name, last_name, status, organization_id, created_at, updated_at)
      VALUES ('customer', $1, 'A', 'B', 'active', $2, now()::text, now()::text)`;
    /**
     * Whether `query`, sent by `client`, ends up waiting for a lock (PostgreSQL says so in
     * pg_stat_activity) rather than finishing: polled for up to 5 s, so a slow machine cannot
     * pass a query that never blocked.
     */
    const blocksOnLock = async (client: pg.Client, query: Promise<unknown>): Promise<boolean> => {
      // The backend's process id, known since the connection's start (a query would queue behind `query`).
      const pid = (client as pg.Client & { processID: number }).processID;
      let ended = false;
      query.then(
        () => (ended = true),
        () => (ended = true),
      );
      for (let waited = 0; waited < 5000 && !ended; waited += 20) {
        const { rows } = await sql<{ w: string | null }>`SELECT wait_event_type AS w FROM pg_stat_activity WHERE pid = ${pid}`.execute(
          db.kysely,
        );
        if (rows[0]?.w === 'Lock') return true;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return false;
    };

    it('an organization linked by an open transaction is deleted only after it, and its new person is unlinked', async () => {
      const org = await createOrganization(db, { name: 'Race One' });
      await withTwoClients(async (writer, deleter) => {
        await writer.query('BEGIN');
        await writer.query(insertSql, ['racer@one.example', org.id]);
        const deleting = deleter.query('DELETE FROM organizations WHERE id = $1', [org.id]);
        deleting.catch(() => undefined);
        assert.equal(await blocksOnLock(deleter, deleting), true, 'the delete waits for the transaction that links to it');
        await writer.query('COMMIT');
        await deleting;
        assert.equal(await organizationOf('racer@one.example'), null, 'the person committed meanwhile is unlinked');
      });
    });

    it('a person linked to an organization being deleted fails once the delete commits', async () => {
      const org = await createOrganization(db, { name: 'Race Two' });
      await withTwoClients(async (writer, deleter) => {
        await deleter.query('BEGIN');
        await deleter.query('DELETE FROM organizations WHERE id = $1', [org.id]);
        const inserting = writer.query(insertSql, ['racer@two.example', org.id]);
        inserting.catch(() => undefined);
        assert.equal(await blocksOnLock(writer, inserting), true, 'the insert waits for the delete');
        await deleter.query('COMMIT');
        await assert.rejects(inserting, foreignKeyError);
        const rows = await db.kysely.selectFrom('people').select('email').where('email', '=', 'racer@two.example').execute();
        assert.deepEqual(rows, []);
      });
    });
  }
});
