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
import { addProperty } from '../../src/db/repositories/properties.js';
import { updateSettings } from '../../src/db/repositories/settings.js';
import { InputError } from '../../src/core/record-input.js';
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
    const acme = (await listOrganizations(db, { search: 'acme corp' })).items[0]!;
    assert.equal(c.organizationId, acme.id, 'records carry the organization id beside its name');
    assert.equal((await listPeople(db, 'customers', { search: 'wile' })).items[0]!.organizationId, acme.id);
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
    const orphan = await getPerson(db, 'customers', member.id);
    assert.equal(orphan.organization, null);
    assert.equal(orphan.organizationId, null);
  });

  describe('custom properties', () => {
    before(async () => {
      await addProperty(db, 'organizations', { key: 'tier', label: 'Tier', type: 'choice', choices: ['Gold', 'Silver'] });
      await addProperty(db, 'organizations', { key: 'seats', label: 'Seats', type: 'number' });
      await addProperty(db, 'organizations', { key: 'partner', label: 'Partner', type: 'boolean' });
      await addProperty(db, 'organizations', { key: 'renewal', label: 'Renewal', type: 'date' });
      await addProperty(db, 'organizations', { key: 'accountCode', label: 'Account Code', type: 'text' });
    });

    it('are stored on create and returned typed under their keys, after name and domains', async () => {
      const org = await createOrganization(db, {
        name: 'Umbrella',
        domains: ['umbrella.test'],
        tier: 'gold',
        seats: '0120',
        partner: 'yes',
        renewal: '2027-03-01',
        accountCode: '007 Ünïcode 🚀',
      });
      assert.equal(org.tier, 'Gold', 'a choice is stored as the choice is spelled');
      assert.equal(org.seats, 120);
      assert.equal(org.partner, true);
      assert.equal(org.renewal, '2027-03-01');
      assert.equal(org.accountCode, '007 Ünïcode 🚀', 'leading zeros and unicode survive');
      assert.deepEqual(Object.keys(org), [
        'id',
        'name',
        'domains',
        'tier',
        'seats',
        'partner',
        'renewal',
        'accountCode',
        'createdAt',
        'updatedAt',
      ]);
      assert.deepEqual(await getOrganization(db, org.id), org);
      const listed = (await listOrganizations(db, { search: 'umbrella' })).items[0]!;
      assert.deepEqual(listed, org);
    });

    it('organizations without values show null for every custom key', async () => {
      const org = (await listOrganizations(db, { search: 'acme corp' })).items[0]!;
      assert.equal(org.tier, null);
      assert.equal(org.seats, null);
      assert.equal(org.partner, null);
    });

    it('are changed by update, which leaves absent fields alone and clears with null', async () => {
      const org = (await listOrganizations(db, { search: 'umbrella' })).items[0]!;
      const updated = await updateOrganization(db, org.id, { seats: 5, partner: false, renewal: null });
      assert.equal(updated.seats, 5);
      assert.equal(updated.partner, false);
      assert.equal(updated.renewal, null);
      assert.equal(updated.tier, 'Gold');
      assert.equal(updated.name, 'Umbrella');
      assert.deepEqual(updated.domains, ['umbrella.test']);
    });

    it('reports every bad field at once, naming each, and stores nothing', async () => {
      await assert.rejects(
        createOrganization(db, { name: ' ', tier: 'Bronze', seats: 'many', colour: 'red', domains: ['no way'] }),
        (e: unknown) => {
          assert.ok(e instanceof InputError);
          assert.equal(e.code, 'validation');
          assert.deepEqual(e.problems.map((p) => p.field).sort(), ['colour', 'domains', 'name', 'seats', 'tier']);
          assert.match(e.problems.find((p) => p.field === 'tier')!.message, /Tier: "Bronze" is not one of Gold, Silver/);
          assert.match(e.problems.find((p) => p.field === 'seats')!.message, /Seats: "many" is not a number/);
          return true;
        },
      );
      const org = (await listOrganizations(db, { search: 'umbrella' })).items[0]!;
      await assert.rejects(updateOrganization(db, org.id, { partner: 'perhaps' }), (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.equal(e.location.field, 'partner');
        assert.match(e.message, /Partner: "perhaps" is not yes or no/);
        return true;
      });
      assert.equal((await getOrganization(db, org.id)).partner, false, 'the refused update changed nothing');
    });
  });
});
