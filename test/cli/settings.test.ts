import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../../src/db/database.js';
import { getSettings } from '../../src/db/repositories/settings.js';
import { TEST_DIALECT, type TestDatabase, withDatabase } from '../support/database.js';
import { rosterOk, runRoster } from './run-roster.js';

describe(`roster settings (${TEST_DIALECT})`, () => {
  let testDb: TestDatabase;
  let db: Database;
  let close: () => Promise<void>;

  before(async () => {
    ({ db, test: testDb, close } = await withDatabase());
  });
  after(() => close());

  it('shows the defaults, as a table and as JSON', async () => {
    assert.deepEqual(JSON.parse(await rosterOk(['settings', 'show', '--json'], testDb.env)), {
      autoCreateOrganizations: true,
      defaultCountry: null,
    });
    assert.match(await rosterOk(['settings', 'show'], testDb.env), /^Default country +\(none\)$/m);
  });

  it('changes settings, upper-casing the country, and clears the country with "none"', async () => {
    const shown = await rosterOk(['settings', 'set', '--auto-create-organizations', 'false', '--default-country', 'fr'], testDb.env);
    assert.match(shown, /^Auto-create organizations +false$/m);
    assert.deepEqual(await getSettings(db), { autoCreateOrganizations: false, defaultCountry: 'FR' });
    await rosterOk(['settings', 'set', '--default-country', 'none'], testDb.env);
    assert.deepEqual(await getSettings(db), { autoCreateOrganizations: false, defaultCountry: null });
  });

  it('refuses values it cannot read, and a set with nothing to change (exit 2, one line)', async () => {
    for (const args of [
      ['settings', 'set', '--auto-create-organizations', 'maybe'],
      ['settings', 'set', '--default-country', 'France'],
      ['settings', 'set'],
    ]) {
      const run = await runRoster(args, testDb.env);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /^roster: [^\n]+\n$/, args.join(' '));
    }
    assert.deepEqual(await getSettings(db), { autoCreateOrganizations: false, defaultCountry: null });
  });
});
