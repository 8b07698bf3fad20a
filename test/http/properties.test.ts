import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { TEST_DIALECT } from '../support/database.js';
import { setUpAdmin, signInAgent, startTestServer, type TestServer } from './helpers.js';

describe(`HTTP custom properties: built-in names, rename and remove (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;
  const as = () => ({ cookie: admin });

  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
  });
  after(() => server.close());

  it('refuses a key every JavaScript object already has, with a 400 naming the field', async () => {
    for (const key of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__']) {
      const answer = await server.call('POST', '/api/properties/customers', { ...as(), body: { key, label: `L ${key}`, type: 'text' } });
      assert.equal(answer.status, 400, key);
      assert.equal(answer.body.error.code, 'validation');
      assert.equal(answer.body.error.field, 'key');
    }
    const answer = await server.call('POST', '/api/properties/customers', {
      ...as(),
      body: { key: 'valueOf', label: 'Value', type: 'text' },
    });
    assert.equal(
      answer.body.error.message,
      'The key "valueOf" is a name every JavaScript object already has, so Roster cannot store it; choose another key.',
    );
  });

  it('keeps working with such a key that a database already has', async () => {
    // Written as an earlier version of Roster did, before such keys were refused.
    const { db } = server;
    for (const key of ['constructor', 'toString']) {
      await db.kysely
        .insertInto('properties')
        .values({ entity: 'customers', key, label: `Old ${key}`, type: 'text', choices: null, createdAt: new Date().toISOString() })
        .execute();
      await sql`ALTER TABLE people ADD COLUMN ${sql.ref(`x_${key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())}`)} TEXT`.execute(
        db.kysely,
      );
    }
    const created = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'old@keys.example', firstName: 'Olga', lastName: 'Keys', constructor: 'built' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.constructor, 'built');
    assert.equal(created.body.toString, null);
    const updated = await server.call('PATCH', `/api/customers/${created.body.id}`, { ...as(), body: { toString: 'shown', city: 'Oslo' } });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.deepEqual([updated.body.constructor, updated.body.toString, updated.body.city], ['built', 'shown', 'Oslo']);
    const listed = await server.call('GET', '/api/customers?search=olga', as());
    assert.equal(listed.body.items[0].constructor, 'built');
  });

  it('relabels and removes a custom property, admins only, erasing its values', async () => {
    const agent = await signInAgent(server, admin);
    await server.call('POST', '/api/properties/customers', { ...as(), body: { key: 'shoeSize', label: 'Shoe Size', type: 'number' } });
    const withShoe = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'feet@keys.example', firstName: 'Fay', lastName: 'Feet', shoeSize: 38 },
    });
    assert.equal(withShoe.body.shoeSize, 38);

    const relabelled = await server.call('PATCH', '/api/properties/customers/shoeSize', { ...as(), body: { label: 'Shoe' } });
    assert.equal(relabelled.body.label, 'Shoe');

    const forbidden = await server.call('DELETE', '/api/properties/customers/shoeSize', { cookie: agent.cookie });
    assert.equal(forbidden.status, 403);
    const standard = await server.call('DELETE', '/api/properties/customers/email', as());
    assert.equal(standard.status, 400);
    const unknown = await server.call('DELETE', '/api/properties/customers/hatSize', as());
    assert.equal(unknown.status, 404);

    const removed = await server.call('DELETE', '/api/properties/customers/shoeSize', as());
    assert.equal(removed.status, 200);
    assert.deepEqual([removed.body.property.key, removed.body.property.label, removed.body.values], ['shoeSize', 'Shoe', 1]);
    const read = await server.call('GET', `/api/customers/${withShoe.body.id}`, as());
    assert.equal(Object.hasOwn(read.body, 'shoeSize'), false);
    const refused = await server.call('PATCH', `/api/customers/${withShoe.body.id}`, { ...as(), body: { shoeSize: 40 } });
    assert.equal(refused.status, 400);

    // Added again, the property starts empty.
    await server.call('POST', '/api/properties/customers', { ...as(), body: { key: 'shoeSize', label: 'Shoe Size', type: 'number' } });
    assert.equal((await server.call('GET', `/api/customers/${withShoe.body.id}`, as())).body.shoeSize, null);
  });
});

/** Posts a CSV file as multipart/form-data, as the import wizard does. */
async function uploadCsv(server: TestServer, cookie: string, csv: string): Promise<number> {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'customers.csv');
  const response = await fetch(`${server.baseUrl}/api/imports/uploads?entity=customers`, {
    method: 'POST',
    headers: { cookie, origin: server.baseUrl },
    body: form,
  });
  const body = (await response.json()) as { id: number };
  assert.equal(response.status, 201, JSON.stringify(body));
  return body.id;
}

describe(`HTTP property settings: order, required, hidden, usage (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;
  const as = () => ({ cookie: admin });
  const keys = async (kind = 'customers') =>
    ((await server.call('GET', `/api/properties/${kind}`, as())).body.properties as { key: string }[]).map((p) => p.key);

  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
    const added = await server.call('POST', '/api/properties/customers', {
      ...as(),
      body: { key: 'loyaltyTier', label: 'Loyalty Tier', type: 'choice', choices: ['gold', 'silver'] },
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.deepEqual([added.body.required, added.body.hidden], [false, false]);
  });
  after(() => server.close());

  it('reorders every property of a kind, refusing a list that leaves one out, names one twice or names an unknown one', async () => {
    const before = await keys();
    assert.deepEqual(before.slice(0, 3), ['email', 'firstName', 'lastName']);
    assert.equal(before.at(-1), 'loyaltyTier', 'a custom property comes after the standard ones by default');
    const wanted = ['loyaltyTier', ...before.filter((k) => k !== 'loyaltyTier')].reverse();
    const ordered = await server.call('PUT', '/api/properties/customers/order', { ...as(), body: { keys: wanted } });
    assert.equal(ordered.status, 200, JSON.stringify(ordered.body));
    assert.deepEqual(
      ordered.body.properties.map((p: { key: string }) => p.key),
      wanted,
    );
    assert.deepEqual(await keys(), wanted, 'the order is stored');
    assert.deepEqual((await keys('users')).slice(0, 3), ['email', 'firstName', 'lastName'], 'other kinds keep theirs');

    const missing = await server.call('PUT', '/api/properties/customers/order', { ...as(), body: { keys: wanted.slice(1) } });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.field, 'keys');
    assert.equal(missing.body.error.message, `The order must name every property of customers; it leaves out "${wanted[0]}".`);
    const unknown = await server.call('PUT', '/api/properties/customers/order', { ...as(), body: { keys: [...wanted, 'shoeSize'] } });
    assert.deepEqual([unknown.status, unknown.body.error.message], [400, 'customers have no property "shoeSize".']);
    const twice = await server.call('PUT', '/api/properties/customers/order', { ...as(), body: { keys: [...wanted, 'email'] } });
    assert.deepEqual([twice.status, twice.body.error.message], [400, 'The order names "email" twice; name each property once.']);
    assert.deepEqual(await keys(), wanted, 'a refused order changes nothing');

    // A property added after an order goes last; the standard order comes back by naming it.
    await server.call('POST', '/api/properties/customers', { ...as(), body: { key: 'shoeSize', label: 'Shoe Size', type: 'number' } });
    assert.equal((await keys()).at(-1), 'shoeSize');
    await server.call('PUT', '/api/properties/customers/order', { ...as(), body: { keys: [...before, 'shoeSize'] } });
    assert.deepEqual(await keys(), [...before, 'shoeSize']);
  });

  it('a custom property made required is asked for on create, not on updates that leave it out', async () => {
    const before = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'early@tier.example', firstName: 'Erin', lastName: 'Early' },
    });
    assert.equal(before.status, 201);
    const required = await server.call('PATCH', '/api/properties/customers/loyaltyTier', { ...as(), body: { required: true } });
    assert.equal(required.status, 200, JSON.stringify(required.body));
    assert.equal(required.body.required, true);
    const listed = (await server.call('GET', '/api/properties/customers', as())).body.properties;
    assert.equal(listed.find((p: { key: string }) => p.key === 'loyaltyTier').required, true);

    const refused = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'late@tier.example', firstName: 'Lee', lastName: 'Late' },
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.field, 'loyaltyTier');
    assert.equal(refused.body.error.message, 'Loyalty Tier is required.');
    const created = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'late@tier.example', firstName: 'Lee', lastName: 'Late', loyaltyTier: 'Gold' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.loyaltyTier, 'gold');

    // The customer from before has no value: changing something else still works; clearing a value does not.
    const updated = await server.call('PATCH', `/api/customers/${before.body.id}`, { ...as(), body: { city: 'Lyon' } });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.deepEqual([updated.body.city, updated.body.loyaltyTier], ['Lyon', null]);
    const cleared = await server.call('PATCH', `/api/customers/${created.body.id}`, { ...as(), body: { loyaltyTier: null } });
    assert.deepEqual([cleared.status, cleared.body.error.message], [400, 'Loyalty Tier is required.']);

    const optional = await server.call('PATCH', '/api/properties/customers/loyaltyTier', { ...as(), body: { required: false } });
    assert.equal(optional.body.required, false);
    const free = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'free@tier.example', firstName: 'Fred', lastName: 'Free' },
    });
    assert.equal(free.status, 201);
  });

  it('a required ticket property is asked of agents, not of whoever writes in through the support form', async () => {
    await server.call('POST', '/api/properties/tickets', {
      ...as(),
      body: { key: 'product', label: 'Product', type: 'choice', choices: ['app', 'web'] },
    });
    await server.call('PATCH', '/api/properties/tickets/product', { ...as(), body: { required: true } });
    const byAgent = await server.call('POST', '/api/tickets', { ...as(), body: { title: 'Broken' } });
    assert.deepEqual([byAgent.status, byAgent.body.error.field], [400, 'product']);
    const withIt = await server.call('POST', '/api/tickets', { ...as(), body: { title: 'Broken', product: 'web' } });
    assert.equal(withIt.status, 201, JSON.stringify(withIt.body));
    const submitted = await server.call('POST', '/api/support/tickets', {
      body: { email: 'writer@support.example', subject: 'Help', message: 'Please.' },
    });
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
    await server.call('PATCH', '/api/properties/tickets/product', { ...as(), body: { required: false } });
  });

  it('an import checks a required custom property where a column fills it, and imports a file without that column', async () => {
    await server.call('PATCH', '/api/properties/customers/loyaltyTier', { ...as(), body: { required: true } });
    const mapped = await uploadCsv(
      server,
      admin,
      'Email,First Name,Last Name,Loyalty Tier\r\nana@csv.example,Ana,Able,silver\r\nbob@csv.example,Bob,Blank,\r\n',
    );
    const dry = await server.call('POST', `/api/imports/${mapped}/dry-run`, { ...as(), body: {} });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.deepEqual({ created: dry.body.created, failed: dry.body.failed }, { created: 1, failed: 1 });
    const problem = dry.body.errors.find((e: { row: number }) => e.row === 3);
    assert.equal(problem.code, 'required');
    assert.equal(problem.message, 'Row 3, column "Loyalty Tier": Loyalty Tier is required but the cell is empty.');

    const unmapped = await uploadCsv(server, admin, 'Email,First Name,Last Name\r\ncy@csv.example,Cy,Column\r\n');
    const other = await server.call('POST', `/api/imports/${unmapped}/dry-run`, { ...as(), body: {} });
    assert.equal(other.status, 200, JSON.stringify(other.body));
    assert.deepEqual({ created: other.body.created, failed: other.body.failed }, { created: 1, failed: 0 });
    await server.call('PATCH', '/api/properties/customers/loyaltyTier', { ...as(), body: { required: false } });
  });

  it('a standard property hidden from forms is still taken by the API; Email cannot be hidden', async () => {
    const hidden = await server.call('PATCH', '/api/properties/customers/title', { ...as(), body: { hidden: true } });
    assert.equal(hidden.status, 200, JSON.stringify(hidden.body));
    assert.equal(hidden.body.hidden, true);
    const listed = (await server.call('GET', '/api/properties/customers', as())).body.properties;
    assert.equal(listed.find((p: { key: string }) => p.key === 'title').hidden, true);
    assert.equal(listed.find((p: { key: string }) => p.key === 'email').hidden, false);
    const created = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'titled@hidden.example', firstName: 'Tia', lastName: 'Titled', title: 'Buyer' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.title, 'Buyer');

    const email = await server.call('PATCH', '/api/properties/customers/email', { ...as(), body: { hidden: true } });
    assert.equal(email.status, 400);
    assert.equal(email.body.error.field, 'hidden');
    assert.equal(email.body.error.message, 'Email is required for customers, so every form asks for it: it cannot be hidden.');
    const ticketTitle = await server.call('PATCH', '/api/properties/tickets/title', { ...as(), body: { hidden: true } });
    assert.equal(ticketTitle.status, 400);
    const optionalEmail = await server.call('PATCH', '/api/properties/customers/email', { ...as(), body: { required: false } });
    assert.deepEqual(
      [optionalEmail.status, optionalEmail.body.error.field, optionalEmail.body.error.message],
      [400, 'required', '"email" is a standard property: its requirement cannot change, only whether it is hidden from forms.'],
    );
    const relabel = await server.call('PATCH', '/api/properties/customers/city', { ...as(), body: { label: 'Town' } });
    assert.deepEqual([relabel.status, relabel.body.error.field], [400, 'label']);
    const hideCustom = await server.call('PATCH', '/api/properties/customers/loyaltyTier', { ...as(), body: { hidden: true } });
    assert.deepEqual([hideCustom.status, hideCustom.body.error.field], [400, 'hidden']);

    const shown = await server.call('PATCH', '/api/properties/customers/title', { ...as(), body: { hidden: false } });
    assert.equal(shown.body.hidden, false);
  });

  it('counts the records that have a value for a custom property, for admins', async () => {
    await server.call('POST', '/api/properties/users', { ...as(), body: { key: 'loyaltyTier', label: 'Loyalty Tier', type: 'text' } });
    await server.call('POST', '/api/users', {
      ...as(),
      body: { email: 'staff@tier.example', firstName: 'Sam', lastName: 'Staff', loyaltyTier: 'gold' },
    });
    const usage = await server.call('GET', '/api/properties/customers/loyaltyTier/usage', as());
    assert.equal(usage.status, 200, JSON.stringify(usage.body));
    // Lee Late (the import was a dry run); the user's value, in the table users and customers share, is not counted.
    assert.deepEqual(usage.body, { records: 1 });
    assert.deepEqual((await server.call('GET', '/api/properties/users/loyaltyTier/usage', as())).body, { records: 1 });
    const standard = await server.call('GET', '/api/properties/customers/email/usage', as());
    assert.equal(standard.status, 400);
    const unknown = await server.call('GET', '/api/properties/customers/hatSize/usage', as());
    assert.equal(unknown.status, 404);
    const agent = await signInAgent(server, admin);
    assert.equal((await server.call('GET', '/api/properties/customers/loyaltyTier/usage', { cookie: agent.cookie })).status, 403);
    assert.equal(
      (await server.call('PUT', '/api/properties/customers/order', { cookie: agent.cookie, body: { keys: await keys() } })).status,
      403,
    );

    const removed = await server.call('DELETE', '/api/properties/customers/loyaltyTier', as());
    assert.equal(removed.body.values, 1);
    assert.equal((await server.call('GET', '/api/properties/users/loyaltyTier/usage', as())).body.records, 1, 'users keep theirs');
  });
});
