import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { describeSignInLink } from '../../src/db/repositories/invitations.js';
import { TEST_DIALECT, type TestDatabase, withDatabase } from '../support/database.js';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox.js';
import { runRoster } from './run-roster.js';

describe(`roster import users --invite (${TEST_DIALECT})`, () => {
  let testDb: TestDatabase;
  let db: Database;
  let close: () => Promise<void>;
  let dir: string;
  let inbox: SmtpInbox;
  const file = (name: string, text: string) => {
    const at = path.join(dir, name);
    fs.writeFileSync(at, text);
    return at;
  };
  const env = () => ({ ...testDb.env, ROSTER_PUBLIC_URL: 'https://roster.example' });

  before(async () => {
    ({ db, test: testDb, close } = await withDatabase());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-import-invite-'));
    inbox = await startSmtpInbox();
  });
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await inbox.close();
    await close();
  });

  it('without mail, prints a link for each user the import created, and says that no mail is set up', async () => {
    const csv = file(
      'staff.csv',
      'Email,First Name,Last Name,Status\nmaria@cli.test,María,López,\ntom@cli.test,Tom,Baker,\nleft@cli.test,Left,Us,deactivated\n',
    );
    const run = await runRoster(['import', 'users', csv, '--invite'], env());
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /No mail is set up \(ROSTER_SMTP_URL\), so nothing was sent: copy each link to its user; each works once, for 7 days\./,
    );
    const links = [...run.stdout.matchAll(/^ {2}(\S+@cli\.test) {2}(https:\/\/roster\.example\/invitation\/(\S+))$/gm)];
    assert.deepEqual(
      links.map((m) => m[1]),
      ['maria@cli.test', 'tom@cli.test'],
    );
    const info = await describeSignInLink(db.kysely, links[0]![3]!);
    assert.deepEqual([info?.email, info?.state, info?.purpose], ['maria@cli.test', 'valid', 'invitation']);
    assert.match(run.stdout, /Not invited: left@cli\.test is deactivated and cannot sign in; make them active first\./);
  });

  it('--json adds the invitations to the report; a user the import only updated is not invited', async () => {
    const csv = file('again.csv', 'Email,First Name,Last Name\nmaria@cli.test,María,López-Ruiz\nnew@cli.test,New,Hire\n');
    const run = await runRoster(['import', 'users', csv, '--invite', '--json'], env());
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as {
      updated: number;
      created: number;
      invitations: { invited: { email: string; mailed: boolean; url?: string }[] };
    };
    assert.deepEqual([report.created, report.updated], [1, 1]);
    assert.deepEqual(
      report.invitations.invited.map((i) => [i.email, i.mailed, i.url?.startsWith('https://roster.example/invitation/')]),
      [['new@cli.test', false, true]],
    );
  });

  it('with ROSTER_SMTP_URL, mails the invitations', async () => {
    const csv = file('mailed.csv', 'Email,First Name,Last Name\nada@cli.test,Ada,Lovelace\n');
    const run = await runRoster(['import', 'users', csv, '--invite'], { ...env(), ROSTER_SMTP_URL: inbox.url });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^An invitation was sent to ada@cli\.test; it works once, until .+\.$/m);
    assert.doesNotMatch(run.stdout, /\/invitation\//);
    const mail = await inbox.waitFor('to ada', (m) => m.to.includes('ada@cli.test'));
    assert.equal(mail.subject, 'You are invited to Roster');
  });

  it('refuses --invite for another kind, or with --dry-run, before reading the file', async () => {
    const csv = file('customers.csv', 'Email,First Name,Last Name\nc@cli.test,C,Ustomer\n');
    const customers = await runRoster(['import', 'customers', csv, '--invite'], env());
    assert.equal(customers.code, 1);
    assert.equal(customers.stderr.trim(), 'roster: --invite invites imported users: it does not go with an import of customers.');
    const dry = await runRoster(['import', 'users', csv, '--invite', '--dry-run'], env());
    assert.equal(dry.code, 1);
    assert.match(dry.stderr, /--invite does not go with --dry-run/);
    const row = await db.kysely.selectFrom('people').select('id').where('email', '=', 'c@cli.test').executeTakeFirst();
    assert.equal(row, undefined);
  });
});
