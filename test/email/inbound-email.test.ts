import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { configFromEnv, DEFAULT_SMTP_MAX_BYTES } from '../../src/config.js';
import { findPersonByEmail } from '../../src/db/repositories/people.js';
import { listTicketMessages } from '../../src/db/repositories/ticket-messages.js';
import { startSmtpListener, type SmtpListener } from '../../src/http/smtp.js';
import { setUpAdmin, signInAgent, startTestServer, type TestServer } from '../http/helpers.js';
import { TEST_DIALECT } from '../support/database.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

describe(`inbound email over SMTP (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let smtp: SmtpListener;
  let transport: Transporter<SMTPTransport.SentMessageInfo>;
  let adminCookie: string;

  before(async () => {
    server = await startTestServer();
    adminCookie = await setUpAdmin(server);
    smtp = await startSmtpListener({ db: server.db, port: 0, host: '127.0.0.1', maxBytes: DEFAULT_SMTP_MAX_BYTES, log: quiet });
    transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
  });
  after(async () => {
    transport?.close();
    await smtp?.close();
    await server?.close();
  });

  const send = (message: SendMailOptions) => transport.sendMail({ to: 'help@support.example', ...message });

  const ticketByNumber = (number: number) =>
    server.db.kysely.selectFrom('tickets').selectAll().where('number', '=', number).executeTakeFirstOrThrow();

  /** The ticket number the listener's answer names ("250 Filed as ticket #N"). */
  function filedNumber(info: SMTPTransport.SentMessageInfo): number {
    const match = /ticket #(\d+)/.exec(info.response);
    assert.ok(match, info.response);
    return Number(match[1]);
  }

  const count = async (table: 'tickets' | 'people' | 'ticketMessages') =>
    Number(
      (
        await server.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('creates the customer (source email), the ticket and its first message for a new sender', async () => {
    const info = await send({
      from: 'Jane Doe <jane.doe@customer.example>',
      subject: 'Printer jammed',
      text: 'The printer on floor 2 is jammed.',
      attachments: [{ filename: 'photo.jpg', content: Buffer.alloc(2048, 1) }],
    });
    assert.match(info.response, /^250 /);
    const ticket = await ticketByNumber(filedNumber(info));
    assert.equal(ticket.title, 'Printer jammed');
    assert.equal(ticket.description, 'The printer on floor 2 is jammed.\n\nAttachments (not stored):\n- photo.jpg (2.0 KB)');
    const customer = await findPersonByEmail(server.db, 'jane.doe@customer.example');
    assert.equal(customer?.kind, 'customer');
    const row = await server.db.kysely.selectFrom('people').selectAll().where('id', '=', customer.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.firstName, row.lastName, row.source], ['Jane', 'Doe', 'email']);
    assert.equal(ticket.customerId, customer.id);
    const messages = await listTicketMessages(server.db, ticket.id);
    assert.equal(messages.length, 1);
    assert.equal(messages[0]!.body, ticket.description);
    assert.equal(messages[0]!.authorEmail, 'jane.doe@customer.example');
    assert.equal(messages[0]!.authorId, customer.id);
    assert.equal(messages[0]!.source, 'email');

    const answer = await server.call('GET', `/api/tickets/${ticket.id}/messages`, { cookie: adminCookie });
    assert.equal(answer.status, 200);
    assert.deepEqual(
      answer.body.items.map((m: { body: string; source: string }) => [m.body, m.source]),
      [[ticket.description, 'email']],
    );
    assert.equal((await server.call('GET', '/api/tickets/999999/messages', { cookie: adminCookie })).status, 404);
  });

  it('reuses a known customer, and names one without a display name after the email', async () => {
    const first = await send({ from: 'sam.lee@customer.example', subject: 'One', text: 'First.' });
    const second = await send({ from: 'SAM.LEE@customer.example', subject: '', text: 'Second.' });
    const a = await ticketByNumber(filedNumber(first));
    const b = await ticketByNumber(filedNumber(second));
    assert.notEqual(a.id, b.id);
    assert.equal(a.customerId, b.customerId);
    assert.equal(b.title, '(no subject)');
    const people = await server.db.kysely.selectFrom('people').selectAll().where('email', '=', 'sam.lee@customer.example').execute();
    assert.equal(people.length, 1);
    assert.deepEqual([people[0]!.firstName, people[0]!.lastName], ['Sam', 'Lee']);
  });

  it('adds a reply with [#N] in its subject to ticket N as a message, and moves its updated_at', async () => {
    const opened = await send({ from: 'Rita Reply <rita@customer.example>', subject: 'VPN down', text: 'It is down.' });
    const number = filedNumber(opened);
    const before = await ticketByNumber(number);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const tickets = await count('tickets');
    const reply = await send({ from: 'rita@customer.example', subject: `Re: VPN down [#${number}]`, text: 'Still down.\n\n> It is down.' });
    assert.equal(filedNumber(reply), number);
    assert.equal(await count('tickets'), tickets);
    const after = await ticketByNumber(number);
    assert.ok(after.updatedAt > before.updatedAt, `${after.updatedAt} > ${before.updatedAt}`);
    const messages = await listTicketMessages(server.db, before.id);
    assert.deepEqual(
      messages.map((m) => m.body),
      ['It is down.', 'Still down.\n\n> It is down.'],
    );
    assert.equal(messages[1]!.authorId, before.customerId);

    // A reference to no ticket opens a new one.
    const stray = await send({ from: 'rita@customer.example', subject: 'Re: old thing [#987654]', text: 'Hello?' });
    assert.notEqual(filedNumber(stray), 987654);
    assert.equal(await count('tickets'), tickets + 1);
    assert.equal((await ticketByNumber(filedNumber(stray))).title, 'Re: old thing [#987654]');
  });

  it('makes an unknown sender who answers a ticket a customer, the author of their message; a user stays a user', async () => {
    const opened = await send({ from: 'Olga Opener <olga@customer.example>', subject: 'Invoice wrong', text: 'Please check.' });
    const number = filedNumber(opened);
    const ticket = await ticketByNumber(number);
    await send({ from: 'Colin Colleague <colin@customer.example>', subject: `Re: Invoice wrong [#${number}]`, text: 'Me too.' });
    const colin = await findPersonByEmail(server.db, 'colin@customer.example');
    assert.ok(colin, 'the colleague in copy is a customer now');
    assert.equal(colin.kind, 'customer');
    const { source } = await server.db.kysely.selectFrom('people').select('source').where('id', '=', colin.id).executeTakeFirstOrThrow();
    assert.equal(source, 'email');
    assert.deepEqual([colin.firstName, colin.lastName], ['Colin', 'Colleague']);
    const people = await count('people');
    await send({ from: 'admin@example.com', subject: `Re: Invoice wrong [#${number}]`, text: 'Looking into it.' });
    assert.equal(await count('people'), people, "a user's reply creates nobody");
    const messages = await listTicketMessages(server.db, ticket.id);
    assert.deepEqual(
      messages.map((m) => [m.body, m.authorId]),
      [
        ['Please check.', ticket.customerId],
        ['Me too.', colin.id],
        ['Looking into it.', (await findPersonByEmail(server.db, 'admin@example.com'))!.id],
      ],
    );
    assert.equal((await ticketByNumber(number)).customerId, ticket.customerId, 'the ticket keeps its customer');
  });

  it('refuses a 20 MB message with 552 and stores nothing', async () => {
    const counts = [await count('tickets'), await count('people'), await count('ticketMessages')];
    await assert.rejects(
      send({ from: 'big@customer.example', subject: 'Huge', text: 'x'.repeat(20 * 1024 * 1024) }),
      (error: { responseCode?: number; command?: string }) => {
        assert.equal(error.responseCode, 552);
        assert.equal(error.command, 'DATA');
        return true;
      },
    );
    assert.deepEqual([await count('tickets'), await count('people'), await count('ticketMessages')], counts);
    assert.equal(await findPersonByEmail(server.db, 'big@customer.example'), undefined);
    // The listener still works after it.
    assert.match((await send({ from: 'small@customer.example', subject: 'Small', text: 'ok' })).response, /^250 /);
  });

  it('decodes an encoded-word display name and splits it', async () => {
    const encoded = `=?UTF-8?B?${Buffer.from('Zoë Müller').toString('base64')}?=`;
    const info = await send({
      envelope: { from: 'zoe@customer.example', to: 'help@support.example' },
      raw: [`From: ${encoded} <zoe@customer.example>`, 'To: help@support.example', 'Subject: Hallo', '', 'Grüße'].join('\r\n'),
    });
    const ticket = await ticketByNumber(filedNumber(info));
    const person = await server.db.kysely.selectFrom('people').selectAll().where('id', '=', ticket.customerId!).executeTakeFirstOrThrow();
    assert.deepEqual([person.firstName, person.lastName, person.source], ['Zoë', 'Müller', 'email']);
  });

  it('turns an HTML-only message into text', async () => {
    const info = await send({
      from: 'html@customer.example',
      subject: 'Formatted',
      html: '<p>Hello <b>there</b></p><script>alert(1)</script><p>Second &amp; last</p>',
    });
    const ticket = await ticketByNumber(filedNumber(info));
    assert.ok(ticket.description);
    assert.doesNotMatch(ticket.description, /<[a-z/]/i);
    assert.match(ticket.description, /Hello there/i);
    assert.match(ticket.description, /Second & last/);
    const messages = await listTicketMessages(server.db, ticket.id);
    assert.equal(messages[0]!.body, ticket.description);
  });

  it("files an agent's email as a ticket linked to no customer", async () => {
    const agent = await signInAgent(server, adminCookie, 'agent@example.com');
    const people = await count('people');
    const info = await send({ from: 'Agent <agent@example.com>', subject: 'Internal', text: 'Note.' });
    const ticket = await ticketByNumber(filedNumber(info));
    assert.equal(ticket.customerId, null);
    assert.equal(await count('people'), people);
    const messages = await listTicketMessages(server.db, ticket.id);
    assert.equal(messages[0]!.authorId, agent.id);
  });

  it('deletes the messages with their ticket', async () => {
    const info = await send({ from: 'gone@customer.example', subject: 'Bye', text: 'Soon gone.' });
    const ticket = await ticketByNumber(filedNumber(info));
    await server.db.kysely.deleteFrom('tickets').where('id', '=', ticket.id).execute();
    const left = await server.db.kysely.selectFrom('ticketMessages').selectAll().where('ticketId', '=', ticket.id).execute();
    assert.equal(left.length, 0);
  });
});

describe('the SMTP settings', () => {
  it('reads ROSTER_SMTP_PORT and ROSTER_SMTP_MAX_BYTES, off and 10 MB by default', () => {
    assert.equal(configFromEnv({}).smtpPort, undefined);
    assert.equal(configFromEnv({}).smtpMaxBytes, 10 * 1024 * 1024);
    assert.equal(configFromEnv({ ROSTER_SMTP_PORT: '2525', ROSTER_SMTP_MAX_BYTES: '1000' }).smtpPort, 2525);
    assert.equal(configFromEnv({ ROSTER_SMTP_MAX_BYTES: '1000' }).smtpMaxBytes, 1000);
    assert.throws(() => configFromEnv({ ROSTER_SMTP_PORT: 'smtp' }), /ROSTER_SMTP_PORT must be a port number/);
  });
});
