import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { configFromEnv, DEFAULT_MAIL_FROM } from '../../src/config.js';
import { issueSignInLink } from '../../src/db/repositories/invitations.js';
import { TEST_DIALECT } from '../support/database.js';
import { linkIn, startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox.js';
import { ADMIN, cookieFrom, setUpAdmin, startTestServer, type TestServer } from './helpers.js';

const PASSWORD = 'a password of my own';

/** The token at the end of a link (`…/invitation/<token>` or `…/reset-password/<token>`). */
function tokenOf(url: string): string {
  return url.split('/').at(-1)!;
}

describe('mail settings', () => {
  it('reads ROSTER_SMTP_URL and ROSTER_MAIL_FROM, and refuses a URL that is not smtp:// or smtps://', () => {
    assert.equal(configFromEnv({}).smtpUrl, undefined);
    assert.equal(configFromEnv({}).mailFrom, DEFAULT_MAIL_FROM);
    const config = configFromEnv({ ROSTER_SMTP_URL: ' smtps://u:p@mail.example.com:465 ', ROSTER_MAIL_FROM: 'Help <help@example.com>' });
    assert.equal(config.smtpUrl, 'smtps://u:p@mail.example.com:465');
    assert.equal(config.mailFrom, 'Help <help@example.com>');
    assert.throws(() => configFromEnv({ ROSTER_SMTP_URL: 'https://u:secret@mail.example.com' }), {
      name: 'RosterError',
      message: 'ROSTER_SMTP_URL must be an smtp:// or smtps:// URL such as smtp://mail.example.com:587.',
    });
  });
});

describe(`invitations and password resets without mail (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;
  let userId = 0;

  const createUser = async (email: string): Promise<number> => {
    const created = await server.call('POST', '/api/users', { cookie: admin, body: { email, firstName: 'Grace', lastName: 'Hopper' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body.id;
  };
  const invite = (id: number) => server.call('POST', `/api/users/${id}/invitation`, { cookie: admin });

  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
    userId = await createUser('grace@example.com');
  });
  after(() => server?.close());

  it('shows a new user without access, then invited with the invitation’s end', async () => {
    const before = await server.call('GET', `/api/users/${userId}`, { cookie: admin });
    assert.equal(before.body.access, 'none');
    assert.equal(before.body.invitationExpiresAt, null);

    const answer = await invite(userId);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.mailed, false);
    assert.equal(answer.body.purpose, 'invitation');
    assert.match(answer.body.url, new RegExp(`^${server.baseUrl}/invitation/[A-Za-z0-9_-]{40,}$`));
    assert.match(answer.body.message, /No mail is set up/);
    const days = (Date.parse(answer.body.expiresAt) - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days <= 7, `expires in ${days} days`);

    const after = await server.call('GET', `/api/users/${userId}`, { cookie: admin });
    assert.equal(after.body.access, 'invited');
    assert.equal(after.body.invitationExpiresAt, answer.body.expiresAt);
    const list = await server.call('GET', '/api/users?search=grace', { cookie: admin });
    assert.deepEqual(
      list.body.items.map((u: { email: string; access: string }) => [u.email, u.access]),
      [['grace@example.com', 'invited']],
    );
    const admins = await server.call('GET', '/api/users?search=admin', { cookie: admin });
    assert.equal(admins.body.items[0].access, 'active');
  });

  it('says whom a link is for; the link works once and signs the user in', async () => {
    const { body } = await invite(userId);
    const token = tokenOf(body.url);
    const info = await server.call('GET', `/api/invitations/${token}`);
    assert.equal(info.status, 200);
    assert.deepEqual(
      { ...info.body, expiresAt: undefined },
      { purpose: 'invitation', email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper', state: 'valid', expiresAt: undefined },
    );

    const short = await server.call('POST', `/api/invitations/${token}/accept`, { body: { password: 'short' } });
    assert.equal(short.status, 400);
    assert.equal(short.body.error.message, 'The password must be at least 10 characters long.');
    assert.equal((await server.call('GET', `/api/invitations/${token}`)).body.state, 'valid', 'a refused password leaves the link unused');

    const accepted = await server.call('POST', `/api/invitations/${token}/accept`, { body: { password: PASSWORD } });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.user.email, 'grace@example.com');
    const cookie = cookieFrom(accepted.headers)!;
    assert.equal((await server.call('GET', '/api/me', { cookie })).body.user.id, userId);
    assert.equal((await server.call('POST', '/api/session', { body: { email: 'grace@example.com', password: PASSWORD } })).status, 200);

    const again = await server.call('POST', `/api/invitations/${token}/accept`, { body: { password: 'another password here' } });
    assert.equal(again.status, 409);
    assert.match(again.body.error.message, /already been used/);
    assert.equal((await server.call('GET', `/api/invitations/${token}`)).body.state, 'used');
    assert.equal((await server.call('GET', `/api/users/${userId}`, { cookie: admin })).body.access, 'active');
  });

  it('does not invite a user who can already sign in, a customer, or for an agent', async () => {
    const refused = await invite(userId);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.message, 'grace@example.com can already sign in; reset their password instead.');
    const customer = await server.call('POST', '/api/customers', {
      cookie: admin,
      body: { email: 'carol@client.example', firstName: 'Carol', lastName: 'Client' },
    });
    assert.equal((await invite(customer.body.id)).status, 404);
    const grace = cookieFrom(
      (await server.call('POST', '/api/session', { body: { email: 'grace@example.com', password: PASSWORD } })).headers,
    )!;
    const other = await createUser('alan@example.com');
    const byAgent = await server.call('POST', `/api/users/${other}/invitation`, { cookie: grace });
    assert.equal(byAgent.status, 403);
    assert.equal(byAgent.body.error.message, 'Only an admin may invite users.');
  });

  it('refuses an expired link and shows the user as not invited', async () => {
    const id = await createUser('expired@example.com');
    const link = await issueSignInLink(server.db, id, 'invitation', { expiresAt: new Date(Date.now() - 60_000) });
    assert.equal((await server.call('GET', `/api/invitations/${link.token}`)).body.state, 'expired');
    const accepted = await server.call('POST', `/api/invitations/${link.token}/accept`, { body: { password: PASSWORD } });
    assert.equal(accepted.status, 409);
    assert.match(accepted.body.error.message, /^This link expired on \d{4}-\d\d-\d\d; ask an admin to send a new invitation\.$/);
    assert.equal((await server.call('GET', `/api/users/${id}`, { cookie: admin })).body.access, 'none');
    const unknown = await server.call('GET', '/api/invitations/not-a-token');
    assert.equal(unknown.status, 404);
  });

  it('revokes an invitation, and a resend replaces the earlier link', async () => {
    const id = await createUser('revoked@example.com');
    const first = tokenOf((await invite(id)).body.url);
    const second = tokenOf((await invite(id)).body.url);
    assert.notEqual(first, second);
    assert.equal((await server.call('GET', `/api/invitations/${first}`)).body.state, 'revoked');
    assert.equal((await server.call('GET', `/api/invitations/${second}`)).body.state, 'valid');
    const replaced = await server.call('POST', `/api/invitations/${first}/accept`, { body: { password: PASSWORD } });
    assert.equal(replaced.status, 409);
    assert.match(replaced.body.error.message, /revoked or replaced/);

    const revoked = await server.call('DELETE', `/api/users/${id}/invitation`, { cookie: admin });
    assert.equal(revoked.status, 204);
    assert.equal((await server.call('GET', `/api/invitations/${second}`)).body.state, 'revoked');
    assert.equal((await server.call('POST', `/api/invitations/${second}/accept`, { body: { password: PASSWORD } })).status, 409);
    assert.equal((await server.call('GET', `/api/users/${id}`, { cookie: admin })).body.access, 'none');
  });

  it('invites several users at once and lists those it could not', async () => {
    const a = await createUser('bulk-a@example.com');
    const b = await createUser('bulk-b@example.com');
    const answer = await server.call('POST', '/api/users/invitations', { cookie: admin, body: { ids: [a, b, userId, 99_999] } });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(
      answer.body.items.map((i: { email: string; mailed: boolean; url: string }) => [i.email, i.mailed, typeof i.url]),
      [
        ['bulk-a@example.com', false, 'string'],
        ['bulk-b@example.com', false, 'string'],
      ],
    );
    assert.deepEqual(answer.body.problems, [
      { userId, message: 'grace@example.com can already sign in; reset their password instead.' },
      { userId: 99_999, message: 'User 99999 was not found.' },
    ]);
  });

  it('says a forgotten password cannot be mailed when no mail is set up', async () => {
    assert.deepEqual((await server.call('GET', '/api/mail')).body, { configured: false });
    const answer = await server.call('POST', '/api/password-resets', { body: { email: 'grace@example.com' } });
    assert.equal(answer.status, 409);
    assert.match(answer.body.error.message, /no mail server is set up/);
  });

  it('an admin’s password reset link replaces the password and ends every session of the user', async () => {
    const signIn = async () =>
      cookieFrom((await server.call('POST', '/api/session', { body: { email: 'grace@example.com', password: PASSWORD } })).headers)!;
    const first = await signIn();
    const second = await signIn();
    const reset = await server.call('POST', `/api/users/${userId}/password-reset`, { cookie: admin });
    assert.equal(reset.status, 200, JSON.stringify(reset.body));
    assert.equal(reset.body.purpose, 'password_reset');
    assert.match(reset.body.url, /\/reset-password\//);
    assert.equal((await server.call('GET', '/api/me', { cookie: first })).status, 200, 'the password stays until the link is used');

    const accepted = await server.call('POST', `/api/invitations/${tokenOf(reset.body.url)}/accept`, {
      body: { password: 'a brand new password' },
    });
    assert.equal(accepted.status, 200);
    for (const cookie of [first, second]) assert.equal((await server.call('GET', '/api/me', { cookie })).status, 401);
    assert.equal((await server.call('GET', '/api/me', { cookie: cookieFrom(accepted.headers)! })).status, 200);
    assert.equal((await server.call('POST', '/api/session', { body: { email: 'grace@example.com', password: PASSWORD } })).status, 401);
  });

  it('a password change ends the user’s other sessions and keeps the one it is made from', async () => {
    const other = cookieFrom((await server.call('POST', '/api/session', { body: ADMIN })).headers)!;
    const changed = await server.call('POST', '/api/users/1/password', { cookie: admin, body: { password: 'the admin’s new password' } });
    assert.equal(changed.status, 204);
    assert.equal((await server.call('GET', '/api/me', { cookie: other })).status, 401);
    assert.equal((await server.call('GET', '/api/me', { cookie: admin })).status, 200);
  });

  it('an admin changes a user’s role, shown in the list; the last admin stays an admin', async () => {
    const promoted = await server.call('PATCH', `/api/users/${userId}`, { cookie: admin, body: { role: 'admin' } });
    assert.equal(promoted.status, 200, JSON.stringify(promoted.body));
    const list = await server.call('GET', '/api/users?search=example.com&pageSize=100', { cookie: admin });
    const roles = Object.fromEntries(list.body.items.map((u: { email: string; role: string }) => [u.email, u.role]));
    assert.equal(roles['grace@example.com'], 'admin');
    assert.equal(roles['admin@example.com'], 'admin');
    assert.equal(roles['alan@example.com'], 'agent');

    assert.equal((await server.call('PATCH', '/api/users/1', { cookie: admin, body: { role: 'agent' } })).status, 200);
    const grace = cookieFrom(
      (await server.call('POST', '/api/session', { body: { email: 'grace@example.com', password: 'a brand new password' } })).headers,
    )!;
    const last = await server.call('PATCH', `/api/users/${userId}`, { cookie: grace, body: { role: 'agent' } });
    assert.equal(last.status, 409);
    assert.match(last.body.error.message, /^grace@example\.com is the last active admin/);
  });
});

describe(`invitations and password resets by mail (${TEST_DIALECT})`, () => {
  let inbox: SmtpInbox;
  let server: TestServer;
  let admin: string;
  let userId = 0;

  before(async () => {
    inbox = await startSmtpInbox();
    server = await startTestServer({
      settings: {
        smtpUrl: inbox.url,
        mailFrom: 'Roster <roster@helpdesk.example>',
        signInLimits: { maxFailures: 3, maxFailuresPerAddress: 50, windowMinutes: 15 },
      },
    });
    admin = await setUpAdmin(server);
    const created = await server.call('POST', '/api/users', {
      cookie: admin,
      body: { email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' },
    });
    userId = created.body.id;
  });
  after(async () => {
    await server?.close();
    await inbox?.close();
  });

  it('mails the invitation, whose link lets the user choose a password and sign in', async () => {
    assert.deepEqual((await server.call('GET', '/api/mail')).body, { configured: true });
    const answer = await server.call('POST', `/api/users/${userId}/invitation`, { cookie: admin });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.mailed, true);
    assert.equal(answer.body.url, undefined, 'a mailed link is not shown');
    assert.match(answer.body.message, /^An invitation was sent to grace@example\.com; it works once, until .+ UTC\.$/);

    const mail = await inbox.waitFor('to grace', (m) => m.to.includes('grace@example.com'));
    assert.equal(mail.subject, 'You are invited to Roster');
    assert.match(mail.from, /^"?Roster"? <roster@helpdesk\.example>$/);
    assert.match(mail.text, /^Hello Grace,\n\nAda Admin invited you to sign in to Roster/);
    const link = linkIn(mail);
    assert.ok(link.startsWith(`${server.baseUrl}/invitation/`), link);

    const accepted = await server.call('POST', `/api/invitations/${tokenOf(link)}/accept`, { body: { password: PASSWORD } });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal((await server.call('GET', '/api/me', { cookie: cookieFrom(accepted.headers)! })).body.user.email, 'grace@example.com');
  });

  it('answers a forgotten password the same for an unknown email, and mails a working link to a known one', async () => {
    const unknown = await server.call('POST', '/api/password-resets', { body: { email: 'nobody@example.com' } });
    const known = await server.call('POST', '/api/password-resets', { body: { email: 'Grace@Example.com' } });
    assert.equal(unknown.status, 202);
    assert.equal(known.status, 202);
    assert.deepEqual(unknown.body, known.body);
    assert.match(known.body.message, /^If that email belongs to someone/);

    const mail = await inbox.waitFor('resetting grace’s password', (m) => m.subject === 'Reset your Roster password');
    assert.deepEqual(mail.to, ['grace@example.com']);
    const signedIn = cookieFrom(
      (await server.call('POST', '/api/session', { body: { email: 'grace@example.com', password: PASSWORD } })).headers,
    )!;
    const link = linkIn(mail);
    assert.ok(link.startsWith(`${server.baseUrl}/reset-password/`), link);
    const accepted = await server.call('POST', `/api/invitations/${tokenOf(link)}/accept`, { body: { password: 'my newer password' } });
    assert.equal(accepted.status, 200);
    assert.equal((await server.call('GET', '/api/me', { cookie: signedIn })).status, 401, 'the reset ended the earlier session');
    assert.equal(
      (await server.call('POST', '/api/session', { body: { email: 'grace@example.com', password: 'my newer password' } })).status,
      200,
    );
    assert.equal(inbox.mails.filter((m) => m.subject === 'Reset your Roster password').length, 1, 'no mail for the unknown email');
  });

  it('limits password resets per email as sign-ins are limited', async () => {
    const ask = () => server.call('POST', '/api/password-resets', { body: { email: 'guess@example.com' } });
    for (let i = 0; i < 3; i++) assert.equal((await ask()).status, 202);
    const refused = await ask();
    assert.equal(refused.status, 429);
    assert.match(refused.body.error.message, /^Too many password resets asked for; try again in \d+ minutes\.$/);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
  });
});
