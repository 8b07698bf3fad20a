import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { localFileStore } from '../../src/import/file-store.js';
import { runImport } from '../../src/import/use-cases/run-import.js';
import {
  chooseFile,
  counts,
  rowTexts,
  screenshot,
  skip,
  startHarness,
  until,
  visible,
  writeTempFile,
  type WizardHarness,
} from './import-wizard-harness.js';

const SAMPLES = path.resolve('test/fixtures/samples');

/** Every ticket's title and status, by title. */
async function ticketStatuses(h: WizardHarness): Promise<Record<string, string>> {
  const rows = await h.db.kysely.selectFrom('tickets').select(['title', 'status']).orderBy('title').execute();
  return Object.fromEntries(rows.map((r) => [String(r.title), String(r.status)]));
}

/** Opens Tickets › Tools › Import, as the product's guide says. */
async function openTicketImport(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Applications' }).getByRole('link', { name: 'Tickets' }).click();
  await visible(page.getByRole('heading', { level: 1, name: 'Tickets' }));
  await page.getByRole('button', { name: 'Tools' }).click();
  await page.getByRole('menuitem', { name: /^Import\b.*CSV/ }).click();
  await visible(page.getByRole('heading', { level: 1, name: 'Import tickets' }));
}

/** From the first step to the check over of a whole file, with the mapping Roster suggests. */
async function checkFile(page: Page, file: string): Promise<void> {
  await chooseFile(page, file);
  await page.getByRole('button', { name: 'Next: map columns' }).click();
  await visible(page.getByRole('heading', { level: 2, name: 'Map columns' }));
  const sample = page.getByRole('checkbox', { name: /Import a test sample first/ });
  if (await sample.isChecked()) await sample.uncheck();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await visible(page.getByRole('heading', { level: 2, name: 'Check over' }));
}

/** As checkFile, with “Create missing customers” chosen on the mapping. */
async function checkCreatingCustomers(page: Page, file: string): Promise<void> {
  await chooseFile(page, file);
  await page.getByRole('button', { name: 'Next: map columns' }).click();
  await visible(page.getByRole('heading', { level: 2, name: 'Map columns' }));
  await page.getByRole('checkbox', { name: /Import a test sample first/ }).uncheck();
  await page.getByRole('checkbox', { name: /Create missing customers/ }).check();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await visible(page.getByRole('heading', { level: 2, name: 'Check over' }));
}

