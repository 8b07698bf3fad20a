import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { RosterError } from '../../src/core/errors.js';
import { createOrganization, listOrganizations } from '../../src/db/repositories/organizations.js';
import { createPerson } from '../../src/db/repositories/people.js';
import { listTickets } from '../../src/db/repositories/tickets.js';
import { submitTicket } from '../../src/db/repositories/ticket-submission.js';
import { importTicketMessages } from '../../src/import/use-cases/import-ticket-messages.js';
import { getImport } from '../../src/import/use-cases/list-imports.js';
import { undoImport } from '../../src/import/use-cases/undo-import.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, SAMPLES, type ImportTestContext } from './support.js';

type Row = Record<string, unknown>;

/** Every ticket, oldest number first, with every column (snake_case). */
async function tickets(t: ImportTestContext): Promise<Row[]> {
  const raw = t.db.kysely.withoutPlugins() as unknown as Kysely<Record<string, Row>>;
  return (await sql<Row>`SELECT * FROM tickets ORDER BY number`.execute(raw)).rows;
}

async function messages(t: ImportTestContext): Promise<Row[]> {
  const raw = t.db.kysely.withoutPlugins() as unknown as Kysely<Record<string, Row>>;
  return (await sql<Row>`SELECT * FROM ticket_messages ORDER BY id`.execute(raw)).rows;
}

async function emptyTickets(t: ImportTestContext): Promise<void> {
  const raw = t.db.kysely.withoutPlugins() as unknown as Kysely<Record<string, Row>>;
  await sql`DELETE FROM ticket_messages`.execute(raw);
  await sql`DELETE FROM tickets`.execute(raw);
}

