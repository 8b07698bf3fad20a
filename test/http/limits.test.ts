import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECT } from '../support/database.js';
import { setUpAdmin, startTestServer, type TestServer } from './helpers.js';

describe(`HTTP value lengths (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;
  const as = () => ({ cookie: admin });

  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
  });
  after(() => server.close());

  it('refuses a 900 KB first name with a 400 naming the field and the limit', async () => {
    const answer = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'long@limits.example', firstName: 'x'.repeat(900_000), lastName: 'Long' },
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.code, 'validation');
    assert.equal(answer.body.error.field, 'firstName');
    assert.equal(answer.body.error.message, 'First Name: the value is 900,000 characters long, more than the 200 First Name can hold.');
  });

  it('applies the limits to updates, organizations and tickets too', async () => {
    const created = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'ok@limits.example', firstName: 'Ok', lastName: 'Fine', notes: 'n'.repeat(10_000) },
    });
    assert.equal(created.status, 201);
    const notes = await server.call('PATCH', `/api/customers/${created.body.id}`, { ...as(), body: { notes: 'n'.repeat(10_001) } });
    assert.deepEqual([notes.status, notes.body.error.field], [400, 'notes']);
    const organization = await server.call('POST', '/api/organizations', { ...as(), body: { name: 'O'.repeat(201) } });
    assert.deepEqual([organization.status, organization.body.error.field], [400, 'name']);
    const ticket = await server.call('POST', '/api/tickets', { ...as(), body: { title: 't'.repeat(1001) } });
    assert.deepEqual([ticket.status, ticket.body.error.field], [400, 'title']);
  });
});
