import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECT } from '../support/database.js';
import { SAMPLES } from '../support/samples.js';
import { setUpAdmin, startTestServer, type TestServer, uploadFile } from './helpers.js';

/** Reads the import's event stream to its `done` event (the server ends the stream after it) and answers its report. */
async function doneReport(server: TestServer, cookie: string, id: number): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.baseUrl}/api/imports/${id}/events`, { headers: { cookie, accept: 'text/event-stream' } });
  assert.equal(response.status, 200);
  const text = await response.text();
  const done = /event: done\ndata: (.*)\n/.exec(text);
  assert.ok(done, `the stream ends with a done event: ${text.slice(-300)}`);
  return JSON.parse(done[1]!) as Record<string, unknown>;
}

describe(`HTTP: importing tickets links them to the people imported before (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;
  const as = () => ({ cookie: admin });

  /** Uploads, dry-runs with `body`, commits and answers the committed import's report. */
  async function importFile(bytes: Uint8Array | string, fileName: string, entity: string, body: Record<string, unknown> = {}) {
    const uploaded = await uploadFile(server.baseUrl, admin, bytes, { fileName: fileName, query: `entity=${entity}` });
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
    const dry = await server.call('POST', `/api/imports/${uploaded.body.id}/dry-run`, { ...as(), body });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    const started = await server.call('POST', `/api/imports/${dry.body.id}/commit`, as());
    assert.equal(started.status, 202, JSON.stringify(started.body));
    return doneReport(server, admin, dry.body.id as number);
  }

  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
  });
  after(async () => {
    await server.close();
  });

  it('tickets.csv after customers.csv and users.csv: the dry run counts the links, the commit keeps them and says who still waits', async () => {
    const customers = await importFile(fs.readFileSync(path.join(SAMPLES, 'customers.csv')), 'customers.csv', 'customers');
    assert.equal(customers.status, 'completed');
    assert.equal(customers.links, null, 'only a tickets import has links');
    const users = await importFile(fs.readFileSync(path.join(SAMPLES, 'users.csv')), 'users.csv', 'users');
    assert.equal(users.status, 'completed');

    const uploaded = await uploadFile(server.baseUrl, admin, fs.readFileSync(path.join(SAMPLES, 'tickets.csv')), {
      fileName: 'tickets.csv',
      query: 'entity=tickets',
    });
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
    assert.equal(uploaded.body.suggestedMapping['Created Date'], 'createdAt');
    assert.equal(uploaded.body.suggestedMapping['Customer Email'], 'customerEmail');
    const keys = (uploaded.body.properties as { key: string }[]).map((p) => p.key);
    for (const key of ['title', 'status', 'createdAt', 'updatedAt', 'customerName', 'messages']) assert.ok(keys.includes(key), key);

    const dry = await server.call('POST', `/api/imports/${uploaded.body.id}/dry-run`, { ...as(), body: {} });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.deepEqual([dry.body.status, dry.body.created, dry.body.failed], ['dry-run', 5, 0]);
    assert.deepEqual(dry.body.links, {
      linked: 4,
      unlinked: 1,
      assigned: 4,
      unassigned: 1,
      unlinkedRows: [5],
      unassignedRows: [6],
      customersCreated: 0,
      pendingCustomersLeft: 0,
      pendingAssigneesLeft: 0,
    });
    // The check over reads the dry run again: the links are in that answer too.
    const read = await server.call('GET', `/api/imports/${dry.body.id}`, as());
    assert.equal(read.body.links.unlinked, 1);
    assert.equal((await server.call('GET', '/api/tickets', as())).body.total, 0, 'a dry run writes no ticket');

    const started = await server.call('POST', `/api/imports/${dry.body.id}/commit`, as());
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const done = await doneReport(server, admin, dry.body.id);
    assert.deepEqual([done.status, done.created], ['completed', 5]);
    assert.deepEqual(done.links, {
      linked: 4,
      unlinked: 1,
      assigned: 4,
      unassigned: 1,
      unlinkedRows: [5],
      unassignedRows: [6],
      customersCreated: 0,
      pendingCustomersLeft: 1,
      pendingAssigneesLeft: 1,
    });
    const waiting = await server.call('GET', `/api/tickets?pending=true&importId=${dry.body.id}`, as());
    assert.deepEqual((waiting.body.items as { title: string }[]).map((t) => t.title).sort(), ['Question about plans', 'Refund request']);

    // In the list, links are as counted when the import ended (the pending counts are read for one report only).
    const list = await server.call('GET', '/api/imports?entity=tickets', as());
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.equal(list.body.items[0].links.linked, 4);
  });

  it('createMissingCustomers counts the customer a dry run would create, and is refused for a customers import', async () => {
    const uploaded = await uploadFile(server.baseUrl, admin, fs.readFileSync(path.join(SAMPLES, 'tickets.csv')), {
      fileName: 'tickets.csv',
      query: 'entity=tickets',
    });
    const dry = await server.call('POST', `/api/imports/${uploaded.body.id}/dry-run`, {
      ...as(),
      body: { createMissingCustomers: true },
    });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.equal(dry.body.options.createMissingCustomers, true);
    assert.deepEqual([dry.body.links.customersCreated, dry.body.links.linked, dry.body.links.unlinked], [1, 5, 0]);
    await server.call('DELETE', `/api/imports/${dry.body.id}`, as());

    const people = await uploadFile(server.baseUrl, admin, fs.readFileSync(path.join(SAMPLES, 'customers.csv')), {
      fileName: 'customers.csv',
      query: 'entity=customers',
    });
    const refused = await server.call('POST', `/api/imports/${people.body.id}/dry-run`, {
      ...as(),
      body: { createMissingCustomers: true },
    });
    assert.equal(refused.status, 400);
    assert.match(refused.body.error.message, /option of a tickets import only/);
  });

  it('valueMaps turns a status Roster does not know into one it does; a test sample’s remaining rows keep it', async () => {
    const csv = ['Title,Status,Priority', 'Printer jammed,Open,High', 'VPN down,Triage,Medium', 'Mail bounced,triage,Low'].join('\n');
    const uploaded = await uploadFile(server.baseUrl, admin, csv, { fileName: 'triage.csv', query: 'entity=tickets' });
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));

    const plain = await server.call('POST', `/api/imports/${uploaded.body.id}/dry-run`, { ...as(), body: {} });
    assert.deepEqual([plain.body.created, plain.body.failed], [1, 2]);
    assert.deepEqual(
      plain.body.errors.map((e: { row: number; column: string; code: string; value: string }) => [e.row, e.column, e.code, e.value]),
      [
        [3, 'Status', 'invalid_value', 'Triage'],
        [4, 'Status', 'invalid_value', 'triage'],
      ],
    );
    assert.match(plain.body.errors[0].message, /"Triage" is not one of open, pending, resolved, closed/);

    const wrong = await server.call('POST', `/api/imports/${plain.body.id}/dry-run`, {
      ...as(),
      body: { valueMaps: { Status: { Triage: 'urgent' } } },
    });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.code, 'import_mapping');
    assert.match(wrong.body.error.message, /use one of open, pending, resolved, closed/);

    // From the dry run's id, with a test sample of the first row: the rows after it are checked with the same values.
    const mapped = await server.call('POST', `/api/imports/${plain.body.id}/dry-run`, {
      ...as(),
      body: { valueMaps: { Status: { Triage: 'pending' } }, sample: 1 },
    });
    assert.equal(mapped.status, 200, JSON.stringify(mapped.body));
    assert.deepEqual(mapped.body.options.valueMaps, { Status: { triage: 'pending' } });
    assert.deepEqual([mapped.body.created, mapped.body.failed], [1, 0], 'the sample is the first row');
    await server.call('POST', `/api/imports/${mapped.body.id}/commit`, as());
    const sampleDone = await doneReport(server, admin, mapped.body.id);
    assert.equal(sampleDone.status, 'completed');

    const rest = await server.call('POST', `/api/imports/${mapped.body.id}/remaining`, as());
    assert.equal(rest.status, 200, JSON.stringify(rest.body));
    assert.deepEqual(rest.body.options.valueMaps, { Status: { triage: 'pending' } });
    assert.deepEqual([rest.body.created, rest.body.failed], [2, 0]);
    await server.call('POST', `/api/imports/${rest.body.id}/commit`, as());
    assert.equal((await doneReport(server, admin, rest.body.id)).created, 2);

    const tickets = await server.call('GET', '/api/tickets?search=VPN', as());
    assert.equal(tickets.body.items.length, 1);
    assert.equal(tickets.body.items[0].status, 'pending');
    assert.equal(tickets.body.items[0].priority, 'normal', 'Medium is a word Roster knows');
  });
});
