import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_DIALECT, type TestDatabase, withDatabase } from '../support/database.js';
import { runRoster } from './run-roster.js';

describe(`roster refuses values over their length limit (${TEST_DIALECT})`, () => {
  let testDb: TestDatabase;
  let close: () => Promise<void>;
  before(async () => {
    ({ test: testDb, close } = await withDatabase());
  });
  after(() => close());

  it('says so in one line for a first name of 201 characters', async () => {
    const run = await runRoster(
      ['admin', 'create', '--email', 'ada@limits.example', '--password', 'a long password', '--first-name', 'A'.repeat(201)],
      testDb.env,
    );
    assert.equal(run.code, 1);
    assert.equal(run.stderr, 'roster: First Name: the value is 201 characters long, more than the 200 First Name can hold.\n');
  });
});
