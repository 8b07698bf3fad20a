import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import { ticketFilter, type TicketListOptions } from '../../src/db/repositories/tickets.js';
import { TEST_DIALECT } from '../support/database.js';
import { setUpAdmin, signInAgent, startTestServer, type TestServer } from './helpers.js';

/** The list filters an agent works with, the pending links of imported tickets, and assigning and moving a ticket. */
describe(`ticket list filters (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;
  let agent: { id: number; cookie: string };
  const as = () => ({ cookie: admin });
  const ids = { bea: 0, carol: 0, dan: 0 };
  /** Ticket number → id. */
  const ticket: Record<number, number> = {};

  /** The numbers of the tickets `query` lists, in the list's order (newest first), checking total against them. */
  async function numbers(query: string): Promise<number[]> {
    const answer = await server.call('GET', `/api/tickets?pageSize=100&${query}`, as());
    assert.equal(answer.status, 200, `${query}: ${JSON.stringify(answer.body)}`);
    assert.equal(answer.body.total, answer.body.items.length, `${query}: the count and the page share their filter`);
    return answer.body.items.map((t: { number: number }) => t.number);
  }

  async function create(kind: 'users' | 'customers', body: Record<string, unknown>): Promise<number> {
    const answer = await server.call('POST', `/api/${kind}`, { ...as(), body });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return answer.body.id;
  }

  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
    agent = await signInAgent(server, admin, 'alex@staff.example');
    ids.bea = await create('users', { email: 'bea@staff.example', firstName: 'Bea', lastName: 'Berg', role: 'agent' });
    ids.carol = await create('customers', { email: 'carol@acme.example', firstName: 'Carol', lastName: 'Shaw' });
    ids.dan = await create('customers', { email: 'dan@acme.example', firstName: 'Dan', lastName: 'Dale' });
    const tickets = [
      { title: 'Printer jammed', status: 'open', customerEmail: 'carol@acme.example', assigneeEmail: 'alex@staff.example' },
      { title: 'VPN down', status: 'pending', customerEmail: 'dan@acme.example', assigneeEmail: 'bea@staff.example' },
      { title: 'Password reset', status: 'resolved', customerEmail: 'carol@acme.example' },
      { title: 'Invoice question', status: 'open', externalId: 'ZD-1001' },
      { title: 'Laptop replacement', status: 'closed', customerEmail: 'dan@acme.example', externalId: 'ZD-1002' },
      { title: 'Printer toner', status: 'open', customerEmail: 'carol@acme.example', assigneeEmail: 'alex@staff.example' },
    ];
    for (const body of tickets) {
      const answer = await server.call('POST', '/api/tickets', { ...as(), body });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      ticket[answer.body.number] = answer.body.id;
    }
    assert.deepEqual(Object.keys(ticket).map(Number), [1, 2, 3, 4, 5, 6]);
    // What the ticket import leaves behind: tickets created by imports 41 and 42, two of them
    // waiting for a person who does not exist yet. Written directly, as the import writes them.
    const mark = (number: number, set: { createdImportId: number; pendingCustomerEmail?: string; pendingAssigneeEmail?: string }) =>
      server.db.kysely.updateTable('tickets').set(set).where('number', '=', number).execute();
    await mark(4, { createdImportId: 41, pendingCustomerEmail: 'erin@newco.example' });
    await mark(5, { createdImportId: 42, pendingAssigneeEmail: 'frank@staff.example' });
    await mark(6, { createdImportId: 42 });
  });

  after(async () => {
    await server?.close();
  });

  it('lists every ticket newest first without a filter', async () => {
    assert.deepEqual(await numbers(''), [6, 5, 4, 3, 2, 1]);
  });

  it('filters by status', async () => {
    assert.deepEqual(await numbers('status=open'), [6, 4, 1]);
    assert.deepEqual(await numbers('status=pending'), [2]);
    assert.deepEqual(await numbers('status=closed'), [5]);
  });

  it('filters by assignee, and by no assignee', async () => {
    assert.deepEqual(await numbers(`assigneeId=${agent.id}`), [6, 1]);
    assert.deepEqual(await numbers(`assigneeId=${ids.bea}`), [2]);
    assert.deepEqual(await numbers('assigneeId=unassigned'), [5, 4, 3]);
    assert.deepEqual(await numbers('assigneeId=999999'), []);
  });

  it('filters by customer', async () => {
    assert.deepEqual(await numbers(`customerId=${ids.carol}`), [6, 3, 1]);
    assert.deepEqual(await numbers(`customerId=${ids.dan}`), [5, 2]);
  });

  it('filters by import: any import, one import, or none', async () => {
    assert.deepEqual(await numbers('imported=true'), [6, 5, 4]);
    assert.deepEqual(await numbers('imported=false'), [3, 2, 1]);
    assert.deepEqual(await numbers('importId=42'), [6, 5]);
    assert.deepEqual(await numbers('importId=41'), [4]);
    assert.deepEqual(await numbers('importId=43'), []);
  });

  it('lists the tickets waiting for a customer or an assignee under pending', async () => {
    assert.deepEqual(await numbers('pending=true'), [5, 4]);
    assert.deepEqual(await numbers('pending=false'), [6, 3, 2, 1]);
    const waiting = await server.call('GET', '/api/tickets?pending=true', as());
    const byNumber = new Map<number, Record<string, unknown>>(waiting.body.items.map((t: { number: number }) => [t.number, t]));
    assert.deepEqual(
      pick(byNumber.get(4), [
        'customerId',
        'customerEmail',
        'pendingCustomerEmail',
        'pendingAssigneeEmail',
        'createdImportId',
        'externalId',
      ]),
      {
        customerId: null,
        customerEmail: null,
        pendingCustomerEmail: 'erin@newco.example',
        pendingAssigneeEmail: null,
        createdImportId: 41,
        externalId: 'ZD-1001',
      },
    );
    assert.deepEqual(pick(byNumber.get(5), ['customerId', 'customerName', 'assigneeId', 'pendingAssigneeEmail']), {
      customerId: ids.dan,
      customerName: 'Dan Dale',
      assigneeId: null,
      pendingAssigneeEmail: 'frank@staff.example',
    });
  });

  it('combines filters, the title search and paging', async () => {
    assert.deepEqual(await numbers(`customerId=${ids.carol}&imported=true`), [6]);
    assert.deepEqual(await numbers('status=open&assigneeId=unassigned'), [4]);
    assert.deepEqual(await numbers(`search=printer&assigneeId=${agent.id}`), [6, 1]);
    assert.deepEqual(await numbers('search=PRINTER&imported=false'), [1]);
    assert.deepEqual(await numbers('pending=true&status=open'), [4]);
    const paged = await server.call('GET', '/api/tickets?imported=true&pageSize=2&page=2', as());
    assert.equal(paged.body.total, 3);
    assert.deepEqual(
      paged.body.items.map((t: { number: number }) => t.number),
      [4],
    );
  });

  it('refuses a filter value it cannot read, naming the field', async () => {
    for (const query of [
      'assigneeId=nobody',
      'assigneeId=-1',
      'imported=yes',
      'pending=1',
      'importId=x',
      'status=waiting',
      'customerId=0',
    ]) {
      const answer = await server.call('GET', `/api/tickets?${query}`, as());
      assert.equal(answer.status, 400, `${query} → ${answer.status}`);
    }
  });

  it('assigns a ticket, changes its status and unassigns it through PATCH, and the filters follow', async () => {
    const id = ticket[3]!;
    const assigned = await server.call('PATCH', `/api/tickets/${id}`, {
      cookie: agent.cookie,
      body: { assigneeEmail: 'bea@staff.example', status: 'open', priority: 'urgent' },
    });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    assert.deepEqual(pick(assigned.body, ['assigneeId', 'assigneeName', 'assigneeEmail', 'status', 'priority']), {
      assigneeId: ids.bea,
      assigneeName: 'Bea Berg',
      assigneeEmail: 'bea@staff.example',
      status: 'open',
      priority: 'urgent',
    });
    assert.deepEqual(await numbers(`assigneeId=${ids.bea}`), [3, 2]);
    assert.deepEqual(await numbers('assigneeId=unassigned'), [5, 4]);
    assert.deepEqual(await numbers('status=open'), [6, 4, 3, 1]);
    assert.deepEqual(await numbers('status=resolved'), []);

    const unassigned = await server.call('PATCH', `/api/tickets/${id}`, {
      cookie: agent.cookie,
      body: { assigneeEmail: null, status: 'closed' },
    });
    assert.equal(unassigned.status, 200, JSON.stringify(unassigned.body));
    assert.deepEqual(pick(unassigned.body, ['assigneeId', 'assigneeName', 'status']), {
      assigneeId: null,
      assigneeName: null,
      status: 'closed',
    });
    assert.deepEqual(await numbers('assigneeId=unassigned'), [5, 4, 3]);
    assert.deepEqual(await numbers('status=closed'), [5, 3]);

    const customer = await server.call('PATCH', `/api/tickets/${id}`, {
      cookie: agent.cookie,
      body: { assigneeEmail: 'carol@acme.example' },
    });
    assert.equal(customer.status, 400, 'a customer cannot be the assignee');
    assert.equal(customer.body.error.field, 'assigneeEmail');
    const badStatus = await server.call('PATCH', `/api/tickets/${id}`, { cookie: agent.cookie, body: { status: 'waiting' } });
    assert.equal(badStatus.status, 400);
    assert.equal(badStatus.body.error.field, 'status');
  });

  it('ends the wait for a pending person when one is chosen by hand', async () => {
    const assigned = await server.call('PATCH', `/api/tickets/${ticket[5]}`, {
      cookie: agent.cookie,
      body: { assigneeEmail: 'bea@staff.example' },
    });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    assert.deepEqual(pick(assigned.body, ['assigneeId', 'pendingAssigneeEmail']), { assigneeId: ids.bea, pendingAssigneeEmail: null });
    assert.deepEqual(await numbers('pending=true'), [4]);
    // A change of anything else keeps the wait.
    const retitled = await server.call('PATCH', `/api/tickets/${ticket[4]}`, { cookie: agent.cookie, body: { priority: 'high' } });
    assert.equal(retitled.body.pendingCustomerEmail, 'erin@newco.example');
    assert.deepEqual(await numbers('pending=true'), [4]);
  });

  it('reads each filter through its index', async () => {
    const cases: [TicketListOptions, string[]][] = [
      [{ status: 'open' }, ['tickets_status_number']],
      [{ customerId: ids.carol }, ['tickets_customer']],
      [{ assigneeId: agent.id }, ['tickets_assignee']],
      [{ assigneeId: 'unassigned' }, ['tickets_assignee']],
      [{ importId: 42 }, ['tickets_created_import']],
      [{ imported: true }, ['tickets_created_import']],
      [{ pending: true }, ['tickets_pending_customer', 'tickets_pending_assignee']],
    ];
    for (const [options, indexes] of cases) {
      const plan = await queryPlan(server, ticketFilter(options));
      for (const index of indexes) assert.ok(plan.includes(index), `${JSON.stringify(options)} uses ${index}:\n${plan}`);
    }
  });
});

function pick(record: Record<string, unknown> | undefined, keys: string[]): Record<string, unknown> {
  assert.ok(record, 'the record is listed');
  return Object.fromEntries(keys.map((k) => [k, record[k]]));
}

/**
 * The database's plan for listing the tickets that `where` selects, as text. A test table is too
 * small for PostgreSQL to prefer an index, so sequential scans are priced out for the one query:
 * the plan then names an index only when one fits the condition.
 */
async function queryPlan(server: TestServer, where: ReturnType<typeof ticketFilter>): Promise<string> {
  const query = server.db.kysely.selectFrom('tickets').select('id').where(where).compile();
  return server.db.kysely.connection().execute(async (conn) => {
    if (TEST_DIALECT === 'sqlite') {
      const plan = await conn.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]));
      return plan.rows.map((r) => r.detail).join('\n');
    }
    await conn.executeQuery(CompiledQuery.raw('SET enable_seqscan = off'));
    try {
      const plan = await conn.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN ${query.sql}`, [...query.parameters]));
      return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await conn.executeQuery(sql`RESET enable_seqscan`.compile(server.db.kysely));
    }
  });
}
