import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { createSession, principalForSession, verifyCredentials } from '../../src/db/repositories/auth.js';
import { acceptSignInLink, describeSignInLink } from '../../src/db/repositories/invitations.js';
import { createPerson } from '../../src/db/repositories/people.js';
import { TEST_DIALECT, type TestDatabase, withDatabase } from '../support/database.js';
import { linkIn, startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox.js';
import { ROOT, runRoster, type RosterRun } from './run-roster.js';

/** Runs the real bin/roster.js with `input` written to its stdin, as `printf … | roster …` does. */
function rosterWithInput(args: string[], env: Record<string, string>, input: string): Promise<RosterRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/roster.js', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe(`roster users set-password --password-stdin and users invite (${TEST_DIALECT})`, () => {
  let testDb: TestDatabase;
  let db: Database;
  let close: () => Promise<void>;
  let inbox: SmtpInbox;

  before(async () => {
    ({ db, test: testDb, close } = await withDatabase());
    inbox = await startSmtpInbox();
    for (const [email, firstName] of [
      ['grace@example.com', 'Grace'],
      ['alan@example.com', 'Alan'],
      ['edsger@example.com', 'Edsger'],
      ['barbara@example.com', 'Barbara'],
    ] as const)
      await createPerson(db, 'users', { email, firstName, lastName: 'Example' });
  });
  after(async () => {
    await inbox?.close();
    await close?.();
  });

  it('reads the password from stdin, without its line ending, and ends the user’s sessions', async () => {
    const person = await db.kysely.selectFrom('people').select('id').where('email', '=', 'grace@example.com').executeTakeFirstOrThrow();
    const session = await createSession(db, person.id);
    const run = await rosterWithInput(
      ['users', 'set-password', '--email', 'grace@example.com', '--password-stdin'],
      testDb.env,
      'piped secret words\r\n',
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'The password of grace@example.com is set; their sessions have ended.\n');
    assert.equal((await verifyCredentials(db, 'grace@example.com', 'piped secret words'))?.email, 'grace@example.com');
    assert.equal(await verifyCredentials(db, 'grace@example.com', 'piped secret words\r'), undefined);
    assert.equal(await principalForSession(db, session.token), undefined, 'the earlier session ended');
  });

  it('creates an admin with the password from stdin', async () => {
    const run = await rosterWithInput(
      ['admin', 'create', '--email', 'root@example.com', '--password-stdin'],
      testDb.env,
      'admin secret words\n',
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Admin root@example\.com \(user \d+\) can sign in now\.\n$/);
    assert.equal((await verifyCredentials(db, 'root@example.com', 'admin secret words'))?.role, 'admin');
  });

  it('refuses several lines, both password flags, and a short password from stdin', async () => {
    const args = ['users', 'set-password', '--email', 'grace@example.com', '--password-stdin'];
    const several = await rosterWithInput(args, testDb.env, 'first line\nsecond line\n');
    assert.equal(several.code, 2);
    assert.equal(several.stderr, 'roster: --password-stdin reads one line, and the input has several.\n');
    const both = await rosterWithInput([...args, '--password', 'a long enough secret'], testDb.env, 'piped secret words\n');
    assert.equal(both.code, 2);
    assert.equal(both.stderr, 'roster: give --password or --password-stdin, not both.\n');
    const short = await rosterWithInput(args, testDb.env, 'short\n');
    assert.equal(short.code, 1);
    assert.equal(short.stderr, 'roster: The password must be at least 10 characters long.\n');
    assert.ok(await verifyCredentials(db, 'grace@example.com', 'piped secret words'), 'the password is unchanged');
  });

  it('prints one working link per user when no mail is set up', async () => {
    const env = { ...testDb.env, ROSTER_PUBLIC_URL: 'https://roster.example.com' };
    const run = await runRoster(['users', 'invite', '--email', 'alan@example.com', '--email', 'Edsger@Example.com'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const links = run.stdout.trimEnd().split('\n');
    assert.equal(links.length, 2);
    for (const link of links) assert.match(link, /^https:\/\/roster\.example\.com\/invitation\/[A-Za-z0-9_-]{40,}$/);
    const info = await describeSignInLink(db.kysely, links[1]!.split('/').at(-1)!);
    assert.deepEqual([info?.email, info?.state, info?.purpose], ['edsger@example.com', 'valid', 'invitation']);
    const user = await acceptSignInLink(db, links[0]!.split('/').at(-1)!, 'alan’s own password');
    assert.equal(user.email, 'alan@example.com');
  });

  it('invites the others and names, in one line each, the emails it could not invite', async () => {
    const run = await runRoster(
      ['users', 'invite', '--email', 'nobody@example.com', '--email', 'barbara@example.com', '--email', 'grace@example.com', '--json'],
      testDb.env,
    );
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      [
        'roster: ROSTER_PUBLIC_URL is not set; the links start with http://127.0.0.1:3000, roster serve’s default address.',
        'roster: No user has the email nobody@example.com.',
        'roster: grace@example.com can already sign in; reset their password instead.',
        '',
      ]
        .join('\n')
        .replace('’', "'"),
    );
    const invited = JSON.parse(run.stdout);
    assert.equal(invited.length, 1);
    assert.equal(invited[0].email, 'barbara@example.com');
    assert.equal(invited[0].mailed, false);
    assert.match(invited[0].url, /^http:\/\/127\.0\.0\.1:3000\/invitation\//);
  });

  it('mails the invitation when ROSTER_SMTP_URL is set', async () => {
    const env = { ...testDb.env, ROSTER_SMTP_URL: inbox.url, ROSTER_PUBLIC_URL: 'https://roster.example.com/' };
    const run = await runRoster(['users', 'invite', '--email', 'edsger@example.com'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^An invitation was sent to edsger@example\.com; it works once, until .+ UTC\.\n$/);
    const mail = await inbox.waitFor('to edsger', (m) => m.to.includes('edsger@example.com'));
    assert.equal(mail.subject, 'You are invited to Roster');
    const link = linkIn(mail);
    assert.match(link, /^https:\/\/roster\.example\.com\/invitation\/[A-Za-z0-9_-]{40,}$/);
    assert.equal((await acceptSignInLink(db, link.split('/').at(-1)!, 'edsger’s password')).email, 'edsger@example.com');
  });
});
