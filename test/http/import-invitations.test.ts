import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECT } from '../support/database.js';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox.js';
import { setUpAdmin, startTestServer, type TestServer } from './helpers.js';

/** Uploads `csv`, dry-runs it and returns the dry run's id, ready to commit. */
async function dryRun(server: TestServer, cookie: string, csv: string, entity = 'users'): Promise<number> {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), `${entity}.csv`);
  const response = await fetch(`${server.baseUrl}/api/imports/uploads?entity=${entity}`, {
    method: 'POST',
    headers: { cookie, origin: server.baseUrl },
    body: form,
  });
  const uploaded = (await response.json()) as { id: number };
  assert.equal(response.status, 201, JSON.stringify(uploaded));
  const dry = await server.call('POST', `/api/imports/${uploaded.id}/dry-run`, { cookie, body: {} });
  assert.equal(dry.status, 200, JSON.stringify(dry.body));
  return dry.body.id as number;
}

/** The invitations of an import once the server has sent them. */
async function invitationsOf(server: TestServer, cookie: string, id: number) {
  for (;;) {
    const answer = await server.call('GET', `/api/imports/${id}/invitations`, { cookie });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    if (answer.body.state !== 'pending') return answer.body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const USERS = [
  'Email,First Name,Last Name,Status',
  'grace@import.test,Grace,Hopper,active',
  'alan@import.test,Alan,Turing,',
  'gone@import.test,Gone,Away,deactivated',
  'old@import.test,Old,Hand,',
].join('\n');

describe(`inviting the users an import created, without mail (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;

  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
    const old = await server.call('POST', '/api/users', {
      cookie: admin,
      body: { email: 'old@import.test', firstName: 'Old', lastName: 'Hand' },
    });
    assert.equal(old.status, 201, JSON.stringify(old.body));
  });
  after(async () => {
    await server.close();
  });

  it('invites each user the commit created who can be invited, and lists the links to copy', async () => {
    const id = await dryRun(server, admin, USERS);
    const commit = await server.call('POST', `/api/imports/${id}/commit`, { cookie: admin, body: { invite: true } });
    assert.equal(commit.status, 202, JSON.stringify(commit.body));
    const outcome = await invitationsOf(server, admin, id);
    assert.equal(outcome.state, 'done');
    assert.equal(outcome.mailConfigured, false);
    assert.deepEqual(
      outcome.items.map((i: { email: string; mailed: boolean; purpose: string }) => [i.email, i.mailed, i.purpose]),
      [
        ['grace@import.test', false, 'invitation'],
        ['alan@import.test', false, 'invitation'],
      ],
      'the user the import only updated is not invited',
    );
    assert.deepEqual(
      outcome.problems.map((p: { email: string; message: string }) => [p.email, p.message]),
      [['gone@import.test', 'gone@import.test is deactivated and cannot sign in; make them active first.']],
    );
    const grace = outcome.items[0];
    assert.ok(grace.url.startsWith(`${server.baseUrl}/invitation/`), grace.url);
    assert.match(grace.message, /^No mail is set up \(ROSTER_SMTP_URL\), so nothing was sent: copy the link to grace@import\.test/);
    const opened = await server.call('GET', `/api/invitations/${grace.url.split('/').pop()}`);
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    assert.deepEqual([opened.body.email, opened.body.state], ['grace@import.test', 'valid']);
    const list = await server.call('GET', '/api/users?search=import.test', { cookie: admin });
    assert.equal(list.body.total, 4);
  });

  it('invites nobody unless asked, and refuses to invite for an import of another kind', async () => {
    const id = await dryRun(server, admin, 'Email,First Name,Last Name\nquiet@import.test,Quiet,One');
    const plain = await server.call('POST', `/api/imports/${id}/commit`, { cookie: admin });
    assert.equal(plain.status, 202, JSON.stringify(plain.body));
    for (;;) {
      const report = await server.call('GET', `/api/imports/${id}`, { cookie: admin });
      if (report.body.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual((await invitationsOf(server, admin, id)).state, 'none');
    const pending = await server.db.kysely.selectFrom('invitations').select('id').where('usedAt', 'is', null).execute();
    assert.equal(pending.length, 2, 'only the two invitations of the test before');

    const customers = await dryRun(server, admin, 'Email,First Name,Last Name\ncustomer@import.test,Cus,Tomer', 'customers');
    const refused = await server.call('POST', `/api/imports/${customers}/commit`, { cookie: admin, body: { invite: true } });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.field, 'invite');
    assert.equal(
      (await server.call('GET', `/api/imports/${customers}`, { cookie: admin })).body.status,
      'dry-run',
      'nothing was committed',
    );
  });
});

describe(`inviting the users an import created, by mail (${TEST_DIALECT})`, () => {
  let inbox: SmtpInbox;
  let server: TestServer;
  let admin: string;

  before(async () => {
    inbox = await startSmtpInbox();
    server = await startTestServer({ settings: { smtpUrl: inbox.url, mailFrom: 'Roster <roster@helpdesk.example>' } });
    admin = await setUpAdmin(server);
  });
  after(async () => {
    await server?.close();
    await inbox?.close();
  });

  it('mails each invitation and shows no link', async () => {
    const id = await dryRun(server, admin, 'Email,First Name,Last Name\nada@mail-import.test,Ada,Lovelace\nbob@mail-import.test,Bob,Kahn');
    assert.equal((await server.call('POST', `/api/imports/${id}/commit`, { cookie: admin, body: { invite: true } })).status, 202);
    const outcome = await invitationsOf(server, admin, id);
    assert.equal(outcome.mailConfigured, true);
    assert.deepEqual(
      outcome.items.map((i: { email: string; mailed: boolean; url?: string }) => [i.email, i.mailed, i.url]),
      [
        ['ada@mail-import.test', true, undefined],
        ['bob@mail-import.test', true, undefined],
      ],
    );
    const mail = await inbox.waitFor('to ada', (m) => m.to.includes('ada@mail-import.test'));
    assert.equal(mail.subject, 'You are invited to Roster');
    await inbox.waitFor('to bob', (m) => m.to.includes('bob@mail-import.test'));
  });
});
