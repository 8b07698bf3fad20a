import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { createPerson, getPerson, listPeople } from '../../src/db/repositories/people.js';
import {
  createOrganization,
  deleteOrganization,
  getOrganization,
  listOrganizations,
  updateOrganization,
} from '../../src/db/repositories/organizations.js';
import { updateSettings } from '../../src/db/repositories/settings.js';
import { TEST_DIALECT, withDatabase } from '../support/database.js';

describe(`organizations on ${TEST_DIALECT}`, () => {
  let db: Database;
  let close: () => Promise<void>;
  before(async () => ({ db, close } = await withDatabase()));
  after(() => close());

  it('names are unique whatever their case', async () => {
    await createOrganization(db, { name: 'Acme Corp', domains: ['acme.example'] });
    await assert.rejects(createOrganization(db, { name: 'ACME CORP' }), /already exists/);
  });

  it('a new customer joins the organization that owns their email domain', async () => {
    const c = await createPerson(db, 'customers', { email: 'wile@ACME.example', firstName: 'Wile', lastName: 'Coyote' });
    assert.equal(c.organization, 'Acme Corp');
  });

  it('a named organization is used, and created when missing', async () => {
    const c = await createPerson(db, 'customers', {
      email: 'x@whatever.example',
      firstName: 'X',
      lastName: 'Y',
      organization: 'Brand New Ltd',
    });
    assert.equal(c.organization, 'Brand New Ltd');
    const again = await createPerson(db, 'customers', {
      email: 'z@whatever2.example',
      firstName: 'Z',
      lastName: 'Y',
      organization: 'brand new ltd',
    });
    assert.equal(again.organization, 'Brand New Ltd', 'matched case-insensitively, not duplicated');
  });

  it('an unknown domain creates an organization when the setting is on (the default)', async () => {
    const c = await createPerson(db, 'customers', { email: 'ann@initech.example', firstName: 'Ann', lastName: 'I' });
    assert.equal(c.organization, 'initech.example');
    const org = (await listOrganizations(db, { search: 'initech' })).items[0]!;
    assert.deepEqual(org.domains, ['initech.example']);
    const colleague = await createPerson(db, 'customers', { email: 'bob@initech.example', firstName: 'Bob', lastName: 'I' });
    assert.equal(colleague.organization, 'initech.example');
  });

  it('free-mail domains never create or join organizations', async () => {
    const c = await createPerson(db, 'customers', { email: 'someone@gmail.com', firstName: 'S', lastName: 'O' });
    assert.equal(c.organization, null);
    assert.equal((await listOrganizations(db, { search: 'gmail' })).total, 0);
  });

  it('with the setting off, an unknown domain creates nothing', async () => {
    await updateSettings(db, { autoCreateOrganizations: false });
    const c = await createPerson(db, 'customers', { email: 'carl@umbrella.example', firstName: 'Carl', lastName: 'U' });
    assert.equal(c.organization, null);
    assert.equal((await listOrganizations(db, { search: 'umbrella' })).total, 0);
    await updateSettings(db, { autoCreateOrganizations: true });
  });

  it('domains are validated and belong to one organization only', async () => {
    await assert.rejects(createOrganization(db, { name: 'Bad', domains: ['not a domain'] }), /not an email domain/);
    await assert.rejects(createOrganization(db, { name: 'Thief', domains: ['acme.example'] }), /already belongs/);
  });

  it('updates name and domains; members are filtered by organization; delete leaves members', async () => {
    const org = await createOrganization(db, { name: 'Globex' });
    const updated = await updateOrganization(db, org.id, { name: 'Globex Corporation', domains: 'globex.example, @GLOBEX.example' });
    assert.equal(updated.name, 'Globex Corporation');
    assert.deepEqual(updated.domains, ['globex.example']);
    const member = await createPerson(db, 'customers', { email: 'hank@globex.example', firstName: 'Hank', lastName: 'Scorpio' });
    assert.equal((await listPeople(db, 'customers', { organizationId: org.id })).items[0]!.email, 'hank@globex.example');
    await deleteOrganization(db, org.id);
    await assert.rejects(getOrganization(db, org.id), /not found/);
    assert.equal((await getPerson(db, 'customers', member.id)).organization, null);
  });
});
