import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { createOrganization, listOrganizations } from '../../src/db/repositories/organizations.js';
import { createPerson, listPeople } from '../../src/db/repositories/people.js';
import { createTicket, listTickets } from '../../src/db/repositories/tickets.js';
import { TEST_DIALECT, withDatabase } from '../support/database.js';

describe(`search takes %, _ and \\ literally (${TEST_DIALECT})`, () => {
  let db: Database;
  let close: () => Promise<void>;
  before(async () => {
    ({ db, close } = await withDatabase());
    for (const [email, lastName] of [
      ['plain@search.example', 'Plain'],
      ['under_score@search.example', 'Under'],
      ['pct@search.example', '100%'],
      ['back@search.example', 'Back\\slash'],
    ]) {
      await createPerson(db, 'customers', { email, firstName: 'Sam', lastName });
    }
    for (const name of ['Plain Ltd', 'Under_Score Ltd', '50% Off', 'Back\\Slash Inc']) await createOrganization(db, { name });
    for (const title of ['Printer down', 'Error in field_name', 'Disk 99% full', 'Path C:\\temp']) await createTicket(db, { title });
  });
  after(() => close());

  const emails = async (search: string) => (await listPeople(db, 'customers', { search })).items.map((p) => p.email).sort();

  it('finds people by the character itself', async () => {
    assert.deepEqual(await emails('_'), ['under_score@search.example']);
    assert.deepEqual(await emails('%'), ['pct@search.example']);
    assert.deepEqual(await emails('\\'), ['back@search.example']);
    assert.deepEqual(await emails('sam 100%'), ['pct@search.example']);
    assert.equal((await emails('sam')).length, 4);
  });

  it('finds organizations and tickets the same way', async () => {
    const names = async (search: string) => (await listOrganizations(db, { search })).items.map((o) => o.name);
    assert.deepEqual(await names('_'), ['Under_Score Ltd']);
    assert.deepEqual(await names('%'), ['50% Off']);
    assert.deepEqual(await names('\\'), ['Back\\Slash Inc']);
    const titles = async (search: string) => (await listTickets(db, { search })).items.map((t) => t.title);
    assert.deepEqual(await titles('_'), ['Error in field_name']);
    assert.deepEqual(await titles('%'), ['Disk 99% full']);
    assert.deepEqual(await titles('\\'), ['Path C:\\temp']);
    assert.equal((await listTickets(db, { search: '_' })).total, 1);
  });
});