describe('web UI: importing tickets with the wizard', { skip }, () => {
  let h: WizardHarness;
  let page: Page;
  let tmp: string;

  before(async () => {
    h = await startHarness();
    page = h.page;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-ticket-wizard-'));
    // The people first, as the wizard advises: the tickets find them by email.
    const fileStore = localFileStore(tmp);
    for (const entity of ['customers', 'users'] as const) {
      const report = await runImport(h.db, { entity, filePath: path.join(SAMPLES, `${entity}.csv`), fileStore });
      assert.equal(report.status, 'completed');
    }
    await page.goto(h.base + '/tickets');
    await visible(page.getByRole('heading', { level: 1, name: 'Tickets' }));
  });

  after(async () => {
    await h?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('imports tickets.csv from Tickets › Tools › Import: links checked over, then the tickets that still wait', async () => {
    await openTicketImport(page);
    assert.equal(new URL(page.url()).pathname, '/tickets/import');
    await visible(page.getByText(/Import customers and users before their tickets/));

    await chooseFile(page, path.join(SAMPLES, 'tickets.csv'));
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Map columns' }));
    const mapped = async (column: string) => page.getByLabel(`Property for column ${column}`, { exact: true }).inputValue();
    assert.equal(await mapped('Title'), 'title');
    assert.equal(await mapped('Status'), 'status');
    assert.equal(await mapped('Customer Email'), 'customerEmail');
    assert.equal(await mapped('Assignee Email'), 'assigneeEmail');
    assert.equal(await mapped('Created Date'), 'createdAt', 'a tickets-only target is suggested');
    const options = await page.getByLabel('Property for column Title', { exact: true }).locator('option').allInnerTexts();
    for (const target of ['Created Date', 'Updated Date', 'Customer Name', 'Messages']) assert.ok(options.includes(target), target);
    await visible(page.getByText('When a ticket already exists (same External ID)'));
    const create = page.getByRole('checkbox', { name: /Create missing customers/ });
    assert.equal(await create.isChecked(), false);
    await page.getByRole('checkbox', { name: /Import a test sample first/ }).uncheck();
    await screenshot(page, 'tickets-1-map');

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Check over' }));
    assert.equal((await counts(page, 'What the import will do'))['To create'], 5);
    await visible(page.getByText('4 tickets will be linked to their customer, 1 will wait (row 5).'));
    await visible(page.getByText('4 will be assigned, 1 unassigned (row 6).'));
    await visible(page.getByText(/Import customers and users before their tickets, or choose “Create missing customers”/));
    await visible(page.getByText('Confirm writes 5 tickets.'));
    assert.equal(await page.getByRole('heading', { name: 'Values Roster does not know' }).count(), 0, 'every value is known');
    await screenshot(page, 'tickets-2-check');

    await page.getByRole('button', { name: 'Confirm' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Result' }), 20_000);
    await visible(page.getByText('The import is complete.'));
    assert.equal((await counts(page, 'What the import did')).Created, 5);
    await visible(page.getByText('4 tickets were linked to their customer, 1 waited (row 5).'));
    await visible(page.getByText('4 assigned, 1 unassigned (row 6).'));
    await visible(page.getByText(/Waiting now: 1 ticket for its customer, 1 ticket for its assignee\./));
    assert.equal(Object.keys(await ticketStatuses(h)).length, 5);
    await screenshot(page, 'tickets-3-result');

    const id = /\/tickets\/import\/(\d+)\/result$/.exec(new URL(page.url()).pathname)?.[1];
    assert.ok(id, page.url());
    await page.getByRole('link', { name: 'See the waiting tickets' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Tickets' }));
    const url = new URL(page.url());
    assert.deepEqual([url.pathname, url.searchParams.get('import'), url.searchParams.get('pending')], ['/tickets', id, '1']);
    await until('the list shows the two waiting tickets', async () => {
      const rows = await rowTexts(page, 'Tickets');
      return rows.length === 2 && rows.some((r) => r.includes('Question about plans')) && rows.some((r) => r.includes('Refund request'));
    });
  });

  it('maps a status Roster does not know on the check over, checks again and imports every row', async () => {
    const file = writeTempFile(
      tmp,
      'triage.csv',
      [
        'Title,Status,Priority,Customer Email',
        'Printer jammed,Triage,High,alice.anders@northwind.example',
        'VPN down,Open,Normal,',
        'Mail bounced,triage,Low,',
      ].join('\n') + '\n',
    );
    await page.goto(h.base + '/tickets/import');
    await checkFile(page, file);
    const first = new URL(page.url()).pathname;
    const planned = await counts(page, 'What the import will do');
    assert.deepEqual([planned['To create'], planned.Failed], [1, 2]);
    await visible(page.getByRole('heading', { level: 2, name: 'Values Roster does not know' }));
    await visible(page.getByText('2 rows'), 10_000);
    const select = page.getByLabel('Map “Triage” to');
    assert.deepEqual(await select.locator('option').allInnerTexts(), ['Leave the rows out', 'open', 'pending', 'resolved', 'closed']);
    await screenshot(page, 'tickets-4-unknown-value');

    await select.selectOption('pending');
    await page.getByRole('button', { name: 'Map these values and check again' }).click();
    await until('a new check over plans every row', async () => {
      if (new URL(page.url()).pathname === first) return false;
      const c = await counts(page, 'What the import will do');
      return c['To create'] === 3 && c.Failed === 0;
    });
    assert.equal(await page.getByRole('heading', { name: 'Values Roster does not know' }).count(), 0);
    await visible(page.getByText('1 ticket will be linked to its customer, 0 will wait.'));

    await page.getByRole('button', { name: 'Confirm' }).click();
    await visible(page.getByText('The import is complete.'), 20_000);
    assert.equal((await counts(page, 'What the import did')).Created, 3);
    const statuses = await ticketStatuses(h);
    assert.deepEqual(
      [statuses['Printer jammed'], statuses['VPN down'], statuses['Mail bounced']],
      ['pending', 'open', 'pending'],
      'both spellings of Triage took the mapped status',
    );
  });

  it('“Create missing customers” plans a customer for the email nobody has, and is kept when going back to the mapping', async () => {
    await page.goto(h.base + '/tickets/import');
    await checkCreatingCustomers(page, path.join(SAMPLES, 'tickets.csv'));
    await visible(page.getByText('5 tickets will be linked to their customer, 0 will wait.'));
    await visible(page.getByText('1 customer will be created from Customer Emails that matched nobody.'));
    await page.getByRole('button', { name: 'Back to the mapping' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Map columns' }));
    assert.equal(await page.getByRole('checkbox', { name: /Create missing customers/ }).isChecked(), true);
  });

  it('saves the values mapped and “Create missing customers” with the mapping, and the next export gets them back', async () => {
    const lines = ['Title,Status,Customer Email', 'Scanner offline,Triage,nobody.yet@desk.example', 'Badge lost,Open,'];
    await page.goto(h.base + '/tickets/import');
    await checkCreatingCustomers(page, writeTempFile(tmp, 'desk-june.csv', lines.join('\n') + '\n'));
    await page.getByLabel('Map “Triage” to').selectOption('pending');
    await page.getByRole('button', { name: 'Map these values and check again' }).click();
    await until('the new check over plans both rows', async () => (await counts(page, 'What the import will do')).Failed === 0);

    // Saved from the check over, where the values were mapped, and from the mapping it leads back to.
    const save = async (name: string) => {
      await page.getByRole('button', { name: 'Save this mapping…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Save this mapping' });
      await dialog.getByLabel('Template name').fill(name);
      await dialog.getByRole('button', { name: 'Save template' }).click();
      await visible(page.getByText(`Saved as “${name}”`));
    };
    await save('Old desk');
    await page.getByRole('button', { name: 'Back to the mapping' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Map columns' }));
    await save('Old desk, from the mapping');
    const saved = await page.request.get(`${h.base}/api/import-templates?entity=tickets`);
    const templates = ((await saved.json()) as { items: { name: string; valueMaps: unknown; createMissingCustomers: boolean }[] }).items;
    assert.deepEqual(
      templates.map((t) => [t.name, t.valueMaps, t.createMissingCustomers]),
      [
        ['Old desk', { Status: { triage: 'pending' } }, true],
        ['Old desk, from the mapping', { Status: { triage: 'pending' } }, true],
      ],
    );

    // July's export: the same columns in another order and case, "triage" written in lower case.
    const july = ['customer email,title,status', 'later@desk.example,Toner empty,triage'];
    await page.goto(h.base + '/tickets/import');
    await chooseFile(page, writeTempFile(tmp, 'desk-july.csv', july.join('\n') + '\n'));
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Map columns' }));
    assert.equal(await page.getByRole('checkbox', { name: /Create missing customers/ }).isChecked(), false);
    await page.getByRole('button', { name: 'Use “Old desk”' }).click();
    await visible(page.getByText(/The saved mapping “Old desk” is applied/));
    assert.equal(await page.getByRole('checkbox', { name: /Create missing customers/ }).isChecked(), true);
    const sample = page.getByRole('checkbox', { name: /Import a test sample first/ });
    if (await sample.isChecked()) await sample.uncheck();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Check over' }));
    const planned = await counts(page, 'What the import will do');
    assert.deepEqual([planned['To create'], planned.Failed], [1, 0]);
    assert.equal(await page.getByRole('heading', { name: 'Values Roster does not know' }).count(), 0);
    await visible(page.getByText('1 customer will be created from Customer Emails that matched nobody.'));
  });

  it('lists the saved mappings under Import history, and deletes one after asking', async () => {
    await page.goto(h.base + '/tickets/import/history');
    const table = page.getByRole('table', { name: 'Saved mappings' });
    const row = (name: string) => table.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
    await visible(row('Old desk'));
    assert.match(await row('Old desk').innerText(), /3 of 3 columns, 1 value mapped, creates missing customers/);
    await screenshot(page, 'saved-mappings');

    await row('Old desk, from the mapping').getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete the saved mapping “Old desk, from the mapping”?' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await until('the deleted mapping leaves the list', async () => (await row('Old desk, from the mapping').count()) === 0);
    await visible(row('Old desk'));
    const left = await page.request.get(`${h.base}/api/import-templates?entity=tickets`);
    assert.deepEqual(
      ((await left.json()) as { items: { name: string }[] }).items.map((t) => t.name),
      ['Old desk'],
    );
  });
});
