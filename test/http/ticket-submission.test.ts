import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECT } from '../support/database.js';
import { setUpAdmin, signInAgent, startTestServer, type TestServer } from './helpers.js';

/** Tickets whose requester is found, or created as a customer, by email: the API's requesterEmail and the public support form. */
describe(`tickets from customers (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;
  const as = () => ({ cookie: admin });

  /** The customer with this email, as the API shows them, or undefined. */
  async function customerByEmail(email: string) {
    const found = await server.call('GET', `/api/customers?search=${encodeURIComponent(email)}`, as());
    assert.equal(found.status, 200);
    return found.body.items.find((c: { email: string }) => c.email === email.toLowerCase());
  }

  async function countCustomers(email: string): Promise<number> {
    const rows = await server.db.kysely
      .selectFrom('people')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('kind', '=', 'customer')
      .where('email', '=', email.toLowerCase())
      .executeTakeFirstOrThrow();
    return Number(rows.n);
  }

  const form = (body: Record<string, unknown>) => server.call('POST', '/api/support/tickets', { body });

  before(async () => {
    server = await startTestServer({ supportFormLimits: { maxPerAddress: 10_000 } });
    admin = await setUpAdmin(server);
  });

  after(async () => {
    await server?.close();
  });

  it('creates a new requester as a customer (source api_ticket) and links the ticket to them', async () => {
    const answer = await server.call('POST', '/api/tickets', {
      ...as(),
      body: { title: 'Cannot log in', description: 'Since Monday.', priority: 'high', requesterEmail: 'Jane.Doe@Gmail.com' },
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    assert.equal(answer.body.customerEmail, 'jane.doe@gmail.com');
    assert.equal(answer.body.status, 'open');
    assert.equal(answer.body.priority, 'high');
    assert.equal(answer.body.requester.linked, true);
    assert.equal(answer.body.requester.created, true);
    const customer = await customerByEmail('jane.doe@gmail.com');
    assert.equal(customer.id, answer.body.requester.customerId);
    assert.deepEqual([customer.firstName, customer.lastName, customer.source], ['Jane', 'Doe', 'api_ticket']);
    assert.equal(customer.createdImportId, null);
    assert.equal(customer.organization, null, 'a free mail domain names no organization');
  });

  it('names a new requester by the name given, and joins them to the organization that owns their domain', async () => {
    const org = await server.call('POST', '/api/organizations', { ...as(), body: { name: 'Initech', domains: ['initech.example'] } });
    assert.equal(org.status, 201, JSON.stringify(org.body));
    const answer = await server.call('POST', '/api/tickets', {
      ...as(),
      body: { title: 'TPS reports', requesterEmail: 'peter@initech.example', requesterName: 'Peter van der Gibbons' },
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    const customer = await customerByEmail('peter@initech.example');
    assert.deepEqual([customer.firstName, customer.lastName, customer.organization], ['Peter', 'van der Gibbons', 'Initech']);
  });

  it('reuses a known customer whatever the case of the email, and leaves their name alone', async () => {
    const made = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'carol@acme.example', firstName: 'Carol', lastName: 'Shaw' },
    });
    assert.equal(made.status, 201);
    assert.equal(made.body.source, 'manual');
    const answer = await server.call('POST', '/api/tickets', {
      ...as(),
      body: { title: 'Invoice', requesterEmail: 'CAROL@Acme.example', requesterName: 'Somebody Else' },
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    assert.deepEqual(answer.body.requester, { email: 'carol@acme.example', linked: true, customerId: made.body.id, created: false });
    assert.equal(await countCustomers('carol@acme.example'), 1);
    const customer = await customerByEmail('carol@acme.example');
    assert.deepEqual([customer.firstName, customer.lastName, customer.source], ['Carol', 'Shaw', 'manual']);
  });

  it('files a ticket from a user’s email with no customer, and says why', async () => {
    await signInAgent(server, admin, 'agent@example.com');
    const answer = await server.call('POST', '/api/tickets', { ...as(), body: { title: 'Test', requesterEmail: 'Agent@example.com' } });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    assert.equal(answer.body.customerEmail, null);
    assert.equal(answer.body.requester.linked, false);
    assert.match(answer.body.requester.reason, /belongs to a user \(agent\)/);
    assert.equal(await countCustomers('agent@example.com'), 0);
  });

  it('keeps POST /api/tickets as it was without requesterEmail', async () => {
    const answer = await server.call('POST', '/api/tickets', { ...as(), body: { title: 'Plain' } });
    assert.equal(answer.status, 201);
    assert.equal(Object.hasOwn(answer.body, 'requester'), false);
    const named = await server.call('POST', '/api/tickets', { ...as(), body: { title: 'Plain', requesterName: 'Nobody' } });
    assert.equal(named.status, 400);
    assert.equal(named.body.error.field, 'requesterName');
  });

  it('refuses a bad requester, title or description by field, and leaves nothing behind', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 'x', requesterEmail: 'not an email' }, 'requesterEmail'],
      [{ title: '   ', requesterEmail: 'new1@example.org' }, 'title'],
      [{ title: 'x'.repeat(201), requesterEmail: 'new1@example.org' }, 'title'],
      [{ title: 'x', description: 'y'.repeat(10_001), requesterEmail: 'new1@example.org' }, 'description'],
      [{ title: 'x', requesterEmail: 'new1@example.org', customerEmail: 'carol@acme.example' }, 'customerEmail'],
      [{ title: 'x', requesterEmail: 'new1@example.org', assigneeEmail: 'ghost@example.org' }, 'assigneeEmail'],
    ];
    for (const [body, field] of cases) {
      const answer = await server.call('POST', '/api/tickets', { ...as(), body });
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      assert.equal(answer.body.error.field, field, JSON.stringify(answer.body));
    }
    assert.equal(await countCustomers('new1@example.org'), 0);
  });

  it('rolls the new customer back when the ticket cannot be saved', async () => {
    const first = await server.call('POST', '/api/tickets', { ...as(), body: { title: 'Numbered', number: 9000 } });
    assert.equal(first.status, 201);
    const answer = await server.call('POST', '/api/tickets', {
      ...as(),
      body: { title: 'Same number', number: 9000, requesterEmail: 'rolled.back@example.org' },
    });
    assert.equal(answer.status, 409, JSON.stringify(answer.body));
    assert.equal(answer.body.error.field, 'number');
    assert.equal(await countCustomers('rolled.back@example.org'), 0);
  });

  it('the support form creates a customer (source ticket_form) and answers only the ticket number', async () => {
    const answer = await form({ name: 'Mary Ann Smith', email: 'mary@smith.example', subject: 'Broken', message: 'It broke.' });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    assert.deepEqual(Object.keys(answer.body).sort(), ['message', 'number']);
    assert.equal(typeof answer.body.number, 'number');
    assert.match(answer.body.message, new RegExp(`#${answer.body.number}\\b`));
    const customer = await customerByEmail('mary@smith.example');
    assert.deepEqual([customer.firstName, customer.lastName, customer.source], ['Mary Ann', 'Smith', 'ticket_form']);
    const tickets = await server.call('GET', `/api/tickets?customerId=${customer.id}`, as());
    assert.equal(tickets.body.total, 1);
    assert.deepEqual([tickets.body.items[0].title, tickets.body.items[0].description], ['Broken', 'It broke.']);
    assert.equal(tickets.body.items[0].number, answer.body.number);
  });

  it('the support form answers alike for a new email, a known customer and a user', async () => {
    const shapes = [];
    for (const email of ['someone.new@example.org', 'carol@acme.example', 'admin@example.com']) {
      const answer = await form({ email, subject: 'Hello', message: 'Hi' });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      shapes.push([Object.keys(answer.body).sort(), String(answer.body.message).replace(/\d+/, 'N')]);
    }
    assert.deepEqual(shapes[1], shapes[0]);
    assert.deepEqual(shapes[2], shapes[0]);
    const carol = await customerByEmail('carol@acme.example');
    assert.deepEqual([carol.firstName, carol.source], ['Carol', 'manual']);
    assert.deepEqual(
      [(await customerByEmail('someone.new@example.org')).firstName, (await customerByEmail('someone.new@example.org')).lastName],
      ['Someone', 'New'],
    );
  });

  it('the support form refuses a bad email, a missing subject and an oversize message by field', async () => {
    const ok = { email: 'fine@example.org', subject: 'Subject', message: 'Message' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...ok, email: 'not-an-email' }, 'email'],
      [{ email: ok.email, message: ok.message }, 'subject'],
      [{ ...ok, subject: '  ' }, 'subject'],
      [{ ...ok, message: 'x'.repeat(10_001) }, 'message'],
      [{ ...ok, name: 'n'.repeat(201) }, 'name'],
      [{ ...ok, role: 'admin' }, 'role'],
    ];
    for (const [body, field] of cases) {
      const answer = await form(body);
      assert.equal(answer.status, 400, JSON.stringify(answer.body).slice(0, 300));
      assert.equal(answer.body.error.field, field, JSON.stringify(answer.body).slice(0, 300));
    }
    const huge = await form({ ...ok, message: 'x'.repeat(200_000) });
    assert.equal(huge.status, 413);
    assert.equal(await countCustomers('fine@example.org'), 0);
  });

  it('the support form works from Roster’s own page and is refused from another site', async () => {
    const body = JSON.stringify({ email: 'own.page@example.org', subject: 'From the page', message: 'Hello' });
    const headers = { 'content-type': 'application/json' };
    const own = await fetch(`${server.baseUrl}/api/support/tickets`, {
      method: 'POST',
      headers: { ...headers, origin: server.baseUrl, 'sec-fetch-site': 'same-origin' },
      body,
    });
    assert.equal(own.status, 201);
    const foreign = await fetch(`${server.baseUrl}/api/support/tickets`, {
      method: 'POST',
      headers: { ...headers, origin: 'https://elsewhere.example', 'sec-fetch-site': 'cross-site' },
      body,
    });
    assert.equal(foreign.status, 403);
  });

  it('creates exactly one customer for concurrent submissions from the same new email', async () => {
    const email = 'rush.hour@example.org';
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i % 2 === 0
          ? form({ email, subject: `Form ${i}`, message: 'Again' })
          : server.call('POST', '/api/tickets', { ...as(), body: { title: `API ${i}`, requesterEmail: email } }),
      ),
    );
    for (const answer of answers) assert.equal(answer.status, 201, JSON.stringify(answer.body));
    assert.equal(await countCustomers(email), 1);
    const customer = await customerByEmail(email);
    const tickets = await server.call('GET', `/api/tickets?customerId=${customer.id}&pageSize=100`, as());
    assert.equal(tickets.body.total, 12);
    assert.equal(new Set(tickets.body.items.map((t: { number: number }) => t.number)).size, 12, 'every ticket has its own number');
  });

  it('shows source read-only: a person created by hand is manual, and source cannot be set', async () => {
    const user = await server.call('GET', '/api/users?search=admin%40example.com', as());
    assert.equal(user.body.items[0].source, 'manual');
    const refused = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'sets.source@example.org', firstName: 'Set', lastName: 'Source', source: 'import' },
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.field, 'source');
    const custom = await server.call('POST', '/api/properties/customers', {
      ...as(),
      body: { key: 'source', label: 'Source', type: 'text' },
    });
    assert.equal(custom.status, 409, 'source is a reserved key for people');
  });

  it('marks the people an import creates as source import, with the import', async () => {
    const file = new FormData();
    file.append('file', new Blob(['Email,First Name,Last Name\r\nimported@example.org,Imp,Orted\r\n'], { type: 'text/csv' }), 'c.csv');
    const uploaded = await fetch(`${server.baseUrl}/api/imports/uploads?entity=customers`, {
      method: 'POST',
      headers: { cookie: admin, origin: server.baseUrl },
      body: file,
    });
    const upload = (await uploaded.json()) as { id: number };
    const dryRun = await server.call('POST', `/api/imports/${upload.id}/dry-run`, { ...as(), body: {} });
    assert.equal(dryRun.status, 200, JSON.stringify(dryRun.body));
    // The dry run is an import of its own, the one to confirm.
    const id = dryRun.body.id as number;
    const started = await server.call('POST', `/api/imports/${id}/commit`, as());
    assert.equal(started.status, 202, JSON.stringify(started.body));
    for (let i = 0; i < 200; i++) {
      const shown = await server.call('GET', `/api/imports/${id}`, as());
      if (shown.body.status === 'completed') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const customer = await customerByEmail('imported@example.org');
    assert.deepEqual([customer.source, customer.createdImportId], ['import', id]);
  });
});

describe(`the support form's rate limit (${TEST_DIALECT})`, () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ supportFormLimits: { maxPerAddress: 2, windowMinutes: 10 } });
    await setUpAdmin(server);
  });

  after(async () => {
    await server?.close();
  });

  it('answers 429 with Retry-After once an address has sent its tickets, counting refused ones', async () => {
    const send = (body: Record<string, unknown>) => server.call('POST', '/api/support/tickets', { body });
    assert.equal((await send({ email: 'one@example.org', subject: 'One', message: 'Hi' })).status, 201);
    assert.equal((await send({ email: 'bad', subject: 'Two', message: 'Hi' })).status, 400);
    const third = await send({ email: 'three@example.org', subject: 'Three', message: 'Hi' });
    assert.equal(third.status, 429, JSON.stringify(third.body));
    assert.equal(third.body.error.code, 'rate_limited');
    const retryAfter = Number(third.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 600, `Retry-After: ${retryAfter}`);
    const count = await server.db.kysely.selectFrom('people').select('id').where('email', '=', 'three@example.org').execute();
    assert.equal(count.length, 0);
  });
});
