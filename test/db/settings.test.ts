import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RosterError } from '../../src/core/errors.js';
import type { Database } from '../../src/db/database.js';
import { getSettings, updateSettings } from '../../src/db/repositories/settings.js';
import { TEST_DIALECT, withDatabase } from '../support/database.js';

function rejectsOn(field: string, message: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof RosterError);
    assert.equal(e.code, 'validation');
    assert.equal(e.location.field, field);
    assert.match(e.message, message);
    return true;
  };
}

describe(`settings on ${TEST_DIALECT}`, () => {
  let db: Database;
  let close: () => Promise<void>;
  before(async () => ({ db, close } = await withDatabase()));
  after(() => close());

  it('start with their defaults', async () => {
    assert.deepEqual(await getSettings(db), { autoCreateOrganizations: true, defaultCountry: null });
  });

  it('store a boolean and a country code, upper-cased and trimmed', async () => {
    assert.deepEqual(await updateSettings(db, { autoCreateOrganizations: false, defaultCountry: ' fr ' }), {
      autoCreateOrganizations: false,
      defaultCountry: 'FR',
    });
    assert.deepEqual(await getSettings(db), { autoCreateOrganizations: false, defaultCountry: 'FR' });
  });

  it('clear the default country with null and leave absent settings alone', async () => {
    assert.deepEqual(await updateSettings(db, { defaultCountry: null }), { autoCreateOrganizations: false, defaultCountry: null });
    assert.deepEqual(await updateSettings(db, { autoCreateOrganizations: true }), { autoCreateOrganizations: true, defaultCountry: null });
  });

  it('refuse a country code that is not two letters or that libphonenumber does not know, naming the field', async () => {
    for (const bad of ['France', 'F', 'ZZ', 'QQ', '', 42]) {
      await assert.rejects(
        updateSettings(db, { defaultCountry: bad }),
        rejectsOn('defaultCountry', /is not a country code Roster knows/),
        String(bad),
      );
    }
  });

  it('refuse an auto-create value that is not true or false, naming the field', async () => {
    for (const bad of ['yes', 'true', 1, null]) {
      await assert.rejects(
        updateSettings(db, { autoCreateOrganizations: bad }),
        rejectsOn('autoCreateOrganizations', /true or false/),
        String(bad),
      );
    }
  });

  it('change nothing when one of several values is bad', async () => {
    await assert.rejects(updateSettings(db, { defaultCountry: 'DE', autoCreateOrganizations: 'sometimes' }), /true or false/);
    assert.deepEqual(await getSettings(db), { autoCreateOrganizations: true, defaultCountry: null });
  });
});