describe(`importing old tickets links them to the people who exist (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
  });
  after(() => t.close());

  it('tickets.csv after customers.csv and users.csv: the dry run says 4 link and 4 are assigned, and writes nothing', async () => {
    await t.run({ entity: 'customers', filePath: path.join(SAMPLES, 'customers.csv') });
    await t.run({ entity: 'users', filePath: path.join(SAMPLES, 'users.csv') });
    const report = await t.run({ entity: 'tickets', filePath: path.join(SAMPLES, 'tickets.csv'), dryRun: true });
    assert.equal(report.status, 'dry-run');
    assert.equal(report.created, 5);
    assert.equal(report.mapping['Created Date'], 'createdAt');
    assert.deepEqual(
      { ...report.links, pendingCustomersLeft: undefined, pendingAssigneesLeft: undefined },
      {
        linked: 4,
        unlinked: 1,
        assigned: 4,
        unassigned: 1,
        unlinkedRows: [5],
        unassignedRows: [6],
        customersCreated: 0,
        pendingCustomersLeft: undefined,
        pendingAssigneesLeft: undefined,
      },
    );
    assert.equal(await t.count('tickets'), 0);
  });

  it('the import keeps every ticket: linked, assigned, or waiting for its person, with its own dates', async () => {
    const report = await t.run({ entity: 'tickets', filePath: path.join(SAMPLES, 'tickets.csv') });
    assert.equal(report.status, 'completed');
    assert.equal(report.created, 5);
    assert.equal(report.failed, 0);
    assert.equal(report.links?.linked, 4);
    assert.equal(report.links?.unlinked, 1);
    assert.equal(report.links?.pendingCustomersLeft, 1);
    assert.equal(report.links?.pendingAssigneesLeft, 1);
    const rows = await tickets(t);
    assert.deepEqual(
      rows.map((r) => r.title),
      ['Invoice missing', 'App crashes on login', 'Change of address', 'Question about plans', 'Refund request'],
    );
    const unlinked = rows[3]!;
    assert.equal(unlinked.customer_id, null);
    assert.equal(unlinked.pending_customer_email, 'someone.new@unknown.example');
    assert.notEqual(unlinked.assignee_id, null);
    const unassigned = rows[4]!;
    assert.equal(unassigned.assignee_id, null);
    assert.equal(unassigned.pending_assignee_email, 'nobody@helpdesk.example');
    assert.equal(rows[0]!.created_at, '2024-03-02T00:00:00.000Z');
    assert.equal(rows[0]!.updated_at, '2024-03-02T00:00:00.000Z');
    assert.equal(rows[2]!.status, 'closed');
    assert.equal(rows[2]!.priority, 'low');
    assert.equal(rows[0]!.created_import_id, report.id);
    assert.equal(rows[0]!.import_row, 2);
  });

  it('a customer added by hand later gets the ticket that waited for them', async () => {
    const [before] = (await tickets(t)).filter((r) => r.title === 'Question about plans');
    const customer = await createPerson(t.db, 'customers', { email: 'Someone.New@unknown.example', firstName: 'Some', lastName: 'One' });
    const [afterwards] = (await tickets(t)).filter((r) => r.title === 'Question about plans');
    assert.equal(before!.customer_id, null);
    assert.equal(afterwards!.customer_id, customer.id);
    assert.equal(afterwards!.pending_customer_email, null);
    const id = Number((await tickets(t))[0]!.created_import_id);
    const report = await getImport(t.db, id);
    assert.equal(report.links?.pendingCustomersLeft, 0);
    assert.equal(report.links?.pendingAssigneesLeft, 1);
  });

  it('a user created by a later import is assigned the ticket that waited for them', async () => {
    const file = t.file('nobody.csv', 'Email,First Name,Last Name\nnobody@helpdesk.example,No,Body\n');
    await t.run({ entity: 'users', filePath: file });
    const [refund] = (await tickets(t)).filter((r) => r.title === 'Refund request');
    const nobody = (await t.people('user')).get('nobody@helpdesk.example')!;
    assert.equal(refund!.assignee_id, nobody.id);
    assert.equal(refund!.pending_assignee_email, null);
  });
});

describe(`tickets imported before their people link when the people arrive (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
  });
  after(() => t.close());

  it('every ticket waits, then links as customers and users are imported', async () => {
    const report = await t.run({ entity: 'tickets', filePath: path.join(SAMPLES, 'tickets.csv') });
    assert.equal(report.created, 5);
    assert.deepEqual([report.links?.linked, report.links?.unlinked, report.links?.assigned, report.links?.unassigned], [0, 5, 0, 5]);
    const customers = await t.run({ entity: 'customers', filePath: path.join(SAMPLES, 'customers.csv') });
    await t.run({ entity: 'users', filePath: path.join(SAMPLES, 'users.csv') });
    const rows = await tickets(t);
    assert.equal(rows.filter((r) => r.customer_id !== null).length, 4);
    assert.equal(rows.filter((r) => r.assignee_id !== null).length, 4);
    const later = await getImport(t.db, report.id);
    assert.equal(later.links?.pendingCustomersLeft, 1);
    assert.equal(later.links?.pendingAssigneesLeft, 1);

    // Undoing the customers import: its tickets wait for those customers again, not lose them.
    await undoImport(t.db, customers.id);
    const undone = await tickets(t);
    assert.equal(undone.filter((r) => r.customer_id !== null).length, 0);
    assert.equal(undone.filter((r) => r.pending_customer_email !== null).length, 5);
    assert.equal(undone.find((r) => r.title === 'Invoice missing')!.pending_customer_email, 'alice.anders@northwind.example');
  });

  it('a customer created by a ticket submission gets the imported tickets that waited for them', async () => {
    await submitTicket(t.db, { requesterEmail: 'alice.anders@northwind.example', title: 'Another question', source: 'ticket_form' });
    const invoice = (await tickets(t)).find((r) => r.title === 'Invoice missing')!;
    assert.notEqual(invoice.customer_id, null);
    assert.equal(invoice.pending_customer_email, null);
  });
});

