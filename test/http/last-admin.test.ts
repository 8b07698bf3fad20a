import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deletePerson, updatePerson } from '../../src/db/repositories/people.js';
import { TEST_DIALECT } from '../support/database.js';
import { ADMIN, setUpAdmin, startTestServer, type TestServer } from './helpers.js';

const LAST_ADMIN = /admin@example\.com is the last active admin.*make another user an admin first/;

describe(`The last active admin stays an admin (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let cookie: string;
  let adminId: number;

  before(async () => {
    server = await startTestServer();
    cookie = await setUpAdmin(server);
    adminId = (await server.call('GET', '/api/me', { cookie })).body.user.id;
  });
  after(async () => {
    await server.close();
  });

  async function adminRow() {
    return server.db.kysely
      .selectFrom('people')
      .select(['role', 'status', 'passwordHash'])
      .where('id', '=', adminId)
      .executeTakeFirstOrThrow();
  }

  it('refuses to demote the last admin through the API, with a sentence naming the role', async () => {
    const answer = await server.call('PATCH', `/api/users/${adminId}`, { cookie, body: { role: 'agent' } });
    assert.equal(answer.status, 409);
    assert.match(answer.body.error.message, LAST_ADMIN);
    assert.equal(answer.body.error.field, 'role');
    assert.equal((await adminRow()).role, 'admin');
  });

  it('refuses to deactivate the last admin, by the action or by the status field', async () => {
    const byAction = await server.call('POST', `/api/users/${adminId}/deactivate`, { cookie });
    assert.equal(byAction.status, 409);
    assert.match(byAction.body.error.message, LAST_ADMIN);
    const byField = await server.call('PATCH', `/api/users/${adminId}`, { cookie, body: { status: 'deactivated' } });
    assert.equal(byField.status, 409);
    assert.equal(byField.body.error.field, 'status');
    assert.equal((await adminRow()).status, 'active');
  });

  it('still lets the last admin edit their own name', async () => {
    const answer = await server.call('PATCH', `/api/users/${adminId}`, { cookie, body: { firstName: 'Adela', role: 'admin' } });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.firstName, 'Adela');
  });

  it('refuses to delete the last admin in the library the CLI and the API share', async () => {
    await assert.rejects(() => deletePerson(server.db, 'users', adminId), LAST_ADMIN);
    assert.equal((await adminRow()).role, 'admin');
  });

  it('of two admins demoting each other at the same moment, one is refused', async () => {
    const second = await server.call('POST', '/api/users', {
      cookie,
      body: { email: 'second@example.com', firstName: 'Sam', lastName: 'Second', role: 'admin' },
    });
    assert.equal(second.status, 201);
    const password = 'second admin password';
    assert.equal((await server.call('POST', `/api/users/${second.body.id}/password`, { cookie, body: { password } })).status, 204);
    // Straight through the library, so that both transactions really overlap on PostgreSQL.
    const results = await Promise.allSettled([
      updatePerson(server.db, 'users', second.body.id, { role: 'agent' }),
      updatePerson(server.db, 'users', adminId, { role: 'agent' }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected')!;
    assert.match(String(refused.reason), /is the last active admin/);
    const admins = await server.db.kysely
      .selectFrom('people')
      .select('email')
      .where('role', '=', 'admin')
      .where('status', '=', 'active')
      .execute();
    assert.equal(admins.length, 1, JSON.stringify(admins));
  });

  it('keeps setup closed for good, and the owner can still sign in', async () => {
    assert.deepEqual((await server.call('GET', '/api/setup')).body, { needsSetup: false });
    const takeover = await server.call('POST', '/api/setup', { body: { email: ADMIN.email, password: 'the intruder password' } });
    assert.equal(takeover.status, 409);
    assert.equal((await server.call('POST', '/api/session', { body: ADMIN })).status, 200);
  });
});

describe(`First-run setup never touches an existing account (${TEST_DIALECT})`, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  it('refuses an email that already belongs to someone, and stays open for another', async () => {
    // A person imported or created before the first admin, e.g. with the CLI.
    const t = new Date().toISOString();
    await server.db.kysely
      .insertInto('people')
      .values({
        kind: 'user',
        email: 'early@example.com',
        firstName: 'Early',
        lastName: 'Bird',
        role: 'agent',
        status: 'active',
        createdAt: t,
        updatedAt: t,
      })
      .execute();
    const answer = await server.call('POST', '/api/setup', { body: { email: 'Early@Example.com', password: 'a long enough password' } });
    assert.equal(answer.status, 409);
    assert.equal(answer.body.error.field, 'email');
    assert.match(answer.body.error.message, /already belongs to someone/);
    const early = await server.db.kysely
      .selectFrom('people')
      .select(['role', 'passwordHash'])
      .where('email', '=', 'early@example.com')
      .executeTakeFirstOrThrow();
    assert.deepEqual(early, { role: 'agent', passwordHash: null });
    assert.deepEqual((await server.call('GET', '/api/setup')).body, { needsSetup: true });
    assert.equal((await server.call('POST', '/api/setup', { body: { ...ADMIN } })).status, 200);
    assert.deepEqual((await server.call('GET', '/api/setup')).body, { needsSetup: false });
  });
});
