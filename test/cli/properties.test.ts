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

  it('makes a custom property required and optional, and edits its choices', async () => {
    await rosterOk(
      ['properties', 'customers', 'add', '--key', 'plan', '--label', 'Plan', '--type', 'choice', '--choices', 'free,pro'],
      testDb.env,
    );
    assert.equal(
      await rosterOk(['properties', 'customers', 'require', 'plan'], testDb.env),
      'The property plan of customers is required now.\n',
    );
    assert.match(await rosterOk(['properties', 'customers', 'list'], testDb.env), /^plan +Plan +choice +yes +custom +free, pro$/m);
    await assert.rejects(
      createPerson(db, 'customers', { email: 'no-plan@cli.example', firstName: 'N', lastName: 'P' }),
      /Plan is required/,
    );
    assert.equal(
      await rosterOk(['properties', 'customers', 'choices', 'plan', '--choices', 'free,pro,team'], testDb.env),
      'The choices of plan of customers are free, pro, team now.\n',
    );
    const team = await createPerson(db, 'customers', { email: 'team@cli.example', firstName: 'T', lastName: 'M', plan: 'Team' });
    assert.equal(team.plan, 'team');
    assert.equal(
      await rosterOk(['properties', 'customers', 'optional', 'plan'], testDb.env),
      'The property plan of customers is optional now.\n',
    );
    await createPerson(db, 'customers', { email: 'no-plan@cli.example', firstName: 'N', lastName: 'P' });

    const standard = await runRoster(['properties', 'customers', 'require', 'city'], testDb.env);
    assert.deepEqual(
      [standard.code, standard.stderr],
      [1, 'roster: "city" is a standard property: its requirement cannot change, only whether it is hidden from forms.\n'],
    );
  });

  it('hides a standard property from the web forms and shows it again, but never Email', async () => {
    assert.equal(
      await rosterOk(['properties', 'customers', 'hide', 'title'], testDb.env),
      'The property title of customers is hidden from the web forms now.\n',
    );
    assert.match(await rosterOk(['properties', 'customers', 'list'], testDb.env), /^title +Title +text +yes +standard *$/m);
    assert.equal((await listProperties(db, 'customers')).find((p) => p.key === 'title')?.hidden, true);
    const email = await runRoster(['properties', 'customers', 'hide', 'email'], testDb.env);
    assert.deepEqual(
      [email.code, email.stderr],
      [1, 'roster: Email is required for customers, so every form asks for it: it cannot be hidden.\n'],
    );
    assert.equal(
      await rosterOk(['properties', 'customers', 'show', 'title'], testDb.env),
      'The property title of customers is shown in the web forms now.\n',
    );
    assert.equal((await listProperties(db, 'customers')).find((p) => p.key === 'title')?.hidden, false);
  });

  it('orders the properties by the full list of keys, or moves one before or after another', async () => {
    const keys = (await listProperties(db, 'organizations')).map((p) => p.key);
    assert.deepEqual(keys, ['name', 'domains']);
    assert.equal(
      await rosterOk(['properties', 'organizations', 'order', 'domains,name'], testDb.env),
      'The properties of organizations are in this order now: domains, name.\n',
    );
    const missing = await runRoster(['properties', 'organizations', 'order', 'name'], testDb.env);
    assert.deepEqual(
      [missing.code, missing.stderr],
      [1, 'roster: The order must name every property of organizations; it leaves out "domains".\n'],
    );
    assert.equal(
      await rosterOk(['properties', 'organizations', 'move', 'name', '--before', 'domains'], testDb.env),
      'The properties of organizations are in this order now: name, domains.\n',
    );
    await rosterOk(['properties', 'customers', 'move', 'plan', '--after', 'email'], testDb.env);
    assert.deepEqual(
      (await listProperties(db, 'customers')).slice(0, 3).map((p) => p.key),
      ['email', 'plan', 'firstName'],
    );
    const unknown = await runRoster(['properties', 'customers', 'move', 'plan', '--after', 'hatSize'], testDb.env);
    assert.deepEqual([unknown.code, unknown.stderr], [1, 'roster: customers have no property "hatSize".\n']);
    const neither = await runRoster(['properties', 'customers', 'move', 'plan'], testDb.env);
    assert.deepEqual([neither.code, neither.stderr], [2, 'roster: give --before <key> or --after <key>.\n']);
  });

  it('counts the values of a property before removing it', async () => {
    assert.equal(await rosterOk(['properties', 'customers', 'usage', 'plan'], testDb.env), '1 of the customers has a value for plan.\n');
    assert.equal(
      await rosterOk(['properties', 'customers', 'remove', 'plan'], testDb.env),
      'Removed the property "Plan" (plan) from customers; 1 value was erased.\n',
    );
    const gone = await runRoster(['properties', 'customers', 'usage', 'plan'], testDb.env);
    assert.deepEqual([gone.code, gone.stderr], [1, 'roster: customers have no property with the key "plan".\n']);
  });
});
