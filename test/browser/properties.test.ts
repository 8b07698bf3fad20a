import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { TEST_DIALECT } from '../support/database.js';
import { screenshot, skip, startHarness, until, visible, type WizardHarness } from './import-wizard-harness.js';

/** The property keys of a kind as the API lists them, in their order. */
async function apiKeys(harness: WizardHarness, kind: string): Promise<string[]> {
  const answer = await harness.page.request.get(`${harness.base}/api/properties/${kind}`);
  return ((await answer.json()) as { properties: { key: string }[] }).properties.map((p) => p.key);
}

/** The labels of the properties table's rows, top to bottom. */
async function rowLabels(page: Page): Promise<string[]> {
  return page.getByRole('table', { name: 'Properties of customers' }).locator('tbody .property-label').allInnerTexts();
}

const status = (page: Page, text: string) => visible(page.getByRole('status').filter({ hasText: text }));

describe(`Settings › Properties in the browser (${TEST_DIALECT})`, { skip }, () => {
  let harness: WizardHarness;
  let page: Page;

  before(async () => {
    harness = await startHarness();
    page = harness.page;
  });
  after(async () => {
    await harness?.close();
  });

  it('opens from the navigation on the customers tab, and adds a choice property through the dialog', async () => {
    await page.goto(`${harness.base}/customers`);
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Settings' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Properties' }));
    assert.equal(new URL(page.url()).pathname, '/settings/properties/customers');
    const tab = page.getByRole('navigation', { name: 'Record kinds' }).getByRole('link', { name: 'Customers' });
    assert.equal(await tab.getAttribute('aria-current'), 'page');

    await page.getByRole('button', { name: 'Add property' }).click();
    const dialog = page.getByRole('dialog', { name: 'New property of customers' });
    await visible(dialog);
    await dialog.getByLabel('Label').fill('Loyalty Tier');
    assert.equal(await dialog.getByLabel('Key').inputValue(), 'loyaltyTier', 'the key is suggested from the label');
    await dialog.getByLabel('Type').selectOption('choice');
    await dialog.getByRole('button', { name: 'Add property' }).click();
    await visible(dialog.getByText('A choice property needs at least one choice.'));
    await dialog.getByLabel('Choices').fill('gold\nsilver');
    await dialog.getByRole('button', { name: 'Add property' }).click();
    await status(page, 'Loyalty Tier was added.');
    assert.equal(await dialog.count(), 0);
    assert.equal((await rowLabels(page)).at(-1), 'Loyalty Tier');
    assert.equal((await apiKeys(harness, 'customers')).at(-1), 'loyaltyTier');
  });

  it('renames the property and edits its choices', async () => {
    await page.getByRole('button', { name: 'Edit Loyalty Tier' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Loyalty Tier' });
    await dialog.getByLabel('Label').fill('Loyalty Level');
    await dialog.getByLabel('Choices').fill('gold\nsilver\nbronze');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await status(page, 'Loyalty Level was saved.');
    const row = page.getByRole('row', { name: /Loyalty Level/ });
    assert.match(await row.innerText(), /gold, silver, bronze/);
    // And back, as the next steps name it.
    await page.getByRole('button', { name: 'Edit Loyalty Level' }).click();
    await page.getByRole('dialog', { name: 'Edit Loyalty Level' }).getByLabel('Label').fill('Loyalty Tier');
    await page.getByRole('dialog', { name: 'Edit Loyalty Level' }).getByRole('button', { name: 'Save' }).click();
    await status(page, 'Loyalty Tier was saved.');
  });

  it('moves a property up with the keyboard, focus staying on its button', async () => {
    const before = await rowLabels(page);
    const up = page.getByRole('button', { name: 'Move Loyalty Tier up' });
    await up.focus();
    await page.keyboard.press('Enter');
    await status(page, `Loyalty Tier moved to position ${before.length - 1} of ${before.length}.`);
    await page.keyboard.press('Enter');
    await status(page, `Loyalty Tier moved to position ${before.length - 2} of ${before.length}.`);
    assert.equal(await up.evaluate((el) => el === el.ownerDocument.activeElement), true, 'focus stays on the moved row’s button');
    const labels = await rowLabels(page);
    assert.equal(labels.indexOf('Loyalty Tier'), before.length - 3);
    const keys = await apiKeys(harness, 'customers');
    assert.equal(keys.indexOf('loyaltyTier'), before.length - 3, 'the order is saved');
  });

  it('marks the property required and hides Title; the New customer form follows', async () => {
    await page.getByRole('checkbox', { name: 'Loyalty Tier required' }).check();
    await status(page, 'Loyalty Tier is required now.');
    await page.getByRole('checkbox', { name: 'Title shown in forms' }).uncheck();
    await status(page, 'Title is hidden from forms now.');
    assert.equal(await page.getByRole('checkbox', { name: 'Email shown in forms' }).count(), 0, 'Email cannot be hidden');
    await screenshot(page, 'settings-properties');

    await page.goto(`${harness.base}/customers/new`);
    await visible(page.getByRole('heading', { level: 1, name: 'New customer' }));
    const tier = page.getByLabel('Loyalty Tier');
    await visible(tier);
    assert.equal(await tier.getAttribute('required'), '', 'the field is marked required');
    assert.equal(await page.getByLabel('Title', { exact: true }).count(), 0, 'Title is hidden from the form');
    await visible(page.getByLabel('City'));

    await page.getByLabel('Email').fill('tina@tiers.example');
    await page.getByLabel('First Name').fill('Tina');
    await page.getByLabel('Last Name').fill('Tier');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await visible(page.getByText('Loyalty Tier is required.'));
    await tier.selectOption('gold');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Tina Tier' }));
  });

  it('removes the custom property after a confirmation that counts its values', async () => {
    await page.goto(`${harness.base}/settings/properties/customers`);
    await page.getByRole('button', { name: 'Remove Loyalty Tier' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Remove Loyalty Tier?' });
    await visible(dialog.getByText('1 customer has a value for Loyalty Tier; removing it erases it.'));
    await screenshot(page, 'settings-properties-remove');
    await dialog.getByRole('button', { name: 'Remove property' }).click();
    await status(page, 'Loyalty Tier was removed.');
    await until('the row is gone', async () => !(await rowLabels(page)).includes('Loyalty Tier'));
    assert.equal((await apiKeys(harness, 'customers')).includes('loyaltyTier'), false);
    assert.equal(await page.getByRole('button', { name: 'Remove Email' }).count(), 0, 'standard properties have no Remove');
  });

  it("an organization's forms follow its properties: a custom one is there, hidden Email Domains is not", async () => {
    const base = harness.base;
    const headers = { origin: base };
    const added = await page.request.post(`${base}/api/properties/organizations`, {
      headers,
      data: { key: 'contractEnd', label: 'Contract End', type: 'date' },
    });
    assert.equal(added.status(), 201, await added.text());
    const hidden = await page.request.patch(`${base}/api/properties/organizations/domains`, { headers, data: { hidden: true } });
    assert.equal(hidden.status(), 200, await hidden.text());
    const created = await page.request.post(`${base}/api/organizations`, { headers, data: { name: 'Initech', contractEnd: '2027-03-31' } });
    assert.equal(created.status(), 201, await created.text());
    const { id } = (await created.json()) as { id: number };

    await page.goto(`${base}/organizations/${id}`);
    await page.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('region', { name: 'Edit organization' });
    await visible(form.getByLabel('Contract End'));
    assert.equal(await form.getByLabel('Contract End').inputValue(), '2027-03-31');
    assert.equal(await form.getByLabel(/Email domains/).count(), 0, 'hidden from the form');

    await page.goto(`${base}/organizations/new`);
    await visible(page.getByLabel('Contract End'));
    assert.equal(await page.getByLabel(/Email domains/).count(), 0);
  });

  it('shows an agent the properties without the controls, and no Settings in the navigation', async () => {
    const agent = { email: 'agent@roster.example', password: 'an agent password 123' };
    const created = await page.request.post(`${harness.base}/api/users`, {
      data: { email: agent.email, firstName: 'Alex', lastName: 'Agent', role: 'agent' },
      headers: { origin: harness.base },
    });
    assert.equal(created.status(), 201, await created.text());
    const { id } = (await created.json()) as { id: number };
    const password = await page.request.post(`${harness.base}/api/users/${id}/password`, {
      data: { password: agent.password },
      headers: { origin: harness.base },
    });
    assert.equal(password.status(), 204, await password.text());

    const context = await harness.browser.newContext();
    try {
      const agentPage = await context.newPage();
      const signedIn = await agentPage.request.post(`${harness.base}/api/session`, { data: agent, headers: { origin: harness.base } });
      assert.equal(signedIn.status(), 200);
      await agentPage.goto(`${harness.base}/settings/properties/tickets`);
      await visible(agentPage.getByText('Only an admin can change them.'));
      await visible(agentPage.getByRole('table', { name: 'Properties of tickets' }));
      assert.equal(await agentPage.getByRole('navigation', { name: 'Settings' }).count(), 0);
      assert.equal(await agentPage.getByRole('button', { name: 'Add property' }).count(), 0);
      assert.equal(await agentPage.getByRole('button', { name: /^Move / }).count(), 0);
      assert.equal(await agentPage.getByRole('checkbox').count(), 0);
    } finally {
      await context.close();
    }
  });
});
