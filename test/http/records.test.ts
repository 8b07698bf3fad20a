import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECT } from '../support/database.js';
import { setUpAdmin, signInAgent, startTestServer, type TestServer } from './helpers.js';

describe(`HTTP organizations, tickets and settings (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;
  const as = () => ({ cookie: admin });

  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
  });
  after(async () => {
    await server.close();
  });

  it('creates, reads, changes, lists and deletes organizations', async () => {
    const created = await server.call('POST', '/api/organizations', {
      ...as(),
      body: { name: 'Globex', domains: ['globex.example', '@GLOBEX.test'] },
    });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.domains, ['globex.example', 'globex.test']);
    const id = created.body.id;
    assert.equal((await server.call('GET', `/api/organizations/${id}`, as())).body.name, 'Globex');

    const duplicate = await server.call('POST', '/api/organizations', { ...as(), body: { name: 'globex' } });
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.error.field, 'name');
    const badDomain = await server.call('POST', '/api/organizations', { ...as(), body: { name: 'Initech', domains: ['not a domain'] } });
    assert.equal(badDomain.status, 400);
    assert.equal(badDomain.body.error.field, 'domains');
    const noName = await server.call('POST', '/api/organizations', { ...as(), body: { domains: [] } });
    assert.equal(noName.status, 400);
    assert.equal(noName.body.error.field, 'name');
    const stray = await server.call('POST', '/api/organizations', { ...as(), body: { name: 'Stray', colour: 'red' } });
    assert.equal(stray.status, 400);
    assert.equal(stray.body.error.field, 'colour');

    // A customer from a domain the organization owns joins it.
    const customer = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'hank@globex.test', firstName: 'Hank', lastName: 'Scorpio' },
    });
    assert.equal(customer.body.organization, 'Globex');
    assert.equal(customer.body.organizationId, id);

    const renamed = await server.call('PATCH', `/api/organizations/${id}`, { ...as(), body: { name: 'Globex Corporation' } });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, 'Globex Corporation');
    assert.deepEqual(renamed.body.domains, ['globex.example', 'globex.test'], 'domains untouched when absent');
    const list = await server.call('GET', '/api/organizations?search=corporation', as());
    assert.equal(list.body.total, 1);

    assert.equal((await server.call('DELETE', `/api/organizations/${id}`, as())).status, 204);
    assert.equal((await server.call('GET', `/api/organizations/${id}`, as())).status, 404);
    assert.equal((await server.call('PATCH', '/api/organizations/99999', { ...as(), body: { name: 'X' } })).status, 404);
  });

  it('accepts and returns custom organization properties, naming a bad one', async () => {
    const added = await server.call('POST', '/api/properties/organizations', {
      ...as(),
      body: { key: 'contractValue', label: 'Contract Value', type: 'number' },
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    await server.call('POST', '/api/properties/organizations', { ...as(), body: { key: 'vipSince', label: 'VIP Since', type: 'date' } });

    const created = await server.call('POST', '/api/organizations', {
      ...as(),
      body: { name: 'Hooli', domains: ['hooli.test'], contractValue: '0042.50', vipSince: '2024-02-29' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.contractValue, 42.5);
    assert.equal(created.body.vipSince, '2024-02-29');
    const id = created.body.id;

    const changed = await server.call('PATCH', `/api/organizations/${id}`, { ...as(), body: { contractValue: 7, vipSince: null } });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.contractValue, 7);
    assert.equal(changed.body.vipSince, null);
    assert.equal(changed.body.name, 'Hooli');

    const read = await server.call('GET', `/api/organizations/${id}`, as());
    assert.equal(read.body.contractValue, 7);
    const listed = await server.call('GET', '/api/organizations?search=hooli', as());
    assert.equal(listed.body.items[0].contractValue, 7);

    const bad = await server.call('PATCH', `/api/organizations/${id}`, { ...as(), body: { contractValue: 'lots' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'contractValue');
    assert.match(bad.body.error.message, /Contract Value: "lots" is not a number/);
    const notAValue = await server.call('PATCH', `/api/organizations/${id}`, { ...as(), body: { contractValue: { amount: 1 } } });
    assert.equal(notAValue.status, 400);
    assert.equal(notAValue.body.error.field, 'contractValue');
  });

  it('creates tickets for a customer and an assignee, and filters them', async () => {
    const customer = (
      await server.call('POST', '/api/customers', { ...as(), body: { email: 'tess@client.example', firstName: 'Tess', lastName: 'Ter' } })
    ).body;
    const me = (await server.call('GET', '/api/me', as())).body.user;
    const first = await server.call('POST', '/api/tickets', {
      ...as(),
      body: { title: 'Printer on fire', customerEmail: 'TESS@client.example', assigneeEmail: me.email, priority: 'urgent' },
    });
    assert.equal(first.status, 201);
    assert.equal(first.body.number, 1);
    assert.equal(first.body.customerEmail, 'tess@client.example');
    assert.equal(first.body.status, 'open');
    const second = await server.call('POST', '/api/tickets', { ...as(), body: { title: 'Password reset', status: 'pending' } });
    assert.equal(second.body.number, 2);

    const noTitle = await server.call('POST', '/api/tickets', { ...as(), body: { description: 'no title' } });
    assert.equal(noTitle.status, 400);
    assert.equal(noTitle.body.error.field, 'title');
    const nobody = await server.call('POST', '/api/tickets', { ...as(), body: { title: 'x', customerEmail: 'ghost@nowhere.example' } });
    assert.equal(nobody.status, 400);
    assert.equal(nobody.body.error.field, 'customerEmail');

    const byCustomer = await server.call('GET', `/api/tickets?customerId=${customer.id}`, as());
    assert.deepEqual(
      byCustomer.body.items.map((t: { title: string }) => t.title),
      ['Printer on fire'],
    );
    const byAssignee = await server.call('GET', `/api/tickets?assigneeId=${me.id}`, as());
    assert.equal(byAssignee.body.total, 1);
    const pending = await server.call('GET', '/api/tickets?status=pending', as());
    assert.deepEqual(
      pending.body.items.map((t: { number: number }) => t.number),
      [2],
    );
    const search = await server.call('GET', '/api/tickets?search=PRINTER', as());
    assert.equal(search.body.total, 1);
    const all = await server.call('GET', '/api/tickets?sort=number&order=asc', as());
    assert.deepEqual(
      all.body.items.map((t: { number: number }) => t.number),
      [1, 2],
    );

    const agent = await signInAgent(server, admin);
    const resolved = await server.call('PATCH', `/api/tickets/${first.body.id}`, {
      cookie: agent.cookie,
      body: { status: 'resolved', assigneeEmail: null },
    });
    assert.equal(resolved.status, 200);
    assert.equal(resolved.body.status, 'resolved');
    assert.equal(resolved.body.assigneeEmail, null);
    assert.equal((await server.call('DELETE', `/api/tickets/${first.body.id}`, { cookie: agent.cookie })).status, 403);
    assert.equal((await server.call('DELETE', `/api/tickets/${first.body.id}`, as())).status, 204);
    assert.equal((await server.call('GET', `/api/tickets/${first.body.id}`, as())).status, 404);
  });

  it('reads and changes the settings, naming a bad field', async () => {
    assert.deepEqual((await server.call('GET', '/api/settings', as())).body, { autoCreateOrganizations: true, defaultCountry: null });
    const changed = await server.call('PATCH', '/api/settings', {
      ...as(),
      body: { defaultCountry: 'fr', autoCreateOrganizations: false },
    });
    assert.equal(changed.status, 200);
    assert.deepEqual(changed.body, { autoCreateOrganizations: false, defaultCountry: 'FR' });
    const bad = await server.call('PATCH', '/api/settings', { ...as(), body: { defaultCountry: 'France' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'defaultCountry');
    const wrongType = await server.call('PATCH', '/api/settings', { ...as(), body: { autoCreateOrganizations: 'sometimes' } });
    assert.equal(wrongType.body.error.field, 'autoCreateOrganizations');
    assert.match(wrongType.body.error.message, /true or false/);
    const notJson = await fetch(server.baseUrl + '/api/settings', {
      method: 'PATCH',
      headers: { cookie: admin, origin: server.baseUrl, 'content-type': 'application/json' },
      body: '{"defaultCountry":',
    });
    assert.equal(notJson.status, 400);
    assert.equal(((await notJson.json()) as { error: { code: string } }).error.code, 'validation');
    // With the setting off, a customer from a new company domain joins no organization.
    const customer = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'lone@newco.example', firstName: 'Lone', lastName: 'Wolf' },
    });
    assert.equal(customer.body.organization, null);
  });
});
