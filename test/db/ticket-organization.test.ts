import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { deleteOrganization, listOrganizations } from '../../src/db/repositories/organizations.js';
import { createTicket, getTicket, updateTicket } from '../../src/db/repositories/tickets.js';
import { TEST_DIALECT, withDatabase } from '../support/database.js';

describe(`a ticket's organization, by name (${TEST_DIALECT})`, () => {
  let db: Database;
  let close: () => Promise<void>;
  before(async () => {
    ({ db, close } = await withDatabase());
  });
  after(() => close());

  it('joins the organization of that name, case aside, creating it once', async () => {
    const first = await createTicket(db, { title: 'One', organization: 'Acme' });
    const second = await createTicket(db, { title: 'Two', organization: 'ACME' });
    assert.equal(first.organization, 'Acme');
    assert.equal(second.organization, 'Acme');
    assert.deepEqual(
      (await listOrganizations(db)).items.map((o) => o.name),
      ['Acme'],
    );
  });

  it('is cleared by an empty name, and when the organization is deleted', async () => {
    const ticket = await createTicket(db, { title: 'Three', organization: 'Globex' });
    assert.equal((await updateTicket(db, ticket.id, { organization: '' })).organization, null);
    const again = await updateTicket(db, ticket.id, { organization: 'Globex' });
    const globex = (await listOrganizations(db)).items.find((o) => o.name === 'Globex')!;
    assert.equal(again.organization, 'Globex');
    await deleteOrganization(db, globex.id);
    assert.equal((await getTicket(db, ticket.id)).organization, null);
  });
});