describe(`a tickets import reads other helpdesks' words, dates and conversations (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
    await createPerson(t.db, 'customers', { email: 'ann@client.example', firstName: 'Ann', lastName: 'Client' });
    await createPerson(t.db, 'users', { email: 'bo@helpdesk.example', firstName: 'Bo', lastName: 'Agent', role: 'agent' });
  });
  after(() => t.close());

  const zendesk = [
    'Id,Subject,Status,Priority,Requester email,Assignee email,Created at,Updated at',
    '101,Printer jammed,Solved,Urgent,ann@client.example,bo@helpdesk.example,2023-05-01 09:30,2023-05-02T10:00:00+02:00',
    '102,VPN down,On hold,Medium,ann@client.example,,2023-05-03T08:00:00Z,',
    '103,Triage one,Triage,High,,,2023-05-04,',
  ].join('\n');

  it('suggests the mapping of a Zendesk export and reads its statuses, priorities and date-times; an unknown status fails its row with the way out', async () => {
    const report = await t.run({ entity: 'tickets', filePath: t.file('zendesk.csv', zendesk) });
    assert.deepEqual(report.mapping, {
      Id: 'externalId',
      Subject: 'title',
      Status: 'status',
      Priority: 'priority',
      'Requester email': 'customerEmail',
      'Assignee email': 'assigneeEmail',
      'Created at': 'createdAt',
      'Updated at': 'updatedAt',
    });
    assert.equal(report.created, 2);
    assert.equal(report.failed, 1);
    assert.equal(report.errors[0]!.row, 4);
    assert.equal(report.errors[0]!.column, 'Status');
    assert.match(
      report.errors[0]!.message,
      /"Triage" is not one of open, pending, resolved, closed; map it to one of them .*--value "Status:Triage=open"/,
    );
    const rows = await tickets(t);
    assert.deepEqual(
      rows.map((r) => [r.external_id, r.status, r.priority]),
      [
        ['101', 'resolved', 'urgent'],
        ['102', 'pending', 'normal'],
      ],
    );
    assert.equal(rows[0]!.created_at, '2023-05-01T09:30:00.000Z');
    assert.equal(rows[0]!.updated_at, '2023-05-02T08:00:00.000Z');
    assert.equal(rows[1]!.updated_at, '2023-05-03T08:00:00.000Z');
  });

  it('imports the failed row once its value is mapped, and re-importing by External ID updates instead of duplicating', async () => {
    const changed = zendesk.replace('102,VPN down,On hold', '102,VPN down,Closed');
    const report = await t.run({
      entity: 'tickets',
      filePath: t.file('zendesk-2.csv', changed),
      valueMaps: { Status: { Triage: 'Open' } },
    });
    assert.deepEqual([report.created, report.updated, report.unchanged, report.failed], [1, 1, 1, 0]);
    const rows = await tickets(t);
    assert.equal(rows.length, 3);
    assert.equal(rows.find((r) => r.external_id === '102')!.status, 'closed');
    assert.equal(rows.find((r) => r.external_id === '103')!.status, 'open');
    // Undo puts the updated ticket back and removes the created one.
    await undoImport(t.db, report.id);
    const undone = await tickets(t);
    assert.equal(undone.length, 2);
    assert.equal(undone.find((r) => r.external_id === '102')!.status, 'pending');
  });

  it('refuses a value mapped to something that is not one of the choices, before reading a row', async () => {
    await assert.rejects(
      t.run({ entity: 'tickets', filePath: t.file('zendesk-3.csv', zendesk), valueMaps: { Status: { Triage: 'urgent' } } }),
      (error: unknown) =>
        error instanceof RosterError && error.code === 'import_mapping' && /use one of open, pending, resolved, closed/.test(error.message),
    );
  });

  it('a user named as the customer, or a customer as the assignee, fails the row and says why', async () => {
    await emptyTickets(t);
    const file = t.file(
      'wrong.csv',
      [
        'Title,Customer Email,Assignee Email',
        'One,bo@helpdesk.example,',
        'Two,,ann@client.example',
        'Three,ann@client.example,bo@helpdesk.example',
      ].join('\n'),
    );
    const report = await t.run({ entity: 'tickets', filePath: file });
    assert.deepEqual([report.created, report.failed], [1, 2]);
    assert.deepEqual(
      report.errors.map((e) => [e.row, e.column]),
      [
        [2, 'Customer Email'],
        [3, 'Assignee Email'],
      ],
    );
    assert.match(report.errors[0]!.message, /bo@helpdesk\.example is a user \(an agent\), so it cannot be the ticket's customer/);
    assert.match(report.errors[1]!.message, /ann@client\.example is a customer, so it cannot be its assignee/);
  });

  it('reads a date-time with or without seconds and offset, refuses an impossible one, and another date format only when picked', async () => {
    await emptyTickets(t);
    const file = t.file(
      'dates.csv',
      ['Title,Created Date', 'A,2024-03-02 14:05', 'B,2024-03-02T14:05:09-0130', 'C,2024-13-01', 'D,02/03/2024', 'E,2024-03-02 25:00'].join(
        '\n',
      ),
    );
    const plain = await t.run({ entity: 'tickets', filePath: file, dryRun: true });
    assert.deepEqual(
      plain.errors.map((e) => e.row),
      [4, 5, 6],
    );
    assert.match(plain.errors[1]!.message, /"02\/03\/2024" is not a date \(yyyy-mm-dd\) or a date-time/);
    const picked = await t.run({ entity: 'tickets', filePath: file, dateFormats: { 'Created Date': 'dd/mm/yyyy' } });
    assert.equal(picked.created, 3);
    const rows = await tickets(t);
    assert.deepEqual(
      rows.map((r) => r.created_at),
      ['2024-03-02T14:05:00.000Z', '2024-03-02T15:35:09.000Z', '2024-03-02T00:00:00.000Z'],
    );
  });

  it('brings the conversation from a Messages column, in JSON or as From/Date blocks, its authors found by email', async () => {
    await emptyTickets(t);
    const json = JSON.stringify([
      { author: 'ann@client.example', date: '2024-01-01 10:00', body: 'It is broken.' },
      { from: 'bo@helpdesk.example', date: '2024-01-01T11:00:00Z', body: 'Fixed it.' },
    ]);
    const blocks =
      'From: Someone <someone@else.example>\nDate: 2024-02-01\n\nHello?\n---\nFrom: bo@helpdesk.example\nDate: 2024-02-02 08:00\n\nHi!';
    const csv = `Title,Messages\nFirst,"${json.replace(/"/g, '""')}"\nSecond,"${blocks}"\nThird,"[not json"\n`;
    const report = await t.run({ entity: 'tickets', filePath: t.file('messages.csv', csv) });
    assert.deepEqual([report.created, report.failed], [2, 1]);
    assert.match(report.errors[0]!.message, /Row 4, column "Messages": the messages start with "\[" but are not valid JSON/);
    const rows = await tickets(t);
    const all = await messages(t);
    assert.deepEqual(
      all.map((m) => [m.ticket_id, m.author_email, m.body, m.created_at, m.source]),
      [
        [rows[0]!.id, 'ann@client.example', 'It is broken.', '2024-01-01T10:00:00.000Z', 'import'],
        [rows[0]!.id, 'bo@helpdesk.example', 'Fixed it.', '2024-01-01T11:00:00.000Z', 'import'],
        [rows[1]!.id, 'someone@else.example', 'Hello?', '2024-02-01T00:00:00.000Z', 'import'],
        [rows[1]!.id, 'bo@helpdesk.example', 'Hi!', '2024-02-02T08:00:00.000Z', 'import'],
      ],
    );
    assert.notEqual(all[0]!.author_id, null);
    assert.equal(all[2]!.author_id, null);
  });

  it('creates the missing customers when asked, named from Customer Name or the email, and undo removes them with the tickets', async () => {
    await emptyTickets(t);
    const file = t.file(
      'create.csv',
      [
        'Subject,Requester,Requester email',
        'One,Carla Diaz,carla@new.example',
        'Two,,dan@new.example',
        'Three,Ann Client,ann@client.example',
      ].join('\n'),
    );
    const dry = await t.run({ entity: 'tickets', filePath: file, createMissingCustomers: true, dryRun: true });
    assert.deepEqual([dry.links?.customersCreated, dry.links?.linked, dry.links?.unlinked], [2, 3, 0]);
    const report = await t.run({ entity: 'tickets', filePath: file, createMissingCustomers: true });
    assert.deepEqual([report.created, report.links?.customersCreated, report.links?.linked, report.links?.unlinked], [3, 2, 3, 0]);
    const customers = await t.people('customer');
    assert.deepEqual([customers.get('carla@new.example')!.first_name, customers.get('carla@new.example')!.last_name], ['Carla', 'Diaz']);
    assert.deepEqual([customers.get('dan@new.example')!.first_name, customers.get('dan@new.example')!.source], ['dan', 'import']);
    assert.equal((await tickets(t)).filter((r) => r.customer_id === null).length, 0);
    await undoImport(t.db, report.id);
    assert.equal(await t.count('tickets'), 0);
    const left = await t.people('customer');
    assert.equal(left.has('carla@new.example'), false);
    assert.equal(left.has('ann@client.example'), true);
  });

  it('links a ticket to its Organization by name, creating one that does not exist, and undo removes what it created', async () => {
    await emptyTickets(t);
    await createOrganization(t.db, { name: 'Northwind' });
    const file = t.file('orgs.csv', ['Subject,Company Name', 'One,northwind', 'Two,Tailspin Toys', 'Three,'].join('\n'));
    const report = await t.run({ entity: 'tickets', filePath: file });
    assert.equal(report.mapping['Company Name'], 'organization');
    assert.equal(report.created, 3);
    const list = await listTickets(t.db, { sort: 'number', order: 'asc' });
    assert.deepEqual(
      list.items.map((r) => r.organization),
      ['Northwind', 'Tailspin Toys', null],
    );
    await undoImport(t.db, report.id);
    const names = (await listOrganizations(t.db)).items.map((o) => o.name);
    assert.equal(names.includes('Tailspin Toys'), false);
    assert.equal(names.includes('Northwind'), true);
  });

  it('refuses to create missing customers for anything but tickets', async () => {
    await assert.rejects(
      t.run({ entity: 'customers', filePath: path.join(SAMPLES, 'customers.csv'), createMissingCustomers: true }),
      /option of a tickets import only/,
    );
  });
});

