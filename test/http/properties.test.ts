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
