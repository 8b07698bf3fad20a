import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/http/app.js';
import { TEST_DIALECT } from '../support/database.js';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox.js';
import { callServer, setUpAdmin, startTestServer, type TestServer } from './helpers.js';

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

/** Commits the dry run `id` and waits until the background commit has finished; returns its status. */
async function commit(server: TestServer, cookie: string, id: number): Promise<string> {
  const started = await server.call('POST', `/api/imports/${id}/commit`, { cookie });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  for (;;) {
    const report = await server.call('GET', `/api/imports/${id}`, { cookie });
    if (report.body.status !== 'running') return report.body.status as string;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const invite = (server: TestServer, cookie: string, id: number) => server.call('POST', `/api/imports/${id}/invitations`, { cookie });

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

  it('invites each user the import created who can be invited, with the links to copy in the answer, and nobody twice', async () => {
    const id = await dryRun(server, admin, USERS);
    assert.equal(await commit(server, admin, id), 'completed');
    const answer = await invite(server, admin, id);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const outcome = answer.body;
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
    const list = await server.call('GET', '/api/users?search=import.test', { cookie: admin });
    assert.equal(list.body.total, 4);

    const again = await invite(server, admin, id);
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.deepEqual(again.body.items, [], 'nobody is invited twice');
    assert.deepEqual(
      again.body.problems.map((p: { email: string; message: string }) => [p.email, p.message.replace(/\d{4}-\d\d-\d\d/, 'DAY')]),
      [
        ['grace@import.test', 'grace@import.test was already invited; their link works until DAY. Resend their invitation to replace it.'],
        ['alan@import.test', 'alan@import.test was already invited; their link works until DAY. Resend their invitation to replace it.'],
        ['gone@import.test', 'gone@import.test is deactivated and cannot sign in; make them active first.'],
      ],
    );
    const opened = await server.call('GET', `/api/invitations/${grace.url.split('/').pop()}`);
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    assert.deepEqual([opened.body.email, opened.body.state], ['grace@import.test', 'valid'], 'the first link still works');
  });

  it('invites from another instance on the same database', async () => {
    const id = await dryRun(server, admin, 'Email,First Name,Last Name\nshared@import.test,Shared,Base');
    assert.equal(await commit(server, admin, id), 'completed');
    const other = await buildApp({ db: server.db, config: server.test.config });
    await other.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = other.server.address();
      const otherUrl = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
      const answer = await callServer(otherUrl, 'POST', `/api/imports/${id}/invitations`, { cookie: admin });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual(
        answer.body.items.map((i: { email: string; url: string }) => [i.email, i.url.startsWith(`${otherUrl}/invitation/`)]),
        [['shared@import.test', true]],
      );
      const opened = await server.call('GET', `/api/invitations/${answer.body.items[0].url.split('/').pop()}`);
      assert.deepEqual([opened.body.email, opened.body.state], ['shared@import.test', 'valid'], 'the first instance knows the link');
    } finally {
      await other.close();
    }
  });

  it('refuses before the import has completed, after it was undone, and for an import of another kind', async () => {
    const id = await dryRun(server, admin, 'Email,First Name,Last Name\nquiet@import.test,Quiet,One');
    const early = await invite(server, admin, id);
    assert.equal(early.status, 409, JSON.stringify(early.body));
    assert.equal(early.body.error.message, `Import ${id} has not completed (its status is dry-run): invite its users once it has.`);
    assert.equal(await commit(server, admin, id), 'completed');
    const undone = await server.call('POST', `/api/imports/${id}/undo`, { cookie: admin });
    assert.equal(undone.status, 200, JSON.stringify(undone.body));
    const late = await invite(server, admin, id);
    assert.equal(late.status, 409, JSON.stringify(late.body));
    assert.match(late.body.error.message, /has not completed \(its status is undone\)/);

    const customers = await dryRun(server, admin, 'Email,First Name,Last Name\ncustomer@import.test,Cus,Tomer', 'customers');
    assert.equal(await commit(server, admin, customers), 'completed');
    const refused = await invite(server, admin, customers);
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    assert.equal(refused.body.error.field, 'entity');
    assert.equal(refused.body.error.message, `Import ${customers} is of customers: only imported users can be invited.`);
    const quiet = await server.db.kysely
      .selectFrom('invitations')
      .innerJoin('people', 'people.id', 'invitations.personId')
      .select('people.email')
      .where('people.email', 'in', ['quiet@import.test', 'customer@import.test'])
      .execute();
    assert.deepEqual(quiet, [], 'nobody was invited');
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
    assert.equal(await commit(server, admin, id), 'completed');
    const answer = await invite(server, admin, id);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const outcome = answer.body;
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
