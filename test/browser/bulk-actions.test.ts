import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPerson } from '../../src/db/repositories/people.js';
import { localFileStore } from '../../src/import/file-store.js';
import { runImport } from '../../src/import/use-cases/run-import.js';
import { rowTexts, skip, startHarness, until, visible, type WizardHarness } from './import-wizard-harness.js';

const NAMES = ['Ada Lovelace', 'Charles Babbage', 'Grace Hopper', 'Alan Turing', 'Barbara Liskov'];

describe('web UI: choosing people in a list and acting on them together', { skip }, () => {
  let h: WizardHarness;
  let tmp: string;

  before(async () => {
    h = await startHarness();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bulk-'));
    for (const name of NAMES) {
      const [firstName, lastName] = name.split(' ') as [string, string];
      await createPerson(h.db, 'customers', { email: `${firstName.toLowerCase()}@bulk.example`, firstName, lastName });
    }
  });
  after(async () => {
    await h?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const checkbox = (name: string) => h.page.getByRole('checkbox', { name: `Select ${name}` });
  const bar = () => h.page.getByRole('group', { name: 'Actions for the selected customers' });

  it('selects rows by their checkboxes and counts them; the header box takes the whole page, by keyboard too', async () => {
    await h.page.goto(h.base + '/customers');
    await until('every customer is listed', async () => (await rowTexts(h.page, 'Customers')).length === NAMES.length);
    await checkbox('Ada Lovelace').check();
    await checkbox('Grace Hopper').check();
    await visible(bar().getByText('2 selected'));
    assert.equal(new URL(h.page.url()).pathname, '/customers', 'choosing a row does not open it');

    const all = h.page.getByRole('checkbox', { name: 'Select all on this page' });
    assert.equal(await all.evaluate((box) => (box as unknown as { indeterminate: boolean }).indeterminate), true);
    await all.focus();
    await h.page.keyboard.press('Space');
    await visible(bar().getByText(`${NAMES.length} selected`));
    await h.page.keyboard.press('Space');
    await until('the selection is empty', async () => (await bar().count()) === 0);
  });

  it('exports the chosen rows as the CSV file the CLI writes', async () => {
    await checkbox('Alan Turing').check();
    await checkbox('Charles Babbage').check();
    const [download] = await Promise.all([
      h.page.waitForEvent('download'),
      bar().getByRole('link', { name: 'Export selected as CSV' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'customers.csv');
    const file = fs.readFileSync(await download.path(), 'utf8');
    const lines = file.split('\r\n').filter((l) => l !== '');
    assert.match(lines[0]!, /^Email,First Name,Last Name,/);
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(',')[0]),
      ['charles@bulk.example', 'alan@bulk.example'],
      'the two chosen, oldest first',
    );
  });

  it('deactivates the chosen customers after asking, and reports it', async () => {
    await bar().getByRole('button', { name: 'Deactivate', exact: true }).click();
    await visible(h.page.getByText('Deactivate 2 customers? They stay in the list, marked deactivated.'));
    await h.page.getByRole('button', { name: 'Deactivate 2 customers' }).click();
    await visible(h.page.getByRole('status').getByText('Deactivated 2 customers.'));
    await until('both rows show deactivated', async () => {
      const rows = await rowTexts(h.page, 'Customers');
      return rows.filter((r) => /deactivated/i.test(r)).length === 2 && rows.some((r) => /Alan Turing.*deactivated/is.test(r));
    });
    assert.equal(await bar().count(), 0, 'what went through is no longer selected');
  });

  it('deletes the chosen customers only once the count is confirmed', async () => {
    await checkbox('Barbara Liskov').check();
    await checkbox('Grace Hopper').check();
    await bar().getByRole('button', { name: 'Delete', exact: true }).click();
    await visible(h.page.getByText('Delete 2 customers? This cannot be undone.'));
    await h.page.getByRole('button', { name: 'Delete 2 customers' }).click();
    await visible(h.page.getByRole('status').getByText('Deleted 2 customers.'));
    await until('the two are gone', async () => {
      const rows = await rowTexts(h.page, 'Customers');
      return rows.length === NAMES.length - 2 && !rows.some((r) => /Liskov|Hopper/.test(r));
    });
  });

  it('invites users, and names the one it could not deactivate (the last admin) while deactivating the others', async () => {
    await createPerson(h.db, 'users', { email: 'sam@bulk.example', firstName: 'Sam', lastName: 'Agent', role: 'agent' });
    await h.page.getByRole('navigation', { name: 'Applications' }).getByRole('link', { name: 'Users' }).click();
    await until('both users are listed', async () => (await rowTexts(h.page, 'Users')).length === 2);
    const users = h.page.getByRole('group', { name: 'Actions for the selected users' });
    await h.page.getByRole('checkbox', { name: 'Select Sam Agent' }).check();
    await users.getByRole('button', { name: 'Invite' }).click();
    await visible(h.page.getByRole('status').getByText('Invited 1 user.'));
    await until('the agent is shown as invited', async () => /Sam Agent[\s\S]*Invited/i.test((await rowTexts(h.page, 'Users')).join('\n')));

    await h.page.getByRole('checkbox', { name: 'Select all on this page' }).check();
    await visible(users.getByText('2 selected'));
    await users.getByRole('button', { name: 'Deactivate', exact: true }).click();
    await h.page.getByRole('button', { name: 'Deactivate 2 users' }).click();
    const report = h.page.getByRole('status').filter({ hasText: 'Deactivated 1 user.' });
    await visible(report);
    assert.match(await report.innerText(), /1 could not be:[\s\S]*admin@roster\.example is the last active admin/);
    await visible(users.getByText('1 selected'));
  });

  it('shows on a person’s page the import that created them, and folds the empty fields away', async () => {
    const file = path.join(tmp, 'customers.csv');
    fs.writeFileSync(file, 'Email,First Name,Last Name,Title\r\nimma@bulk.example,Imma,Ported,Buyer\r\n');
    const report = await runImport(h.db, { entity: 'customers', filePath: file, fileStore: localFileStore(tmp) });
    assert.equal(report.status, 'completed');
    await h.page.getByRole('navigation', { name: 'Applications' }).getByRole('link', { name: 'Customers' }).click();
    await h.page.getByRole('link', { name: 'Imma Ported' }).click();
    await visible(h.page.getByRole('heading', { level: 1, name: 'Imma Ported' }));
    const record = h.page.getByRole('complementary', { name: 'Record' });
    await visible(record.getByText(/Imported by import #\d+/));
    const link = record.getByRole('link', { name: /^import #\d+$/ });
    const id = /#(\d+)/.exec(await link.innerText())![1];
    assert.equal(await link.getAttribute('href'), `/customers/import/${id}/result`);

    const properties = h.page.getByRole('region', { name: 'Properties' });
    assert.match(await properties.innerText(), /Buyer/);
    const toggle = properties.getByRole('button', { name: /^Show \d+ empty fields$/ });
    await visible(toggle);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await properties.getByText('Mobile').isVisible(), false, 'an empty field is folded away');
    await toggle.click();
    await visible(properties.getByText('Mobile'));
    assert.equal(await properties.getByRole('button', { name: 'Hide empty fields' }).getAttribute('aria-expanded'), 'true');
  });
});
