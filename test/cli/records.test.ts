import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import Papa from 'papaparse';
import type { Database } from '../../src/db/database.js';
import { createOrganization } from '../../src/db/repositories/organizations.js';
import { createPerson } from '../../src/db/repositories/people.js';
import { createTicket } from '../../src/db/repositories/tickets.js';
import { TEST_DIALECT, type TestDatabase, withDatabase } from '../support/database.js';
import { ROOT, rosterOk, runRoster } from './run-roster.js';

function parseCsv(text: string): string[][] {
  assert.ok(text.endsWith('\r\n'), 'RFC 4180 lines end with CRLF');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  assert.deepEqual(parsed.errors, []);
  return parsed.data;
}

describe(`roster records and properties (${TEST_DIALECT})`, () => {
  let testDb: TestDatabase;
  let db: Database;
  let close: () => Promise<void>;

  before(async () => {
    ({ db, test: testDb, close } = await withDatabase());
  });
  after(() => close());

  it('adds custom properties and lists them after the standard ones', async () => {
    await rosterOk(
      ['properties', 'customers', 'add', '--key', 'plan', '--label', 'Plan', '--type', 'choice', '--choices', 'free, pro'],
      testDb.env,
    );
    await rosterOk(['properties', 'customers', 'add', '--key', 'seats', '--label', 'Seats', '--type', 'number'], testDb.env);
    await rosterOk(['properties', 'customers', 'add', '--key', 'vip', '--label', 'VIP', '--type', 'boolean'], testDb.env);

    const properties = JSON.parse(await rosterOk(['properties', 'customers', 'list', '--json'], testDb.env)) as {
      key: string;
      type: string;
      custom: boolean;
      choices?: string[];
    }[];
    assert.equal(properties[0]?.key, 'email');
    assert.deepEqual(
      properties.filter((p) => p.custom).map((p) => [p.key, p.type, p.choices]),
      [
        ['plan', 'choice', ['free', 'pro']],
        ['seats', 'number', undefined],
        ['vip', 'boolean', undefined],
      ],
    );
    const table = await rosterOk(['properties', 'customers', 'list'], testDb.env);
    assert.match(table, /^plan +Plan +choice +custom +free, pro$/m);
  });

  it('reports a refused property in one line (exit 1) and a bad type as usage (exit 2)', async () => {
    const taken = await runRoster(['properties', 'customers', 'add', '--key', 'plan', '--label', 'Plan 2', '--type', 'text'], testDb.env);
    assert.equal(taken.code, 1);
    assert.equal(taken.stderr, 'roster: customers already have a property with the key "plan".\n');
    const badType = await runRoster(['properties', 'customers', 'add', '--key', 'x', '--label', 'X', '--type', 'colour'], testDb.env);
    assert.equal(badType.code, 2);
    assert.equal(badType.stderr.split('\n').length, 2, 'one line');
    assert.match(badType.stderr, /^roster: option '--type <type>' argument 'colour' is invalid\. Allowed choices are text, email/);
  });

  it('shows customers in list --json with the organization by name and custom values typed, keys in property order', async () => {
    await createPerson(db, 'customers', {
      email: 'ada@acme.test',
      firstName: 'Ada',
      lastName: 'Lovelace',
      organization: 'Acme Ltd',
      plan: 'pro',
      seats: '12',
      vip: 'yes',
    });
    const page = JSON.parse(await rosterOk(['customers', 'list', '--json'], testDb.env)) as {
      items: Record<string, unknown>[];
      total: number;
    };
    assert.equal(page.total, 1);
    const ada = page.items[0]!;
    assert.equal(ada.organization, 'Acme Ltd');
    assert.equal(ada.plan, 'pro');
    assert.equal(ada.seats, 12);
    assert.equal(ada.vip, true);
    const keys = Object.keys(ada);
    assert.equal(keys[0], 'id');
    assert.deepEqual(keys.slice(1, 5), ['email', 'firstName', 'lastName', 'organization']);
    assert.deepEqual(keys.slice(-6), ['plan', 'seats', 'vip', 'createdAt', 'updatedAt', 'source']);
    assert.equal(ada.source, 'manual');

    const table = await rosterOk(['customers', 'list'], testDb.env);
    assert.match(table, /^ID +Name +Email +Organization$/m);
    assert.match(table, /^\d+ +Ada Lovelace +ada@acme\.test +Acme Ltd$/m);
    assert.match(table, /^1 of 1 customers$/m);
  });

  it('exports CSV with property labels, RFC 4180 quoting, and formula cells neutralised (phones included)', async () => {
    await createPerson(db, 'customers', {
      email: 'eve@evil.test',
      firstName: '=cmd()',
      lastName: '@SUM(A1)',
      phone: '+1 555 0100',
      notes: 'said "hi",\nthen left',
      seats: '-3',
    });
    const rows = parseCsv(await rosterOk(['customers', 'export', '--csv'], testDb.env));
    const header = rows[0]!;
    assert.deepEqual(header.slice(0, 4), ['Email', 'First Name', 'Last Name', 'Organization']);
    assert.deepEqual(header.slice(-3), ['Plan', 'Seats', 'VIP']);
    const eve = Object.fromEntries(header.map((h, i) => [h, rows.find((r) => r[0] === 'eve@evil.test')![i]]));
    assert.equal(eve['First Name'], "'=cmd()");
    assert.equal(eve['Last Name'], "'@SUM(A1)");
    assert.equal(eve.Phone, "'+1 555 0100", 'ASVS 1.2.10: a leading + is neutralised even in a phone number');
    assert.equal(eve.Notes, 'said "hi",\nthen left');
    assert.equal(eve.Seats, '-3', 'a number cannot run as a formula, so it stays a number');
    const ada = Object.fromEntries(header.map((h, i) => [h, rows.find((r) => r[0] === 'ada@acme.test')![i]]));
    assert.equal(ada.Organization, 'Acme Ltd');
    assert.equal(ada.VIP, 'true');
    assert.equal(rows.length, 3);
    // The default format is CSV.
    assert.deepEqual(parseCsv(await rosterOk(['customers', 'export'], testDb.env)), rows);
  });

  it('exports JSON exactly: no neutralising, typed values, the same records as list --json', async () => {
    const exported = JSON.parse(await rosterOk(['customers', 'export', '--json'], testDb.env)) as Record<string, unknown>[];
    const eve = exported.find((r) => r.email === 'eve@evil.test')!;
    assert.equal(eve.firstName, '=cmd()');
    assert.equal(eve.lastName, '@SUM(A1)');
    assert.equal(eve.phone, '+1 555 0100');
    assert.equal(eve.notes, 'said "hi",\nthen left');
    assert.equal(eve.seats, -3);
    const listed = JSON.parse(await rosterOk(['customers', 'list', '--json'], testDb.env)) as { items: Record<string, unknown>[] };
    const byId = (a: Record<string, unknown>, b: Record<string, unknown>) => Number(a.id) - Number(b.id);
    assert.deepEqual(exported.sort(byId), listed.items.sort(byId));
  });

  it('exports tickets with the customer and assignee by email', async () => {
    await createPerson(db, 'users', { email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' });
    await createTicket(db, {
      title: 'Printer on fire',
      priority: 'urgent',
      customerEmail: 'ada@acme.test',
      assigneeEmail: 'grace@example.com',
    });
    const [ticket, ...rest] = JSON.parse(await rosterOk(['tickets', 'export', '--json'], testDb.env)) as Record<string, unknown>[];
    assert.equal(rest.length, 0);
    assert.deepEqual(Object.keys(ticket!), [
      'id',
      'number',
      'title',
      'description',
      'status',
      'priority',
      'customerEmail',
      'assigneeEmail',
      'externalId',
      'organization',
      'createdAt',
      'updatedAt',
    ]);
    assert.equal(ticket!.number, 1);
    assert.equal(ticket!.customerEmail, 'ada@acme.test');
    assert.equal(ticket!.assigneeEmail, 'grace@example.com');

    const rows = parseCsv(await rosterOk(['tickets', 'export'], testDb.env));
    assert.deepEqual(rows[0], [
      'Number',
      'Title',
      'Description',
      'Status',
      'Priority',
      'Customer Email',
      'Assignee Email',
      'External ID',
      'Organization',
    ]);
    assert.deepEqual(rows[1], ['1', 'Printer on fire', '', 'open', 'urgent', 'ada@acme.test', 'grace@example.com', '', '']);
    const table = await rosterOk(['tickets', 'list'], testDb.env);
    assert.match(table, /^1 +Printer on fire +open +urgent +ada@acme\.test +grace@example\.com$/m);
  });

  it('exports organizations with their domains', async () => {
    await createOrganization(db, { name: 'Globex', domains: ['globex.test', 'globex.example'] });
    const orgs = JSON.parse(await rosterOk(['organizations', 'export', '--json'], testDb.env)) as Record<string, unknown>[];
    const globex = orgs.find((o) => o.name === 'Globex')!;
    assert.deepEqual(globex.domains, ['globex.example', 'globex.test']);
    const rows = parseCsv(await rosterOk(['organizations', 'export'], testDb.env));
    assert.deepEqual(rows[0], ['Name', 'Email Domains']);
    assert.ok(rows.some((r) => r[0] === 'Globex' && r[1] === 'globex.example, globex.test'));
  });

  it('exports organizations with their custom properties under their own keys, typed', async () => {
    await rosterOk(['properties', 'organizations', 'add', '--key', 'region', '--label', 'Sales Region', '--type', 'text'], testDb.env);
    await rosterOk(['properties', 'organizations', 'add', '--key', 'strategic', '--label', 'Strategic', '--type', 'boolean'], testDb.env);
    await createOrganization(db, { name: 'Initrode', domains: ['initrode.test'], region: '=EMEA', strategic: 'yes' });
    const orgs = JSON.parse(await rosterOk(['organizations', 'export', '--json'], testDb.env)) as Record<string, unknown>[];
    const initrode = orgs.find((o) => o.name === 'Initrode')!;
    assert.deepEqual(Object.keys(initrode), ['id', 'name', 'domains', 'region', 'strategic', 'createdAt', 'updatedAt']);
    assert.equal(initrode.region, '=EMEA', 'JSON is exact');
    assert.equal(initrode.strategic, true);
    assert.equal(orgs.find((o) => o.name === 'Globex')!.strategic, null);
    const listed = JSON.parse(await rosterOk(['organizations', 'list', '--json', '--search', 'initrode'], testDb.env)) as {
      items: Record<string, unknown>[];
    };
    assert.deepEqual(listed.items, [initrode]);

    const rows = parseCsv(await rosterOk(['organizations', 'export'], testDb.env));
    assert.deepEqual(rows[0], ['Name', 'Email Domains', 'Sales Region', 'Strategic']);
    assert.ok(
      rows.some((r) => r.join('|') === "Initrode|initrode.test|'=EMEA|true"),
      'the formula cell is neutralised',
    );
  });

  it('keeps the organization id out of customer exports: their keys are property keys', async () => {
    const [ada] = (JSON.parse(await rosterOk(['customers', 'export', '--json'], testDb.env)) as Record<string, unknown>[]).filter(
      (c) => c.email === 'ada@acme.test',
    );
    assert.equal(ada!.organization, 'Acme Ltd');
    assert.ok(!('organizationId' in ada!));
  });

  it('pages through every record on export, and list shows one page with its place', async () => {
    const t = new Date().toISOString();
    const many = Array.from({ length: 1203 }, (_, i) => ({
      kind: 'customer' as const,
      email: `bulk${String(i).padStart(4, '0')}@bulk.test`,
      firstName: 'Bulk',
      lastName: `Person ${i}`,
      status: 'active',
      createdAt: t,
      updatedAt: t,
    }));
    for (let i = 0; i < many.length; i += 300)
      await db.kysely
        .insertInto('people')
        .values(many.slice(i, i + 300))
        .execute();
    const total = many.length + 2;

    const json = JSON.parse(await rosterOk(['customers', 'export', '--json'], testDb.env)) as { id: number }[];
    assert.equal(json.length, total);
    assert.equal(new Set(json.map((r) => r.id)).size, total, 'no record twice across pages');
    const csv = parseCsv(await rosterOk(['customers', 'export'], testDb.env));
    assert.equal(csv.length, total + 1);

    const page = await rosterOk(['customers', 'list', '--search', 'bulk', '--page', '3', '--page-size', '500'], testDb.env);
    assert.match(page, /^203 of 1203 customers \(page 3 of 3\)$/m);
  });

  it('stops quietly (exit 0, nothing on stderr) when the reader closes the pipe early, like `| head`', async () => {
    const child = spawn(process.execPath, ['bin/roster.js', 'customers', 'export', '--json'], {
      cwd: ROOT,
      env: { ...process.env, ...testDb.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [first] = (await once(child.stdout, 'data')) as [Buffer];
    assert.ok(first.toString().startsWith('['));
    child.stdout.destroy();
    const [code] = (await once(child, 'close')) as [number | null];
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });

  it('rejects bad paging and conflicting formats with one line and exit 2', async () => {
    for (const args of [
      ['customers', 'list', '--page', '0'],
      ['customers', 'list', '--page-size', 'lots'],
      ['customers', 'list', '--page-size', '501'],
      ['customers', 'export', '--json', '--csv'],
      ['customers', 'list', '--colour'],
    ]) {
      const run = await runRoster(args, testDb.env);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /^roster: [^\n]+\n$/, args.join(' '));
      assert.equal(run.stdout, '');
    }
  });
});