describe(`roster import ticket-messages adds the conversation of imported tickets by External ID (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
    await createPerson(t.db, 'users', { email: 'bo@helpdesk.example', firstName: 'Bo', lastName: 'Agent', role: 'agent' });
    await t.run({ entity: 'tickets', filePath: t.file('t.csv', 'Ticket ID,Subject\nZ-1,Printer jammed\nZ-2,VPN down\n') });
  });
  after(() => t.close());

  const file = [
    'Ticket ID,Author,Created at,Body',
    'Z-1,Ann <ann@client.example>,2024-01-01 10:00,It is jammed again.',
    'Z-1,bo@helpdesk.example,2024-01-01T11:00:00Z,"Cleared it;\nplease try now."',
    'Z-9,bo@helpdesk.example,2024-01-02,Lost message',
    'Z-2,not-an-email,2024-13-01,',
  ].join('\n');

  it('adds each message to its ticket, its author linked when known, and names every problem by row and column', async () => {
    const report = await importTicketMessages(t.db, { filePath: t.file('messages.csv', file) });
    assert.deepEqual(report.mapping, { 'Ticket ID': 'externalId', Author: 'authorEmail', 'Created at': 'date', Body: 'body' });
    assert.deepEqual([report.rows, report.added, report.unchanged, report.failed], [4, 2, 0, 2]);
    assert.deepEqual(
      report.errors.map((e) => [e.row, e.column]),
      [
        [4, 'Ticket ID'],
        [5, 'Author'],
        [5, 'Created at'],
        [5, 'Body'],
      ],
    );
    assert.match(report.errors[0]!.message, /no ticket has the External ID "Z-9"; import the tickets first/);
    const all = await messages(t);
    assert.deepEqual(
      all.map((m) => [m.author_email, m.body, m.created_at]),
      [
        ['ann@client.example', 'It is jammed again.', '2024-01-01T10:00:00.000Z'],
        ['bo@helpdesk.example', 'Cleared it;\nplease try now.', '2024-01-01T11:00:00.000Z'],
      ],
    );
    assert.equal(all[0]!.author_id, null);
    assert.notEqual(all[1]!.author_id, null);
  });

  it('imported twice, adds nothing the second time', async () => {
    const report = await importTicketMessages(t.db, { filePath: t.file('messages-again.csv', file) });
    assert.deepEqual([report.added, report.unchanged, report.failed], [0, 2, 2]);
    assert.equal((await messages(t)).length, 2);
  });

  it('refuses a file without the columns it needs, naming them', async () => {
    await assert.rejects(
      importTicketMessages(t.db, { filePath: t.file('bad.csv', 'Ticket ID,Text\nZ-1,hello\n') }),
      /needs the columns Author Email, Date; its columns are "Ticket ID", "Text"/,
    );
  });
});
