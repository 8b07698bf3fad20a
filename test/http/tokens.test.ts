import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECT } from '../support/database.js';
import { ADMIN, cookieFrom, setUpAdmin, signInAgent, startTestServer, type TestServer } from './helpers.js';

describe(`HTTP password changes and API tokens (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;

  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
  });
  after(async () => {
    await server.close();
  });

  it('signs a user out everywhere when an admin sets their password', async () => {
    const agent = await signInAgent(server, admin, 'moved@example.com');
    const second = await server.call('POST', '/api/session', { body: { email: 'moved@example.com', password: 'agent password 123' } });
    const cookies = [agent.cookie, cookieFrom(second.headers)!];
    for (const cookie of cookies) assert.equal((await server.call('GET', '/api/me', { cookie })).status, 200);
    const set = await server.call('POST', `/api/users/${agent.id}/password`, {
      cookie: admin,
      body: { password: 'a fresh long password' },
    });
    assert.equal(set.status, 204);
    for (const cookie of cookies) assert.equal((await server.call('GET', '/api/me', { cookie })).status, 401);
    assert.equal((await server.call('GET', '/api/me', { cookie: admin })).status, 200, "the admin's own session goes on");
  });

  it('keeps the session an admin changes their own password from, and ends their others', async () => {
    const other = cookieFrom((await server.call('POST', '/api/session', { body: ADMIN })).headers)!;
    const me = (await server.call('GET', '/api/me', { cookie: admin })).body.user.id;
    const set = await server.call('POST', `/api/users/${me}/password`, { cookie: admin, body: { password: ADMIN.password + '!' } });
    assert.equal(set.status, 204);
    assert.equal((await server.call('GET', '/api/me', { cookie: admin })).status, 200);
    assert.equal((await server.call('GET', '/api/me', { cookie: other })).status, 401);
    const back = await server.call('POST', `/api/users/${me}/password`, { cookie: admin, body: { password: ADMIN.password } });
    assert.equal(back.status, 204);
  });

  it('lets an admin create, list and revoke tokens; a revoked token is refused', async () => {
    const mine = await server.call('POST', '/api/tokens', { cookie: admin, body: { name: 'backup' } });
    assert.equal(mine.status, 201);
    assert.match(mine.body.token, /^rst_/);
    assert.equal(mine.body.email, ADMIN.email, 'the caller by default');
    assert.equal(mine.body.expiresAt, null);
    assert.equal((await server.call('GET', '/api/me', { token: mine.body.token })).body.user.email, ADMIN.email);

    await signInAgent(server, admin, 'scripted@example.com');
    const theirs = await server.call('POST', '/api/tokens', {
      cookie: admin,
      body: { name: 'nightly', email: 'scripted@example.com', expiresInDays: 30 },
    });
    assert.equal(theirs.status, 201);
    const days = (Date.parse(theirs.body.expiresAt) - Date.now()) / 86_400_000;
    assert.ok(days > 29.9 && days <= 30, `expires in ${days} days`);
    assert.equal((await server.call('GET', '/api/me', { token: theirs.body.token })).body.user.email, 'scripted@example.com');

    const listed = await server.call('GET', '/api/tokens', { cookie: admin });
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.items.map((t: { name: string; email: string }) => `${t.name} ${t.email}`),
      [`backup ${ADMIN.email}`, 'nightly scripted@example.com'],
    );
    assert.doesNotMatch(JSON.stringify(listed.body), /rst_/, 'never the tokens themselves');
    const filtered = await server.call('GET', '/api/tokens?email=scripted@example.com', { token: mine.body.token });
    assert.deepEqual(
      filtered.body.items.map((t: { name: string }) => t.name),
      ['nightly'],
    );

    assert.equal((await server.call('DELETE', `/api/tokens/${theirs.body.id}`, { token: mine.body.token })).status, 204);
    const refused = await server.call('GET', '/api/me', { token: theirs.body.token });
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error.code, 'unauthorized');
    assert.equal((await server.call('DELETE', `/api/tokens/${theirs.body.id}`, { cookie: admin })).status, 404);
  });

  it('refuses an expired token', async () => {
    const created = await server.call('POST', '/api/tokens', { cookie: admin, body: { name: 'short', expiresInDays: 1 } });
    assert.equal((await server.call('GET', '/api/me', { token: created.body.token })).status, 200);
    await server.db.kysely
      .updateTable('apiTokens')
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', created.body.id)
      .execute();
    const refused = await server.call('GET', '/api/me', { token: created.body.token });
    assert.equal(refused.status, 401);
  });

  it('keeps tokens to admins, and checks what it is given', async () => {
    const agent = await signInAgent(server, admin, 'curious@example.com');
    for (const [method, path, body] of [
      ['GET', '/api/tokens', undefined],
      ['POST', '/api/tokens', { name: 'mine' }],
      ['DELETE', '/api/tokens/1', undefined],
    ] as const) {
      const answer = await server.call(method, path, body === undefined ? { cookie: agent.cookie } : { cookie: agent.cookie, body });
      assert.equal(answer.status, 403, `${method} ${path}`);
      assert.match(answer.body.error.message, /^Only an admin may .*API tokens\.$/);
    }
    const unnamed = await server.call('POST', '/api/tokens', { cookie: admin, body: { name: '' } });
    assert.equal(unnamed.status, 400);
    assert.equal(unnamed.body.error.field, 'name');
    const forever = await server.call('POST', '/api/tokens', { cookie: admin, body: { name: 'x', expiresInDays: 0 } });
    assert.equal(forever.status, 400);
    const nobody = await server.call('POST', '/api/tokens', { cookie: admin, body: { name: 'x', email: 'nobody@example.com' } });
    assert.equal(nobody.status, 404);
    const docs = await server.call('GET', '/api/docs/json');
    assert.ok(docs.body.paths['/api/tokens'].post.requestBody, 'the routes are in the OpenAPI description');
    assert.ok(docs.body.paths['/api/tokens/{id}'].delete);
  });
});
