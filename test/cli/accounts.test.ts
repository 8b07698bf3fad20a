import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../src/db/database.js';
import { principalForApiToken, verifyCredentials } from '../../src/db/repositories/auth.js';
import { createPerson } from '../../src/db/repositories/people.js';
import { TEST_DIALECT, type TestDatabase, withDatabase } from '../support/database.js';
import { ROOT, rosterOk, runRoster } from './run-roster.js';

describe(`roster admin, users set-password and token (${TEST_DIALECT})`, () => {
  let testDb: TestDatabase;
  let db: Database;
  let close: () => Promise<void>;

  before(async () => {
    ({ db, test: testDb, close } = await withDatabase());
  });
  after(() => close());

  it('uses the database the environment names: roster.db in ROSTER_DATA_DIR for SQLite, none with DATABASE_URL', async () => {
    await rosterOk(['settings', 'show'], testDb.env);
    const file = path.join(testDb.env.ROSTER_DATA_DIR!, 'roster.db');
    assert.equal(fs.existsSync(file), TEST_DIALECT === 'sqlite');
  });

  it('creates an admin who can sign in, and a token that acts as them', async () => {
    const created = await rosterOk(
      [
        'admin',
        'create',
        '--email',
        'Ada@Example.com',
        '--password',
        'correct horse battery',
        '--first-name',
        'Ada',
        '--last-name',
        'Lovelace',
      ],
      testDb.env,
    );
    assert.match(created, /ada@example\.com/);
    const principal = await verifyCredentials(db, 'ada@example.com', 'correct horse battery');
    assert.equal(principal?.role, 'admin');
    assert.equal(principal?.firstName, 'Ada');

    const stdout = await rosterOk(['token', 'create', '--email', 'ada@example.com', '--name', 'backup'], testDb.env);
    assert.match(stdout, /^rst_[A-Za-z0-9_-]{20,}\n$/, 'the token alone on one line');
    const acting = await principalForApiToken(db, stdout.trim());
    assert.equal(acting?.email, 'ada@example.com');
    assert.equal(await principalForApiToken(db, stdout.trim() + 'x'), undefined);
  });

  it('refuses a short password with one line naming it, and creates nobody', async () => {
    const run = await runRoster(['admin', 'create', '--email', 'short@example.com', '--password', 'short'], testDb.env);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, 'roster: The password must be at least 10 characters long.\n');
    assert.equal(run.stdout, '');
    assert.equal(await verifyCredentials(db, 'short@example.com', 'short'), undefined);
  });

  it('asks for --password when there is no terminal to prompt on (usage error, exit 2)', async () => {
    const run = await runRoster(['admin', 'create', '--email', 'bob@example.com'], testDb.env);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'roster: --password is required when stdin is not a terminal.\n');
  });

  it('asks for the password twice on a terminal, without echoing it', async () => {
    // util-linux `script` gives the CLI a real pseudo-terminal, so raw mode and isTTY are genuine.
    const command = `'${process.execPath}' bin/roster.js admin create --email tty@example.com`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, ...testDb.env } });
    let output = '';
    let answered = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const prompts = output.match(/Password( again)?: /g)?.length ?? 0;
      while (answered < prompts) {
        child.stdin.write('typed on a terminal\r');
        answered++;
      }
    });
    const [code] = (await once(child, 'close')) as [number | null];
    assert.equal(code, 0, output);
    assert.equal(answered, 2);
    assert.doesNotMatch(output, /typed on a terminal/, 'the password is not echoed');
    assert.match(output, /Admin tty@example\.com \(user \d+\) can sign in now\./);
    assert.equal((await verifyCredentials(db, 'tty@example.com', 'typed on a terminal'))?.role, 'admin');
  });

  it('sets the password of an existing user, who can then sign in', async () => {
    await createPerson(db, 'users', { email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' });
    assert.equal(await verifyCredentials(db, 'grace@example.com', 'a long enough secret'), undefined);
    await rosterOk(['users', 'set-password', '--email', 'grace@example.com', '--password', 'a long enough secret'], testDb.env);
    assert.equal((await verifyCredentials(db, 'grace@example.com', 'a long enough secret'))?.role, 'agent');
  });

  it('names the email that belongs to no user', async () => {
    await createPerson(db, 'customers', { email: 'carol@client.test', firstName: 'Carol', lastName: 'Client' });
    for (const args of [
      ['users', 'set-password', '--email', 'carol@client.test', '--password', 'a long enough secret'],
      ['token', 'create', '--email', 'nobody@example.com'],
    ]) {
      const run = await runRoster(args, testDb.env);
      assert.equal(run.code, 1, args.join(' '));
      assert.match(run.stderr, /^roster: No user has the email (carol@client\.test|nobody@example\.com)\.\n$/);
    }
  });
});
