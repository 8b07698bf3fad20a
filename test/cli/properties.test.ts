import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../../src/db/database.js';
import { createPerson } from '../../src/db/repositories/people.js';
import { listProperties } from '../../src/db/repositories/properties.js';
import { TEST_DIALECT, type TestDatabase, withDatabase } from '../support/database.js';
import { rosterOk, runRoster } from './run-roster.js';

describe(`roster properties rename and remove (${TEST_DIALECT})`, () => {
  let testDb: TestDatabase;
  let db: Database;
  let close: () => Promise<void>;

  before(async () => {
    ({ db, test: testDb, close } = await withDatabase());
  });
  after(() => close());

  it('refuses a built-in name as a key in one line', async () => {
    const run = await runRoster(
      ['properties', 'customers', 'add', '--key', 'constructor', '--label', 'Maker', '--type', 'text'],
      testDb.env,
    );
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      'roster: The key "constructor" is a name every JavaScript object already has, so Roster cannot store it; choose another key.\n',
    );
  });

  it('renames a label and removes a property with its values', async () => {
    await rosterOk(['properties', 'customers', 'add', '--key', 'tier', '--label', 'Tier', '--type', 'text'], testDb.env);
    await createPerson(db, 'customers', { email: 'gold@cli.example', firstName: 'Gil', lastName: 'Gold', tier: 'gold' });
    assert.equal(
      await rosterOk(['properties', 'customers', 'rename', 'tier', '--label', 'Level'], testDb.env),
      'The property tier of customers is labelled "Level" now.\n',
    );
    assert.equal((await listProperties(db, 'customers')).find((p) => p.key === 'tier')?.label, 'Level');
    assert.equal(
      await rosterOk(['properties', 'customers', 'remove', 'tier'], testDb.env),
      'Removed the property "Level" (tier) from customers; 1 value was erased.\n',
    );
    assert.equal(
      (await listProperties(db, 'customers')).some((p) => p.key === 'tier'),
      false,
    );
    const again = await runRoster(['properties', 'customers', 'remove', 'tier'], testDb.env);
    assert.deepEqual([again.code, again.stderr], [1, 'roster: customers have no property with the key "tier".\n']);
  });
});
