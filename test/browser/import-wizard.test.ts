import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import {
  chooseFile,
  counts,
  openImport,
  rowTexts,
  screenshot,
  skip,
  startHarness,
  until,
  visible,
  type WizardHarness,
} from './import-wizard-harness.js';

const SAMPLES = path.resolve('test/fixtures/samples');
const FIXTURES = path.resolve('test/fixtures/import-wizard');

async function peopleCount(h: WizardHarness, kind: 'user' | 'customer'): Promise<number> {
  const row = await h.db.kysely
    .selectFrom('people')
    .where('kind', '=', kind)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Picks a property for a column on the mapping step. */
async function mapColumn(page: Page, column: string, option: string): Promise<void> {
  await page.getByLabel(`Property for column ${column}`, { exact: true }).selectOption({ label: option });
}

describe('web UI: the import wizard', { skip }, () => {
  let h: WizardHarness;
  let page: Page;

  before(async () => {
    h = await startHarness();
    page = h.page;
    await page.goto(h.base + '/customers');
    await visible(page.getByRole('heading', { level: 1, name: 'Customers' }));
  });

  after(async () => {
    await h?.close();
  });

  it('imports customers.csv as a test sample of 5, then the remaining rows; the list shows all 20', async () => {
    await openImport(page, 'Customers');
    assert.equal(new URL(page.url()).pathname, '/customers/import');
    await visible(page.getByText(/Import customers first: a ticket is linked/));
    await screenshot(page, 'customers-1-choose');

    await chooseFile(page, path.join(SAMPLES, 'customers.csv'));
    assert.match(new URL(page.url()).pathname, /^\/customers\/import\/\d+\/found$/);
    assert.match(await page.getByText(/^Read as utf-8/).innerText(), /Read as utf-8/);
    assert.match(await page.getByText(/^Cells split on comma/).innerText(), /Cells split on comma \(,\)/);
    const preview = await rowTexts(page, 'The first rows of the file');
    assert.equal(preview.length, 10, 'the first 10 data rows');
    assert.match(preview[0]!, /alice\.anders@northwind\.example/);
    await screenshot(page, 'customers-2-found');

    await page.getByRole('button', { name: 'Next: map columns' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Map columns' }));
    assert.equal(await page.getByLabel('Property for column Email', { exact: true }).inputValue(), 'email');
    assert.equal(await page.getByLabel('Property for column Last Name', { exact: true }).inputValue(), 'lastName');
    await visible(page.getByText(/^Suggested: .*Email/).first());
    assert.equal(
      await page.getByRole('checkbox', { name: /Import a test sample first/ }).isChecked(),
      true,
      'a test sample is on by default',
    );
    assert.equal(await page.getByLabel('Rows in the sample').inputValue(), '5');
    await screenshot(page, 'customers-3-map');

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Check over' }));
    assert.match(new URL(page.url()).pathname, /^\/customers\/import\/\d+\/check$/);
    await visible(page.getByText('Roster checked all 20 rows'));
    const planned = await counts(page, 'What the import will do');
    assert.equal(planned['To create'], 20, 'the check over covers the whole file, not the sample');
    assert.equal(planned.Failed, 0);
    await visible(page.getByText(/Confirm imports a test sample: the first 5 rows/));
    await screenshot(page, 'customers-4-check');

    await page.getByRole('button', { name: 'Confirm' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Result' }), 20_000);
    assert.match(new URL(page.url()).pathname, /^\/customers\/import\/\d+\/result$/);
    await visible(page.getByText('The test sample of 5 rows is imported.'));
    assert.equal((await counts(page, 'What the import did')).Created, 5);
    assert.equal(await peopleCount(h, 'customer'), 5);
    await screenshot(page, 'customers-5-sample-result');

    await page.getByRole('button', { name: 'Import the remaining rows' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Check over' }));
    await until('the check over of the remaining rows plans 15 creates', async () => {
      const c = await counts(page, 'What the import will do');
      return c['To create'] === 15;
    });
    await visible(page.getByText('Confirm writes 15 customers.'));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await visible(page.getByText('The import is complete.'), 20_000);
    assert.equal((await counts(page, 'What the import did')).Created, 15);
    assert.equal(await peopleCount(h, 'customer'), 20);
    await screenshot(page, 'customers-6-result');

    await page.getByRole('button', { name: 'Close' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Customers' }));
    await until('the list shows 20 customers', async () => /^20 customers$/.test(await page.locator('.page-subtitle').innerText()));
    await until('the first page lists imported customers', async () =>
      (await rowTexts(page, 'Customers')).some((r) => r.includes('Alice Anders')),
    );
  });

  it('reads the French Latin-1 file: encoding and delimiter shown, French headers mapped, problems by row, error report', async () => {
    await page.goto(h.base + '/customers/import');
    await chooseFile(page, path.join(SAMPLES, 'customers-fr-semicolon-latin1.csv'));
    await visible(page.getByText(/Read as windows-1252: not valid UTF-8/));
    await visible(page.getByText(/Cells split on semicolon \(;\): each of the first/));
    const preview = await rowTexts(page, 'The first rows of the file');
    assert.match(preview[0]!, /Café du Coin/, 'accents decoded');
    assert.match(preview.find((r) => r.includes('Hélène')) ?? '', /Dupont; Frères/, 'a quoted delimiter stays in its cell');
    await screenshot(page, 'french-1-found');

    // Reading the file as UTF-8 instead is refused in words next to the choice; back to detection after.
    await page.getByLabel('Encoding').selectOption('utf-8');
    await until('the URL keeps the override', async () => new URL(page.url()).searchParams.get('encoding') === 'utf-8');
    await visible(page.getByText(/This file was read as UTF-8, but the byte at offset 9 \(0xE9\) is not valid UTF-8/));
    assert.equal(await page.getByLabel('Encoding').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByRole('button', { name: 'Next: map columns' }).isDisabled(), true);
    await screenshot(page, 'french-1b-wrong-encoding');
    await page.getByLabel('Encoding').selectOption('windows-1252');
    await visible(page.getByText('Read as windows-1252, as you chose.'));
    await page.getByLabel('Encoding').selectOption('');
    await visible(page.getByText(/Read as windows-1252: not valid UTF-8/));

    await page.getByRole('button', { name: 'Next: map columns' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Map columns' }));
    assert.equal(await page.getByLabel('Property for column Prénom', { exact: true }).inputValue(), 'firstName');
    assert.equal(await page.getByLabel('Property for column Nom', { exact: true }).inputValue(), 'lastName');
    await visible(page.getByText('Suggested: French for First Name.'));
    // "Client depuis" has no property yet: a new custom date property, read as dd/mm/yyyy.
    await mapColumn(page, 'Client depuis', 'New custom property…');
    const dialog = page.getByRole('dialog', { name: 'New custom property' });
    await visible(dialog);
    assert.equal(await dialog.getByLabel('Key').inputValue(), 'clientDepuis');
    await dialog.getByLabel('Key').fill('customerSince');
    await dialog.getByLabel('Label').fill('Customer Since');
    await dialog.getByLabel('Type').selectOption('date');
    await dialog.getByRole('button', { name: 'Add property' }).click();
    await until('the dialog closes', async () => (await dialog.count()) === 0);
    assert.equal(await page.getByLabel('Property for column Client depuis', { exact: true }).inputValue(), 'customerSince');
    await page.getByLabel('Date format').selectOption('dd/mm/yyyy');
    await page.getByRole('checkbox', { name: /Import a test sample first/ }).uncheck();
    await screenshot(page, 'french-2-map');

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Check over' }));
    const planned = await counts(page, 'What the import will do');
    assert.deepEqual(
      [planned['To create'], planned.Duplicates, planned.Failed],
      [2, 1, 2],
      'rows 2 and 7 import, row 3 repeats row 2, rows 4 and 5 fail',
    );
    const problems = await rowTexts(page, 'Problems');
    assert.ok(
      problems.some((r) => /^3\s+E-mail\s+ANNE\.LEFORT@exemple\.fr/.test(r)),
      `row 3 is a duplicate: ${problems.join(' | ')}`,
    );
    assert.ok(problems.some((r) => /^4\s+E-mail\s+pas-une-adresse/.test(r)));
    assert.ok(problems.some((r) => /^4\s+Client depuis\s+2018-13-01/.test(r)));
    assert.ok(problems.some((r) => /^5\s+Prénom/.test(r)));
    // Filtered by column, only that column's problems stay.
    await page.getByLabel('Column', { exact: true }).selectOption('E-mail');
    await until('only E-mail problems are listed', async () => (await rowTexts(page, 'Problems')).every((r) => /\bE-mail\b/.test(r)));
    await screenshot(page, 'french-3-check');

    // Rows and organizations as they will be stored.
    await visible(page.getByRole('table', { name: 'Organizations' }).getByText('Café du Coin'));
    await page.getByRole('checkbox', { name: 'Show only rows with problems' }).check();
    await until('only the rows with problems are listed', async () => {
      const rows = await rowTexts(page, 'Rows as they will be stored');
      return rows.length === 3 && rows.every((r) => /^(3|4|5)\b/.test(r));
    });

    // Row 5 has no first name: fixed in place, it is checked again and will import.
    await page.getByLabel('Column', { exact: true }).selectOption('');
    await page.getByRole('button', { name: 'Fix row 5, column Prénom' }).click();
    await page.getByLabel('Corrected value for row 5, column Prénom').fill('Étienne');
    await screenshot(page, 'french-3b-fix');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await until('the counts follow the correction', async () => {
      const c = await counts(page, 'What the import will do');
      return c['To create'] === 3 && c.Failed === 1;
    });
    await until('row 5 has no problem left', async () => !(await rowTexts(page, 'Problems')).some((r) => /^5\s/.test(r)));

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download the error report (CSV)' }).click();
    const file = await (await download).path();
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a byte order mark, for Excel');
    const text = bytes.toString('utf8');
    assert.match(text, /Prénom/);
    assert.match(text, /Misérables SA/);
    assert.match(text, /pas-une-adresse/);

    await page.getByRole('button', { name: 'Confirm' }).click();
    await visible(page.getByText('The import is complete.'), 20_000);
    assert.equal((await counts(page, 'What the import did')).Created, 3);
    const etienne = await h.db.kysely.selectFrom('people').where('email', '=', 'etienne.roux@exemple.fr').selectAll().executeTakeFirst();
    assert.equal(etienne?.firstName, 'Étienne', 'the corrected cell was imported');
    const helene = await page.request.get(h.base + '/api/customers?search=helene.dupont');
    const found = (await helene.json()) as { items: Record<string, unknown>[] };
    assert.equal(found.items[0]?.customerSince, '2020-07-14', 'the date was read as day/month/year');
    assert.equal(found.items[0]?.organization, 'Dupont; Frères');
    await screenshot(page, 'french-4-result');
  });

  it('keeps Import disabled with a sentence while a required property has no column', async () => {
    await page.goto(h.base + '/customers/import');
    await chooseFile(page, path.join(SAMPLES, 'customers.csv'));
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Map columns' }));
    await mapColumn(page, 'Email', 'Don’t import this column');
    const importButton = page.getByRole('button', { name: 'Import', exact: true });
    await until('Import is disabled', async () => await importButton.isDisabled());
    await visible(page.getByText('Map a column to Email: customers cannot be imported without it.'));
    await mapColumn(page, 'Last Name', 'Don’t import this column');
    await visible(page.getByText('Map a column to Email and Last Name: customers cannot be imported without them.'));
    await screenshot(page, 'required-missing');
    await mapColumn(page, 'Email', 'Email *');
    await mapColumn(page, 'Last Name', 'Last Name *');
    await until('Import is enabled again', async () => await importButton.isEnabled());
  });

  it('saves a mapping as a template and offers it for the next file with the same columns', async () => {
    // Still on the mapping of customers.csv: leave Title out, and save that.
    await mapColumn(page, 'Title', 'Don’t import this column');
    await page.getByRole('button', { name: 'Save this mapping…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save this mapping' });
    await dialog.getByLabel('Template name').fill('Standard customers');
    await dialog.getByRole('button', { name: 'Save template' }).click();
    await visible(page.getByText(/Saved as “Standard customers”/));

    await page.goto(h.base + '/customers/import');
    await chooseFile(page, path.join(FIXTURES, 'customers-reordered.csv'));
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Map columns' }));
    assert.equal(await page.getByLabel('Property for column Title', { exact: true }).inputValue(), 'title', 'suggested before');
    await screenshot(page, 'template-offered');
    await page.getByRole('button', { name: 'Use “Standard customers”' }).click();
    await visible(page.getByText(/The saved mapping “Standard customers” is applied/));
    assert.equal(await page.getByLabel('Property for column Title', { exact: true }).inputValue(), '', 'the template leaves Title out');
    assert.equal(await page.getByLabel('Property for column Email', { exact: true }).inputValue(), 'email');
  });

  it('imports users, then undoes the import after a confirmation that counts what it removes', async () => {
    await openImport(page, 'Users');
    await chooseFile(page, path.join(SAMPLES, 'users.csv'));
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Map columns' }));
    await page.getByRole('checkbox', { name: /Import a test sample first/ }).uncheck();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Check over' }));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await visible(page.getByText('The import is complete.'), 20_000);
    assert.equal((await counts(page, 'What the import did')).Created, 4);
    assert.equal(await peopleCount(h, 'user'), 5, 'the admin and the 4 imported users');
    const maria = await h.db.kysely.selectFrom('people').where('email', '=', 'maria.lopez@helpdesk.example').selectAll().executeTakeFirst();
    assert.equal(maria?.firstName, 'María');

    await page.getByRole('button', { name: 'Undo this import' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Undo this import?' });
    await visible(dialog);
    assert.match(await dialog.innerText(), /4 users it created will be removed and 0 it updated will get their previous values back/);
    await screenshot(page, 'users-undo-confirm');
    await dialog.getByRole('button', { name: 'Undo the import' }).click();
    await visible(page.getByText(/This import was undone/));
    await visible(page.getByText(/Undo removed 4 and restored 0 users/));
    assert.equal(await peopleCount(h, 'user'), 1, 'only the admin is left');
  });

  it('imports organizations from Tools › Import of the Organizations application', async () => {
    await openImport(page, 'Organizations');
    await visible(page.getByText(/a Name column/));
    await chooseFile(page, path.join(FIXTURES, 'organizations.csv'));
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Map columns' }));
    assert.equal(await page.getByLabel('Property for column Name', { exact: true }).inputValue(), 'name');
    await page.getByRole('checkbox', { name: /Import a test sample first/ }).uncheck();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Check over' }));
    const planned = await counts(page, 'What the import will do');
    // customers.csv made Northwind Traders and Contoso Ltd already; Fabrikam Inc is new ("Fabrikam, Inc." differs).
    assert.equal((planned['To create'] ?? 0) + (planned['To update'] ?? 0) + (planned.Unchanged ?? 0), 3);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await visible(page.getByText('The import is complete.'), 20_000);
    const names = (await h.db.kysely.selectFrom('organizations').select('name').execute()).map((o) => o.name);
    for (const name of ['Northwind Traders', 'Contoso Ltd', 'Fabrikam Inc']) assert.ok(names.includes(name), `${name} is stored`);
    const domains = await h.db.kysely.selectFrom('organizationDomains').select('domain').execute();
    assert.ok(domains.some((d) => d.domain === 'fabrikam.example'));
    await page.getByRole('button', { name: 'Close' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Organizations' }));
    await visible(page.getByRole('link', { name: 'Fabrikam Inc' }));
  });

  it('lists every import in the history, each opening its result', async () => {
    await page.goto(h.base + '/customers');
    await page.getByRole('button', { name: 'Tools' }).click();
    await page.getByRole('menuitem', { name: /Import history/ }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Import history' }));
    await until('the history lists the imports', async () => (await rowTexts(page, 'Imports')).length > 0);
    const rows = await rowTexts(page, 'Imports');
    assert.ok(rows.some((r) => /organizations\.csv\s+Organizations/.test(r) && /completed/i.test(r)));
    assert.ok(rows.some((r) => /users\.csv\s+Users/.test(r) && /undone/i.test(r) && /admin@roster\.example/.test(r)));
    await screenshot(page, 'history');
    await page.getByRole('link', { name: 'users.csv' }).first().click();
    await visible(page.getByRole('heading', { level: 2, name: 'Result' }));
    await visible(page.getByText(/This import was undone/));
  });

  it('refuses an agent: no Tools › Import, and the wizard’s URL says it is not allowed', async () => {
    const created = await page.request.post(h.base + '/api/users', {
      data: { email: 'agent@roster.example', firstName: 'Alex', lastName: 'Agent', role: 'agent' },
      headers: { origin: h.base },
    });
    assert.equal(created.status(), 201, await created.text());
    const { id } = (await created.json()) as { id: number };
    const password = await page.request.post(h.base + `/api/users/${id}/password`, {
      data: { password: 'agent password 123' },
      headers: { origin: h.base },
    });
    assert.ok(password.ok(), await password.text());

    const context = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const agent = await context.newPage();
      const session = await agent.request.post(h.base + '/api/session', {
        data: { email: 'agent@roster.example', password: 'agent password 123' },
        headers: { origin: h.base },
      });
      assert.ok(session.ok(), await session.text());
      await agent.goto(h.base + '/customers');
      await visible(agent.getByRole('heading', { level: 1, name: 'Customers' }));
      assert.equal(await agent.getByRole('button', { name: 'Tools' }).count(), 0, 'agents have no Tools › Import');
      await agent.goto(h.base + '/customers/import');
      await visible(agent.getByRole('heading', { level: 2, name: 'Not allowed' }));
      await visible(agent.getByText('Only admins can import customers.', { exact: false }));
      assert.equal(await agent.getByLabel('CSV file').count(), 0);
      await screenshot(agent, 'agent-refused');
    } finally {
      await context.close();
    }
  });
});
