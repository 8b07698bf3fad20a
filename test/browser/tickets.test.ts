import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { TEST_DIALECT } from '../support/database.js';
import { skip, startHarness, visible, type WizardHarness } from './import-wizard-harness.js';

const TITLES = ['Printer jammed', 'VPN down', 'Password reset', 'Laptop broken', 'Imported invoice'] as const;
type Title = (typeof TITLES)[number];

/** The Tickets application as an agent works in it: filters kept in the URL, names linked to people, triage on the ticket's page. */
describe(`web UI: the Tickets application (${TEST_DIALECT})`, { skip }, () => {
  let harness: WizardHarness;
  let page: Page;
  let base: string;
  const ids = { bea: 0, carl: 0, carol: 0 };
  const ticketIds: Partial<Record<Title, number>> = {};

  async function post(path: string, data: Record<string, unknown>): Promise<{ id: number }> {
    // The page's request context shares the browser's session; like the page, it says where it comes from.
    const response = await page.request.post(base + path, { headers: { origin: base }, data });
    assert.equal(response.status(), 201, await response.text());
    return (await response.json()) as { id: number };
  }

  const table = () => page.getByRole('table', { name: 'Tickets' });
  const row = (title: Title) => table().locator('tbody tr').filter({ hasText: title });

  /** Waits until the list shows exactly `expected` (the others gone), then checks the whole list. */
  async function expectRows(expected: Title[]): Promise<void> {
    for (const title of TITLES) {
      if (expected.includes(title)) await visible(row(title));
      else await row(title).waitFor({ state: 'detached', timeout: 10_000 });
    }
    const shown = await table().locator('tbody tr td:nth-child(2)').allInnerTexts();
    assert.deepEqual(
      shown.map((t) => t.trim()),
      TITLES.filter((t) => expected.includes(t)).reverse(),
      'newest first, nothing else',
    );
  }

  const search = () => new URL(page.url()).searchParams;

  before(async () => {
    harness = await startHarness();
    page = harness.page;
    base = harness.base;
  });

  after(async () => {
    await harness?.close();
  });

  it('says where tickets come from when there are none', async () => {
    await page.goto(base + '/tickets');
    await visible(page.getByRole('heading', { level: 1, name: 'Tickets' }));
    await visible(page.getByText('No tickets yet: import them from a CSV file, or they arrive from the support form and by email.'));
  });

  it('lists tickets with their customer and assignee by name, linked to their pages, and a pending person as an email', async () => {
    ids.bea = (await post('/api/users', { email: 'bea@staff.example', firstName: 'Bea', lastName: 'Berg', role: 'agent' })).id;
    ids.carl = (await post('/api/users', { email: 'carl@staff.example', firstName: 'Carl', lastName: 'Chu', role: 'agent' })).id;
    ids.carol = (await post('/api/customers', { email: 'carol@acme.example', firstName: 'Carol', lastName: 'Shaw' })).id;
    const tickets: Record<Title, Record<string, unknown>> = {
      'Printer jammed': { status: 'open', customerEmail: 'carol@acme.example', assigneeEmail: 'bea@staff.example' },
      'VPN down': { status: 'pending', customerEmail: 'carol@acme.example' },
      'Password reset': { status: 'open' },
      'Laptop broken': { status: 'resolved', assigneeEmail: 'carl@staff.example' },
      'Imported invoice': { status: 'open', externalId: 'ZD-77' },
    };
    for (const title of TITLES) ticketIds[title] = (await post('/api/tickets', { title, ...tickets[title] })).id;
    // What a ticket import leaves when the customer it names does not exist yet.
    await harness.db.kysely
      .updateTable('tickets')
      .set({ createdImportId: 9, pendingCustomerEmail: 'erin@newco.example' })
      .where('id', '=', ticketIds['Imported invoice']!)
      .execute();

    await page.reload();
    await expectRows([...TITLES]);
    const printer = row('Printer jammed');
    assert.equal(await printer.getByRole('link', { name: 'Bea Berg' }).getAttribute('href'), `/users/${ids.bea}`);
    assert.equal(await printer.getByRole('link', { name: 'Carol Shaw' }).getAttribute('href'), `/customers/${ids.carol}`);
    assert.match(await row('Password reset').innerText(), /Unassigned/);
    const imported = await row('Imported invoice').innerText();
    assert.match(imported, /erin@newco\.example\s+not in Roster yet/);
  });

  it('filters by status and assignee, keeps the filters in the URL, and through reload and Back', async () => {
    await page.getByLabel('Status').selectOption({ label: 'Open' });
    await expectRows(['Printer jammed', 'Password reset', 'Imported invoice']);
    assert.equal(search().get('status'), 'open');

    await page.getByLabel('Assignee').selectOption({ label: 'Unassigned' });
    await expectRows(['Password reset', 'Imported invoice']);
    assert.equal(search().get('assignee'), 'unassigned');

    await page.reload();
    await expectRows(['Password reset', 'Imported invoice']);
    assert.equal(await page.getByLabel('Status').inputValue(), 'open');
    assert.equal(await page.getByLabel('Assignee').inputValue(), 'unassigned');

    await row('Password reset').getByRole('link', { name: 'Password reset' }).click();
    await visible(page.getByRole('heading', { level: 1, name: /Password reset/ }));
    await page.goBack();
    await expectRows(['Password reset', 'Imported invoice']);
    assert.equal(await page.getByLabel('Assignee').inputValue(), 'unassigned');

    // Each choice was a step of its own: Back undoes the assignee filter and keeps the status.
    await page.goBack();
    await expectRows(['Printer jammed', 'Password reset', 'Imported invoice']);
    assert.equal(await page.getByLabel('Assignee').inputValue(), '');
    assert.equal(await page.getByLabel('Status').inputValue(), 'open');

    await page.getByLabel('Assignee').selectOption({ label: 'Bea Berg' });
    await expectRows(['Printer jammed']);
    assert.equal(search().get('assignee'), String(ids.bea));
  });

  it('narrows to imported tickets and to those waiting for people', async () => {
    await page.goto(base + '/tickets');
    await expectRows([...TITLES]);
    await page.getByRole('searchbox', { name: 'Search tickets' }).fill('printer');
    await expectRows(['Printer jammed']);
    assert.equal(search().get('q'), 'printer');
    await page.getByRole('searchbox', { name: 'Search tickets' }).fill('');
    await expectRows([...TITLES]);
    await page.getByLabel('Waiting for people').check();
    await expectRows(['Imported invoice']);
    assert.equal(search().get('pending'), '1');
    await page.getByLabel('Waiting for people').uncheck();
    await expectRows([...TITLES]);
    await page.getByLabel('Imported only').check();
    await expectRows(['Imported invoice']);
    await page.getByLabel('Status').selectOption({ label: 'Resolved' });
    await visible(page.getByText('No tickets match these filters.'));
    assert.equal(await table().locator('tbody tr').count(), 0);
  });

  it('shows an imported ticket’s pending customer, its import and its external ID', async () => {
    await page.goto(base + `/tickets/${ticketIds['Imported invoice']}`);
    const side = page.getByRole('complementary', { name: 'Properties' });
    await visible(side.getByText('Waiting for erin@newco.example to be added as a customer'));
    await visible(side.getByText('Imported by import #9'));
    await visible(side.getByText('ZD-77'));
  });

  it('assigns a ticket to a user and changes its status on its page, and the list shows the assignee by name', async () => {
    await page.goto(base + '/tickets');
    await expectRows([...TITLES]);
    await row('Password reset').getByRole('link', { name: 'Password reset' }).click();
    await visible(page.getByRole('heading', { level: 1, name: /Password reset/ }));
    const side = page.getByRole('complementary', { name: 'Properties' });
    await visible(side.locator('dd > span', { hasText: /^Unassigned$/ }));

    await page.getByLabel('Assign to').selectOption({ label: 'Carl Chu' });
    const carl = side.getByRole('link', { name: 'Carl Chu' });
    await visible(carl);
    assert.equal(await carl.getAttribute('href'), `/users/${ids.carl}`);

    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Pending' });
    await visible(page.locator('.page-header .badge-pending'));
    await page.getByLabel('Priority').selectOption({ label: 'Urgent' });
    await visible(page.locator('.page-header .badge-urgent'));

    const stored = await page.request.get(base + `/api/tickets/${ticketIds['Password reset']}`);
    const ticket = (await stored.json()) as Record<string, unknown>;
    assert.deepEqual([ticket.assigneeId, ticket.status, ticket.priority], [ids.carl, 'pending', 'urgent'], 'saved on the server');

    await page.getByRole('link', { name: 'Tickets', exact: true }).first().click();
    await page.getByLabel('Assignee').selectOption({ label: 'Carl Chu' });
    await expectRows(['Password reset', 'Laptop broken']);
    const link = row('Password reset').getByRole('link', { name: 'Carl Chu' });
    assert.equal(await link.getAttribute('href'), `/users/${ids.carl}`);
    await link.click();
    await visible(page.getByRole('heading', { level: 1, name: 'Carl Chu' }));
    const assigned = page.getByRole('region', { name: 'Assigned tickets' });
    await visible(assigned.getByRole('link', { name: /Password reset/ }));
    await visible(assigned.getByRole('link', { name: /Laptop broken/ }));
    assert.equal(await assigned.getByRole('listitem').count(), 2);
  });

  it('shows a customer’s tickets on their page, each linking to it', async () => {
    await page.goto(base + `/customers/${ids.carol}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Carol Shaw' }));
    const tickets = page.getByRole('region', { name: 'Tickets' });
    await visible(tickets.getByRole('link', { name: /VPN down/ }));
    assert.deepEqual(
      (await tickets.getByRole('listitem').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim().toLowerCase()),
      ['#2 vpn down pending', '#1 printer jammed open'],
    );
    await tickets.getByRole('link', { name: /Printer jammed/ }).click();
    await visible(page.getByRole('heading', { level: 1, name: /Printer jammed/ }));
  });
});
