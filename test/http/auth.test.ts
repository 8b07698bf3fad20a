import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiToken } from '../../src/db/repositories/auth.js';
import { buildApp } from '../../src/http/app.js';
import { TEST_DIALECT } from '../support/database.js';
import { ADMIN, callServer, cookieFrom, signInAgent, startTestServer, type TestServer } from './helpers.js';

describe(`HTTP sign-in and roles (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;

  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  it('is public only where it must be: health, setup status, docs', async () => {
    const health = await server.call('GET', '/api/health');
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { ok: true, database: TEST_DIALECT });
    const docs = await server.call('GET', '/api/docs/json');
    assert.equal(docs.status, 200);
    assert.ok(docs.body.paths['/api/customers'], 'the OpenAPI document lists /api/customers');
    assert.ok(docs.body.paths['/api/customers/{id}'].patch.requestBody, 'routes carry their body schema');
    const ui = await server.call('GET', '/api/docs');
    assert.equal(ui.status, 200);
    assert.match(ui.body, /swagger/i);
  });

  it('refuses sign-in before setup and says setup is needed', async () => {
    assert.deepEqual((await server.call('GET', '/api/setup')).body, { needsSetup: true });
    const answer = await server.call('POST', '/api/session', { body: ADMIN });
    assert.equal(answer.status, 409);
    assert.equal(answer.body.error.code, 'setup_required');
  });

  it('answers 401 without a session or token, on every kind of route', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/me'],
      ['GET', '/api/users'],
      ['GET', '/api/customers'],
      ['GET', '/api/customers/1'],
      ['POST', '/api/customers', { email: 'x@example.com', firstName: 'X', lastName: 'Y' }],
      ['GET', '/api/organizations'],
      ['GET', '/api/tickets'],
      ['DELETE', '/api/tickets/1'],
      ['GET', '/api/properties/customers'],
      ['GET', '/api/settings'],
      ['GET', '/api/no-such-route'],
    ];
    for (const [method, path, body] of routes) {
      const answer = await server.call(method, path, body === undefined ? {} : { body });
      assert.equal(answer.status, 401, `${method} ${path}`);
      assert.equal(answer.body.error.code, 'unauthorized', `${method} ${path}`);
      assert.match(answer.body.error.message, /sign in/i);
    }
    const forged = await server.call('GET', '/api/users', { cookie: 'roster_session=forged', token: undefined });
    assert.equal(forged.status, 401);
  });

  it('sets up the first admin once, signed in with a safe cookie', async () => {
    const answer = await server.call('POST', '/api/setup', { body: { ...ADMIN, firstName: 'Ada', lastName: 'Admin' } });
    assert.equal(answer.status, 200);
    assert.deepEqual({ ...answer.body.user, id: 0 }, { id: 0, email: ADMIN.email, role: 'admin', firstName: 'Ada', lastName: 'Admin' });
    const setCookie = answer.headers.getSetCookie()[0]!;
    assert.match(setCookie, /^roster_session=[\w-]{20,};/);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    assert.match(setCookie, /Path=\//);
    assert.doesNotMatch(setCookie, /Secure/, 'plain http without ROSTER_SECURE_COOKIES');
    admin = cookieFrom(answer.headers)!;

    assert.deepEqual((await server.call('GET', '/api/setup')).body, { needsSetup: false });
    const again = await server.call('POST', '/api/setup', { body: { email: 'intruder@example.com', password: 'another long password' } });
    assert.equal(again.status, 409);
    assert.match(again.body.error.message, /already set up/);
    const me = await server.call('GET', '/api/me', { cookie: admin });
    assert.equal(me.body.user.email, ADMIN.email);
  });

  it('signs in with a cookie, then knows who is signed in', async () => {
    const answer = await server.call('POST', '/api/session', { body: { email: 'ADMIN@example.com', password: ADMIN.password } });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.user.role, 'admin');
    const cookie = cookieFrom(answer.headers)!;
    assert.notEqual(cookie, admin, 'each sign-in is a new session');
    const me = await server.call('GET', '/api/me', { cookie });
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.user, answer.body.user);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    for (const body of [
      { email: ADMIN.email, password: 'wrong password!!' },
      { email: 'nobody@example.com', password: ADMIN.password },
    ]) {
      const answer = await server.call('POST', '/api/session', { body });
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.body, { error: { code: 'unauthorized', message: 'The email or password is wrong.' } });
      assert.equal(answer.headers.getSetCookie().length, 0);
    }
    const empty = await server.call('POST', '/api/session', { body: { email: ADMIN.email } });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.error.field, 'password');
  });

  it('accepts an API token as a bearer token, and rejects a bad one', async () => {
    const token = await createApiToken(server.db, ADMIN.email, 'test');
    const me = await server.call('GET', '/api/me', { token });
    assert.equal(me.status, 200);
    assert.equal(me.body.user.email, ADMIN.email);
    const list = await server.call('GET', '/api/users', { token });
    assert.equal(list.status, 200);
    const bad = await server.call('GET', '/api/me', { token: token + 'x' });
    assert.equal(bad.status, 401);
    assert.match(bad.body.error.message, /token/);
  });

  it('signs out: the cookie stops working', async () => {
    const signIn = await server.call('POST', '/api/session', { body: ADMIN });
    const cookie = cookieFrom(signIn.headers)!;
    const out = await server.call('DELETE', '/api/session', { cookie });
    assert.equal(out.status, 204);
    assert.match(out.headers.getSetCookie()[0]!, /roster_session=;/);
    assert.equal((await server.call('GET', '/api/me', { cookie })).status, 401);
    assert.equal((await server.call('GET', '/api/me', { cookie: admin })).status, 200, 'other sessions go on');
  });

  it('lets an agent read and edit people but not do what only an admin may', async () => {
    const agent = await signInAgent(server, admin);
    const created = await server.call('POST', '/api/customers', {
      cookie: agent.cookie,
      body: { email: 'carla@client.example', firstName: 'Carla', lastName: 'Client' },
    });
    assert.equal(created.status, 201);
    const id = created.body.id;
    assert.equal((await server.call('GET', '/api/customers', { cookie: agent.cookie })).status, 200);
    assert.equal((await server.call('GET', `/api/customers/${id}`, { cookie: agent.cookie })).status, 200);
    const edited = await server.call('PATCH', `/api/customers/${id}`, { cookie: agent.cookie, body: { city: 'Lyon' } });
    assert.equal(edited.status, 200);
    assert.equal(edited.body.city, 'Lyon');
    const user = await server.call('POST', '/api/users', {
      cookie: agent.cookie,
      body: { email: 'newbie@example.com', firstName: 'New', lastName: 'Bie' },
    });
    assert.equal(user.status, 201);
    assert.equal(user.body.role, 'agent');
    assert.equal((await server.call('POST', `/api/customers/${id}/deactivate`, { cookie: agent.cookie })).status, 200);
    assert.equal((await server.call('GET', '/api/settings', { cookie: agent.cookie })).status, 200);
    assert.equal((await server.call('GET', '/api/properties/customers', { cookie: agent.cookie })).status, 200);

    const adminId = (await server.call('GET', '/api/me', { cookie: admin })).body.user.id;
    const forbidden: [string, string, unknown?][] = [
      ['DELETE', `/api/customers/${id}`],
      ['DELETE', `/api/users/${user.body.id}`],
      ['POST', '/api/properties/customers', { key: 'tier', label: 'Tier', type: 'text' }],
      ['PATCH', '/api/properties/customers/tier', { label: 'Level' }],
      ['PATCH', '/api/settings', { autoCreateOrganizations: false }],
      ['POST', `/api/users/${user.body.id}/password`, { password: 'a long enough password' }],
      ['PATCH', `/api/users/${agent.id}`, { role: 'admin' }],
      ['POST', `/api/users/${adminId}/deactivate`],
      ['PATCH', `/api/users/${adminId}`, { email: 'taken-over@example.com' }],
    ];
    for (const [method, path, body] of forbidden) {
      const answer = await server.call(method, path, body === undefined ? { cookie: agent.cookie } : { cookie: agent.cookie, body });
      assert.equal(answer.status, 403, `${method} ${path}`);
      assert.equal(answer.body.error.code, 'forbidden');
      assert.match(answer.body.error.message, /^Only an admin may /);
    }
    assert.equal((await server.call('GET', `/api/customers/${id}`, { cookie: agent.cookie })).status, 200, 'the delete did not happen');
    assert.equal((await server.call('GET', '/api/me', { cookie: agent.cookie })).body.user.role, 'agent');
    assert.equal((await server.call('DELETE', `/api/customers/${id}`, { cookie: admin })).status, 204, 'an admin may delete');
  });

  it('ends the access of a deactivated user at once', async () => {
    const agent = await signInAgent(server, admin, 'leaver@example.com');
    assert.equal((await server.call('GET', '/api/me', { cookie: agent.cookie })).status, 200);
    assert.equal((await server.call('POST', `/api/users/${agent.id}/deactivate`, { cookie: admin })).status, 200);
    assert.equal((await server.call('GET', '/api/me', { cookie: agent.cookie })).status, 401);
    const again = await server.call('POST', '/api/session', { body: { email: 'leaver@example.com', password: 'agent password 123' } });
    assert.equal(again.status, 401);
  });

  it('keeps no session in the app: a second app on the same database accepts the cookie', async () => {
    const other = await buildApp({ db: server.db, config: server.test.config, secureCookies: true });
    try {
      await other.listen({ port: 0, host: '127.0.0.1' });
      const address = other.server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const me = await callServer(url, 'GET', '/api/me', { cookie: admin });
      assert.equal(me.status, 200);
      assert.equal(me.body.user.email, ADMIN.email);
      const signIn = await callServer(url, 'POST', '/api/session', { body: ADMIN });
      assert.match(signIn.headers.getSetCookie()[0]!, /; Secure/, 'secureCookies marks the cookie Secure');
    } finally {
      await other.close();
    }
  });
});

describe(`HTTP first-run setup under a race (${TEST_DIALECT})`, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  it('of two simultaneous setups exactly one creates an admin; the other is a conflict', async () => {
    const answers = await Promise.all(
      ['first@example.com', 'second@example.com'].map((email) =>
        fetch(server.baseUrl + '/api/setup', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: 'a long enough password' }),
        }).then(async (response) => ({ status: response.status, body: (await response.json()) as { error?: { message: string } } })),
      ),
    );
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409], JSON.stringify(answers));
    assert.match(answers.find((a) => a.status === 409)!.body.error!.message, /already set up/);
    const admins = await server.db.kysely.selectFrom('people').select('email').where('role', '=', 'admin').execute();
    assert.equal(admins.length, 1, JSON.stringify(admins));
    const people = await server.db.kysely.selectFrom('people').select('email').execute();
    assert.equal(people.length, 1, 'the losing setup left no user behind');
  });

  it('never reopens once an admin existed, even with no admin left, and never touches an account', async () => {
    // However the last admin went (the API and imports refuse it; a hand-edited database need not).
    await server.db.kysely.updateTable('people').set({ role: 'agent' }).execute();
    assert.deepEqual((await server.call('GET', '/api/setup')).body, { needsSetup: false });
    const before = await server.db.kysely.selectFrom('people').select(['email', 'passwordHash', 'role']).orderBy('id').execute();
    const owner = before[0]!;
    const answer = await server.call('POST', '/api/setup', { body: { email: owner.email, password: 'the intruder password' } });
    assert.equal(answer.status, 409);
    assert.match(answer.body.error.message, /already set up/);
    assert.equal(answer.headers.getSetCookie().length, 0, 'no session for the intruder');
    const after = await server.db.kysely.selectFrom('people').select(['email', 'passwordHash', 'role']).orderBy('id').execute();
    assert.deepEqual(after, before);
  });
});
