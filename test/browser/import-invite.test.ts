import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { chooseFile, openImport, skip, startHarness, until, visible, type WizardHarness } from './import-wizard-harness.js';

const SAMPLES = path.resolve('test/fixtures/samples');

describe('web UI: inviting the users an import creates', { skip }, () => {
  let h: WizardHarness;
  let page: Page;

  before(async () => {
    h = await startHarness();
    page = h.page;
    await page.goto(h.base + '/users');
    await visible(page.getByRole('heading', { level: 1, name: 'Users' }));
  });
  after(async () => {
    await h?.close();
  });

  it('confirms with "Invite the imported users" and lists the links to copy, as no mail is set up', async () => {
    await openImport(page, 'Users');
    await chooseFile(page, path.join(SAMPLES, 'users.csv'));
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Map columns' }));
    await page.getByRole('checkbox', { name: /Import a test sample first/ }).uncheck();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Check over' }));
    const invite = page.getByRole('checkbox', { name: 'Invite the imported users (they get a link to choose a password)' });
    assert.equal(await invite.isChecked(), false, 'nobody is invited unless asked');
    await invite.check();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await visible(page.getByText('The import is complete.'), 20_000);

    const invitations = page.getByRole('region', { name: 'Invitations' });
    await visible(invitations.getByText(/No mail is set up \(ROSTER_SMTP_URL\), so nothing was sent: copy each link to its user/));
    const link = invitations.getByLabel('Invitation link for maria.lopez@helpdesk.example');
    await visible(link);
    const url = await link.inputValue();
    assert.ok(url.startsWith(`${h.base}/invitation/`), url);
    await until('every imported user has a link', async () => (await invitations.getByRole('textbox').count()) === 4);

    // A reload forgets the choice: the result step offers the invitations rather than sending them
    // again, and asking again invites nobody twice.
    const resultUrl = page.url();
    await page.reload();
    await visible(page.getByText('The import is complete.'));
    const again = page.getByRole('region', { name: 'Invitations' });
    await visible(again.getByRole('button', { name: 'Invite the imported users' }));
    assert.equal(await again.getByRole('textbox').count(), 0, 'no link after a reload');
    await again.getByRole('button', { name: 'Invite the imported users' }).click();
    await visible(again.getByText(/Not invited: maria\.lopez@helpdesk\.example was already invited; their link works until/));
    assert.equal(await again.getByRole('textbox').count(), 0, 'nobody was invited twice');
    assert.ok(resultUrl.endsWith('/result'), resultUrl);

    // The link is the user's: in a browser of their own they choose a password and are signed in.
    const visitor = await h.browser.newContext();
    try {
      const own = await visitor.newPage();
      await own.goto(url);
      await visible(own.getByText(/maria\.lopez@helpdesk\.example/));
      await own.getByLabel('New password', { exact: true }).fill('maria’s own password');
      await own.getByLabel('New password again').fill('maria’s own password');
      await own.getByRole('button', { name: 'Set password and sign in' }).click();
      await visible(own.getByRole('heading', { level: 1, name: 'Customers' }));
      assert.match(await own.getByRole('banner').innerText(), /maria\.lopez@helpdesk\.example/i);
    } finally {
      await visitor.close();
    }
  });
});
