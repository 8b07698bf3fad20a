import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/db/database.js';
import { createPerson, deactivatePerson, deletePerson, getPerson, listPeople, updatePerson } from '../../src/db/repositories/people.js';
import { InputError } from '../../src/core/record-input.js';
import { RosterError } from '../../src/core/errors.js';
import { TEST_DIALECT, withDatabase } from '../support/database.js';

describe(`people on ${TEST_DIALECT}`, () => {
  let db: Database;
  let close: () => Promise<void>;
  before(async () => ({ db, close } = await withDatabase()));
  after(() => close());

  it('stores emails lower-case and finds them by any case', async () => {
    const created = await createPerson(db, 'customers', { email: '  Mailto:Zoe.Zhang@Example.COM ', firstName: 'Zoé', lastName: 'Zhang' });
    assert.equal(created.email, 'zoe.zhang@example.com');
    assert.equal(created.status, 'active');
  });

  it('the database itself rejects the same email in another case, even written past the repositories', async () => {
    const t = new Date().toISOString();
    const insert = (email: string, kind: 'user' | 'customer') =>
      db.kysely
        .insertInto('people')
        .values({ kind, email, firstName: 'A', lastName: 'B', status: 'active', createdAt: t, updatedAt: t })
        .execute();
    await insert('Raw.Person@Example.com', 'customer');
    await assert.rejects(insert('raw.person@example.COM', 'customer'));
    await assert.rejects(insert('RAW.PERSON@EXAMPLE.COM', 'user'), 'a user may not take a customer email either');
  });

  it('one email is a user or a customer, never both, with a sentence that says which', async () => {
    await createPerson(db, 'users', { email: 'agent.one@helpdesk.example', firstName: 'Agent', lastName: 'One' });
    await assert.rejects(
      createPerson(db, 'customers', { email: 'AGENT.ONE@helpdesk.example', firstName: 'X', lastName: 'Y' }),
      (e: unknown) => {
        assert.ok(e instanceof RosterError);
        assert.equal(e.code, 'conflict');
        assert.match(e.message, /already belongs to a user/);
        return true;
      },
    );
  });

  it('reports every bad field at once, naming each', async () => {
    await assert.rejects(createPerson(db, 'customers', { email: 'not-an-email', website: 'nope' }), (e: unknown) => {
      assert.ok(e instanceof InputError);
      const fields = e.problems.map((p) => p.field).sort();
      assert.deepEqual(fields, ['email', 'firstName', 'lastName', 'website']);
      return true;
    });
  });

  it('users default to the agent role and reject unknown roles', async () => {
    const user = await createPerson(db, 'users', { email: 'role.default@helpdesk.example', firstName: 'R', lastName: 'D' });
    assert.equal(user.role, 'agent');
    await assert.rejects(
      createPerson(db, 'users', { email: 'role.bad@helpdesk.example', firstName: 'R', lastName: 'B', role: 'owner' }),
      /Role/,
    );
  });

  it('keeps phone numbers as written and derives E.164 when it can', async () => {
    const c = await createPerson(db, 'customers', {
      email: 'phone@example.org',
      firstName: 'P',
      lastName: 'Q',
      phone: '+33 1 23 45 67 89',
    });
    assert.equal(c.phone, '+33 1 23 45 67 89');
    const row = await db.kysely.selectFrom('people').select('phoneE164').where('id', '=', c.id).executeTakeFirstOrThrow();
    assert.equal(row.phoneE164, '+33123456789');
  });

  it('updates, deactivates and deletes; an edit clears the import marker that undo relies on', async () => {
    const c = await createPerson(db, 'customers', { email: 'edit.me@example.net', firstName: 'Ed', lastName: 'It' });
    await db.kysely.updateTable('people').set({ importId: 42 }).where('id', '=', c.id).execute();
    const updated = await updatePerson(db, 'customers', c.id, { city: 'Lyon' });
    assert.equal(updated.city, 'Lyon');
    const marker = await db.kysely.selectFrom('people').select('importId').where('id', '=', c.id).executeTakeFirstOrThrow();
    assert.equal(marker.importId, null);
    assert.equal((await deactivatePerson(db, 'customers', c.id)).status, 'deactivated');
    await deletePerson(db, 'customers', c.id);
    await assert.rejects(getPerson(db, 'customers', c.id), /was not found/);
  });

  it('lists with pagination, search by name or email, sort and status filter', async () => {
    for (let i = 0; i < 12; i++) {
      await createPerson(db, 'customers', {
        email: `page${String(i).padStart(2, '0')}@paging.example`,
        firstName: `Page`,
        lastName: `Person${String(i).padStart(2, '0')}`,
      });
    }
    const first = await listPeople(db, 'customers', { search: 'paging.example', pageSize: 5, sort: 'email' });
    assert.equal(first.total, 12);
    assert.deepEqual(
      first.items.map((p) => p.email),
      ['page00', 'page01', 'page02', 'page03', 'page04'].map((e) => `${e}@paging.example`),
    );
    const third = await listPeople(db, 'customers', { search: 'paging.example', pageSize: 5, page: 3, sort: 'email' });
    assert.deepEqual(
      third.items.map((p) => p.email),
      ['page10@paging.example', 'page11@paging.example'],
    );
    const byName = await listPeople(db, 'customers', { search: 'page person07' });
    assert.deepEqual(
      byName.items.map((p) => p.lastName),
      ['Person07'],
    );
    const desc = await listPeople(db, 'customers', { search: 'paging', sort: 'email', order: 'desc', pageSize: 1 });
    assert.equal(desc.items[0]!.email, 'page11@paging.example');
    const users = await listPeople(db, 'users', { search: 'paging' });
    assert.equal(users.total, 0, 'customers never show among users');
  });

  it('counts with the expression index in place (sanity check of the schema)', async () => {
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM people WHERE lower(email) = ${'zoe.zhang@example.com'}`.execute(
      db.kysely,
    );
    assert.equal(Number(rows[0]!.n), 1);
  });
});
