import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_DIALECT } from '../support/database.js';
import { setUpAdmin, signInAgent, startTestServer, type TestServer } from './helpers.js';

describe(`POST /api/{kind}/bulk (${TEST_DIALECT})`, () => {
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

  async function customers(...names: string[]): Promise<number[]> {
    const ids: number[] = [];
    for (const name of names) {
      const created = await server.call('POST', '/api/customers', {
        cookie,
        body: { firstName: name, lastName: 'Bulk', email: `${name}@bulk.example` },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      ids.push(created.body.id);
    }
    return ids;
  }

  async function status(kind: string, id: number): Promise<string | undefined> {
    const answer = await server.call('GET', `/api/${kind}/${id}`, { cookie });
    return answer.status === 404 ? undefined : answer.body.status;
  }

  it('deactivates every customer chosen, answering one outcome per id', async () => {
    const ids = await customers('ann', 'bob', 'cid');
    const answer = await server.call('POST', '/api/customers/bulk', { cookie, body: { action: 'deactivate', ids } });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(
      answer.body.results,
      ids.map((id) => ({ id, ok: true })),
    );
    assert.equal(answer.body.succeeded, 3);
    assert.equal(answer.body.failed, 0);
    for (const id of ids) assert.equal(await status('customers', id), 'deactivated');
  });

  it('deletes the ones that exist and names the one that does not, without stopping', async () => {
    const ids = await customers('dee', 'eli');
    const missing = ids[1]! + 1000;
    const answer = await server.call('POST', '/api/customers/bulk', { cookie, body: { action: 'delete', ids: [ids[0], missing, ids[1]] } });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(
      answer.body.results.map((r: { id: number; ok: boolean }) => [r.id, r.ok]),
      [
        [ids[0], true],
        [missing, false],
        [ids[1], true],
      ],
    );
    assert.equal(answer.body.results[1].code, 'not_found');
    assert.match(answer.body.results[1].message, new RegExp(`Customer ${missing} was not found`));
    assert.equal(await status('customers', ids[0]!), undefined);
    assert.equal(await status('customers', ids[1]!), undefined);
  });

  it('keeps the last active admin: that id fails with a sentence, the others are deactivated', async () => {
    const agent = await server.call('POST', '/api/users', {
      cookie,
      body: { email: 'sam@bulk.example', firstName: 'Sam', lastName: 'Agent', role: 'agent' },
    });
    assert.equal(agent.status, 201);
    const answer = await server.call('POST', '/api/users/bulk', { cookie, body: { action: 'deactivate', ids: [agent.body.id, adminId] } });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(answer.body.results[0], { id: agent.body.id, ok: true });
    assert.equal(answer.body.results[1].ok, false);
    assert.equal(answer.body.results[1].code, 'conflict');
    assert.match(answer.body.results[1].message, /is the last active admin.*make another user an admin first/);
    assert.equal(await status('users', agent.body.id), 'deactivated');
    assert.equal(await status('users', adminId), 'active');
  });

  it('refuses to delete the admin’s own account and deletes the rest', async () => {
    const other = await server.call('POST', '/api/users', {
      cookie,
      body: { email: 'tia@bulk.example', firstName: 'Tia', lastName: 'Agent', role: 'agent' },
    });
    const answer = await server.call('POST', '/api/users/bulk', { cookie, body: { action: 'delete', ids: [adminId, other.body.id] } });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.results[0].ok, false);
    assert.match(answer.body.results[0].message, /cannot delete your own account/);
    assert.deepEqual(answer.body.results[1], { id: other.body.id, ok: true });
    assert.equal(await status('users', adminId), 'active');
    assert.equal(await status('users', other.body.id), undefined);
  });

  it('lets an agent deactivate customers but not delete them', async () => {
    const agent = await signInAgent(server, cookie, 'alex@bulk.example');
    const ids = await customers('fay');
    const refused = await server.call('POST', '/api/customers/bulk', { cookie: agent.cookie, body: { action: 'delete', ids } });
    assert.equal(refused.status, 403);
    assert.match(refused.body.error.message, /Only an admin may delete customers/);
    assert.equal(await status('customers', ids[0]!), 'active');
    const deactivated = await server.call('POST', '/api/customers/bulk', { cookie: agent.cookie, body: { action: 'deactivate', ids } });
    assert.equal(deactivated.body.succeeded, 1);
  });

  it('refuses an unknown action or an empty selection, naming the field', async () => {
    const action = await server.call('POST', '/api/customers/bulk', { cookie, body: { action: 'archive', ids: [1] } });
    assert.equal(action.status, 400);
    assert.equal(action.body.error.field, 'action');
    const empty = await server.call('POST', '/api/customers/bulk', { cookie, body: { action: 'delete', ids: [] } });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.error.field, 'ids');
  });
});

describe(`People list filters (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let cookie: string;

  before(async () => {
    server = await startTestServer();
    cookie = await setUpAdmin(server);
  });
  after(async () => {
    await server.close();
  });

  it('filters users by role and status', async () => {
    for (const [email, role] of [
      ['one@roles.example', 'agent'],
      ['two@roles.example', 'admin'],
    ])
      assert.equal(
        (await server.call('POST', '/api/users', { cookie, body: { email, firstName: 'R', lastName: 'Role', role } })).status,
        201,
      );
    const agents = await server.call('GET', '/api/users?role=agent', { cookie });
    assert.deepEqual(
      agents.body.items.map((u: { email: string }) => u.email),
      ['one@roles.example'],
    );
    const admins = await server.call('GET', '/api/users?role=admin&status=active', { cookie });
    assert.deepEqual(admins.body.items.map((u: { email: string }) => u.email).sort(), ['admin@example.com', 'two@roles.example']);
    const bad = await server.call('GET', '/api/users?role=owner', { cookie });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'role');
  });

  it('filters customers by organization and status, and the search finds an organization and a phone', async () => {
    const made = [];
    for (const body of [
      { firstName: 'Olga', lastName: 'O', email: 'olga@orgs.example', organization: 'Northwind Traders', phone: '+1 415 555 0132' },
      { firstName: 'Otto', lastName: 'O', email: 'otto@orgs.example', organization: 'Northwind Traders' },
      { firstName: 'Pia', lastName: 'P', email: 'pia@else.example', organization: 'Contoso' },
    ]) {
      const created = await server.call('POST', '/api/customers', { cookie, body });
      assert.equal(created.status, 201);
      made.push(created.body);
    }
    await server.call('POST', `/api/customers/${made[1].id}/deactivate`, { cookie });
    const northwind = made[0].organizationId;
    const members = await server.call('GET', `/api/customers?organizationId=${northwind}&status=active`, { cookie });
    assert.deepEqual(
      members.body.items.map((c: { email: string }) => c.email),
      ['olga@orgs.example'],
    );
    const byOrganization = await server.call('GET', '/api/customers?search=northwind', { cookie });
    assert.deepEqual(byOrganization.body.items.map((c: { email: string }) => c.email).sort(), ['olga@orgs.example', 'otto@orgs.example']);
    const byPhone = await server.call('GET', `/api/customers?search=${encodeURIComponent('+1 (415) 555-0132')}`, { cookie });
    assert.deepEqual(
      byPhone.body.items.map((c: { email: string }) => c.email),
      ['olga@orgs.example'],
    );
  });
});
