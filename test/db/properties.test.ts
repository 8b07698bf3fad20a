import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { createPerson, getPerson, listPeople } from '../../src/db/repositories/people.js';
import {
  addProperty,
  changeProperty,
  listProperties,
  orderProperties,
  propertyUsage,
  removeProperty,
} from '../../src/db/repositories/properties.js';
import { createTicket, getTicket } from '../../src/db/repositories/tickets.js';
import { TEST_DIALECT, withDatabase } from '../support/database.js';

describe(`custom properties on ${TEST_DIALECT}`, () => {
  let db: Database;
  let close: () => Promise<void>;
  before(async () => ({ db, close } = await withDatabase()));
  after(() => close());

  it('standard properties come first, with Email, First Name and Last Name required', async () => {
    const props = await listProperties(db, 'customers');
    assert.deepEqual(
      props.filter((p) => p.required).map((p) => p.label),
      ['Email', 'First Name', 'Last Name'],
    );
    assert.equal(props[0]!.key, 'email');
  });

  it('every type round-trips exactly', async () => {
    await addProperty(db, 'customers', { key: 'accountCode', label: 'Account Code', type: 'text' });
    await addProperty(db, 'customers', { key: 'billingEmail', label: 'Billing Email', type: 'email' });
    await addProperty(db, 'customers', { key: 'fax', label: 'Fax', type: 'phone' });
    await addProperty(db, 'customers', { key: 'customerSince', label: 'Customer Since', type: 'date' });
    await addProperty(db, 'customers', { key: 'seats', label: 'Seats', type: 'number' });
    await addProperty(db, 'customers', { key: 'vip', label: 'VIP', type: 'boolean' });
    await addProperty(db, 'customers', { key: 'tier', label: 'Tier', type: 'choice', choices: ['Gold', 'Silver'] });
    await addProperty(db, 'customers', { key: 'homepage2', label: 'Second Homepage', type: 'url' });
    // As long as Notes may be (10,000 characters, core/value-limits.ts; the emoji counts as two).
    const long = 'Ünïcødé 🎉 '.repeat(900);
    const c = await createPerson(db, 'customers', {
      email: 'types@example.com',
      firstName: '李',
      lastName: 'Ωmega 🚀',
      accountCode: '007',
      billingEmail: 'Billing@Example.com',
      fax: '+44 20 7946 0958',
      customerSince: '2016-02-29',
      seats: 12.5,
      vip: 'oui',
      tier: 'gold',
      homepage2: 'https://example.com/a?b=c',
      notes: long,
    });
    const read = await getPerson(db, 'customers', c.id);
    assert.equal(read.firstName, '李');
    assert.equal(read.lastName, 'Ωmega 🚀');
    assert.equal(read.accountCode, '007', 'leading zeros survive');
    assert.equal(read.billingEmail, 'billing@example.com');
    assert.equal(read.fax, '+44 20 7946 0958');
    assert.equal(read.customerSince, '2016-02-29');
    assert.equal(read.seats, 12.5);
    assert.equal(read.vip, true);
    assert.equal(read.tier, 'Gold');
    assert.equal(read.homepage2, 'https://example.com/a?b=c');
    assert.equal(read.notes, long);
  });

  it('custom values are rejected by type, naming the field', async () => {
    await assert.rejects(
      createPerson(db, 'customers', { email: 'bad@example.com', firstName: 'B', lastName: 'D', customerSince: '2023-02-30' }),
      /Customer Since: "2023-02-30" is not a real calendar date/,
    );
    await assert.rejects(
      createPerson(db, 'customers', { email: 'bad@example.com', firstName: 'B', lastName: 'D', tier: 'Bronze' }),
      /Tier/,
    );
    await assert.rejects(
      createPerson(db, 'customers', { email: 'bad@example.com', firstName: 'B', lastName: 'D', seats: 'many' }),
      /Seats/,
    );
  });

  it('custom values are queried like standard ones (search, list)', async () => {
    const page = await listPeople(db, 'customers', { search: 'types@' });
    assert.equal(page.items[0]!.accountCode, '007');
  });

  it('the same key on users and customers shares the column safely', async () => {
    await addProperty(db, 'users', { key: 'accountCode', label: 'Account Code', type: 'text' });
    const u = await createPerson(db, 'users', { email: 'u@helpdesk.example', firstName: 'U', lastName: 'S', accountCode: '0042' });
    assert.equal((await getPerson(db, 'users', u.id)).accountCode, '0042');
  });

  it('refuses reserved and badly formed keys, duplicate keys and labels, choices without choices', async () => {
    await assert.rejects(addProperty(db, 'customers', { key: 'email', label: 'Mail 2', type: 'text' }), /standard property/);
    await assert.rejects(addProperty(db, 'customers', { key: 'Bad Key', label: 'Bad', type: 'text' }), /camelCase/);
    await assert.rejects(
      addProperty(db, 'customers', { key: 'seats', label: 'Seats again', type: 'number' }),
      /already have a property with the key/,
    );
    await assert.rejects(addProperty(db, 'customers', { key: 'seats2', label: 'SEATS', type: 'number' }), /labelled/);
    await assert.rejects(addProperty(db, 'customers', { key: 'level', label: 'Level', type: 'choice' }), /at least one choice/);
  });

  it('changes a label and choices but never a standard property', async () => {
    const changed = await changeProperty(db, 'customers', 'tier', { label: 'Plan Tier', choices: ['Gold', 'Silver', 'Bronze'] });
    assert.equal(changed.label, 'Plan Tier');
    assert.deepEqual(changed.choices, ['Gold', 'Silver', 'Bronze']);
    await assert.rejects(changeProperty(db, 'customers', 'email', { label: 'E' }), /standard property/);
  });

  it('tickets take custom properties and link people by email', async () => {
    await addProperty(db, 'tickets', { key: 'channel', label: 'Channel', type: 'choice', choices: ['email', 'phone'] });
    const t = await createTicket(db, {
      title: 'Help',
      customerEmail: 'TYPES@example.com',
      assigneeEmail: 'u@helpdesk.example',
      channel: 'Phone',
      createdAt: '2020-01-02T03:04:05Z',
    });
    const read = await getTicket(db, t.id);
    assert.equal(read.customerEmail, 'types@example.com');
    assert.equal(read.assigneeEmail, 'u@helpdesk.example');
    assert.equal(read.channel, 'phone');
    assert.equal(read.createdAt, '2020-01-02T03:04:05.000Z');
    assert.equal(read.number, 1);
    await assert.rejects(createTicket(db, { title: 'x', assigneeEmail: 'types@example.com' }), /is a customer, not a user/);
  });

  it('keeps an order, a requirement and a hidden flag per kind; a removed property leaves no setting behind', async () => {
    const keys = (await listProperties(db, 'organizations')).map((p) => p.key);
    await addProperty(db, 'organizations', { key: 'segment', label: 'Segment', type: 'text' });
    await orderProperties(db, 'organizations', ['segment', ...keys]);
    await changeProperty(db, 'organizations', 'segment', { required: true });
    await changeProperty(db, 'organizations', 'domains', { hidden: true });
    const listed = await listProperties(db, 'organizations');
    assert.deepEqual(
      listed.map((p) => [p.key, p.required, p.hidden]),
      [
        ['segment', true, false],
        ['name', true, false],
        ['domains', false, true],
      ],
    );
    await assert.rejects(changeProperty(db, 'organizations', 'name', { hidden: true }), /Name is required for organizations/);

    await addProperty(db, 'organizations', { key: 'tier', label: 'Tier', type: 'text' });
    assert.equal((await listProperties(db, 'organizations')).at(-1)?.key, 'tier', 'added after an order: last');

    await removeProperty(db, 'organizations', 'segment');
    await addProperty(db, 'organizations', { key: 'segment', label: 'Segment', type: 'text' });
    const again = (await listProperties(db, 'organizations')).find((p) => p.key === 'segment');
    assert.deepEqual([again?.required, (await listProperties(db, 'organizations')).at(-1)?.key], [false, 'segment']);
    const rows = await db.kysely
      .selectFrom('propertySettings')
      .selectAll()
      .where('entity', '=', 'organizations')
      .where('key', '=', 'segment')
      .execute();
    assert.equal(rows.length, 0);
    assert.equal(await propertyUsage(db, 'organizations', 'segment'), 0);
  });
});
