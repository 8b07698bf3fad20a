import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_DIALECT, createTestDatabase, type TestDatabase } from '../support/database.js';
import { ROOT, rosterOk, runRoster } from './run-roster.js';

describe(`roster usage, help and errors (${TEST_DIALECT})`, () => {
  let testDb: TestDatabase;

  before(async () => {
    testDb = await createTestDatabase();
  });
  after(async () => {
    await testDb.drop();
  });

  it('prints the package version', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(await rosterOk(['--version'], testDb.env), `${pkg.version}\n`);
  });

  it('describes every command group with examples, and each command with its own', async () => {
    const help = await rosterOk(['--help'], testDb.env);
    for (const group of ['serve', 'users', 'customers', 'organizations', 'tickets', 'properties', 'admin', 'token', 'settings']) {
      assert.match(help, new RegExp(`^  ${group}\\b.* {2,}\\S`, 'm'), `${group} has a description`);
    }
    assert.match(help, /Examples:\n {2}roster /);
    assert.match(help, /Exit codes: 0 ok, 1 the command failed, 2 bad usage/);
    assert.match(await rosterOk(['users', '--help'], testDb.env), /set-password \[options\] +Set or replace the password/);
    assert.match(await rosterOk(['tickets', 'export', '--help'], testDb.env), /Examples:\n {2}roster tickets export > tickets\.csv/);
  });

  it('answers an unknown command or flag with one line and exit 2, suggesting the near miss', async () => {
    const command = await runRoster(['customer', 'list'], testDb.env);
    assert.equal(command.code, 2);
    assert.equal(command.stderr, "roster: unknown command 'customer' (Did you mean customers?)\n");
    const flag = await runRoster(['customers', 'export', '--jsno'], testDb.env);
    assert.equal(flag.code, 2);
    assert.equal(flag.stderr, "roster: unknown option '--jsno' (Did you mean --json?)\n");
    const missing = await runRoster(['token', 'create'], testDb.env);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, "roster: required option '--email <email>' not specified\n");
  });

  it('reports a database it cannot open in one line, exit 1', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'roster-cli-')), 'not-a-dir');
    fs.writeFileSync(file, '');
    const run = await runRoster(['settings', 'show'], { ROSTER_DATA_DIR: file, DATABASE_URL: '' });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^roster: [^\n]*not-a-dir[^\n]*\n$/);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
