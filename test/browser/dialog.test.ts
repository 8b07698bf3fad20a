import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page, Route } from 'playwright-core';
import { TEST_DIALECT } from '../support/database.js';
import { skip, startHarness, until, visible, type WizardHarness } from './import-wizard-harness.js';

/** Every dialog in the DOM, of either role: there must never be more than one. */
const DIALOGS = '[role="dialog"], [role="alertdialog"]';

/** The confirmations on a customer's page, as an admin sees them: Deactivate and Delete. */
describe(`web UI: confirmation dialogs (${TEST_DIALECT})`, { skip }, () => {
  let harness: WizardHarness;
  let page: Page;
  let base: string;
  let adaId = 0;

  async function createCustomer(firstName: string, lastName: string): Promise<number> {
    const response = await page.request.post(base + '/api/customers', {
      headers: { origin: base },
      data: { firstName, lastName, email: `${firstName.toLowerCase()}@dialog.example` },
    });
    assert.equal(response.status(), 201, await response.text());
    return ((await response.json()) as { id: number }).id;
  }

  async function openCustomer(id: number, name: string): Promise<void> {
    await page.goto(`${base}/customers/${id}`);
    await visible(page.getByRole('heading', { level: 1, name }));
  }

  /** The text of the focused element, or where focus is when it is on no button. */
  const focused = () => page.evaluate<string>('`${document.activeElement?.tagName} ${document.activeElement?.textContent?.trim()}`');

  before(async () => {
    harness = await startHarness();
    page = harness.page;
    base = harness.base;
  });

  after(async () => {
    await harness?.close();
  });

  it('is an alertdialog named by its question and described by what it does; Escape closes it and focus returns to its button', async () => {
    adaId = await createCustomer('Ada', 'Lovelace');
    await openCustomer(adaId, 'Ada Lovelace');
    const trigger = page.getByRole('button', { name: 'Delete', exact: true });
    await trigger.click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete Ada Lovelace for good?' });
    await visible(dialog);
    const describedBy = await dialog.getAttribute('aria-describedby');
    assert.ok(describedBy, 'the dialog points at its description');
    assert.equal(await page.locator(`[id="${describedBy}"]`).innerText(), 'This cannot be undone.');
    await until('the safe choice, Cancel, has the focus', async () => (await focused()) === 'BUTTON Cancel');

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await until('focus is back on the Delete button', async () => (await focused()) === 'BUTTON Delete');
    assert.equal(await trigger.evaluate((button) => button === button.ownerDocument.activeElement), true);
    const stored = await page.request.get(`${base}/api/customers/${adaId}`);
    assert.equal(stored.status(), 200, 'Escape deleted nothing');
  });

  it('opening a second confirmation closes the first: never two dialogs, focus stays in the open one', async () => {
    const deleteDialog = page.getByRole('alertdialog', { name: 'Delete Ada Lovelace for good?' });
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await visible(deleteDialog);
    // A modal dialog keeps the pointer and the keyboard inside it, so only code can reach the other
    // button now (as a shortcut or a script would); the element's own click() is that.
    await page
      .locator('.page-actions button', { hasText: 'Deactivate' })
      .evaluate((button) => (button as unknown as { click(): void }).click());
    const deactivateDialog = page.getByRole('alertdialog', { name: 'Deactivate Ada Lovelace?' });
    await visible(deactivateDialog);
    await deleteDialog.waitFor({ state: 'detached' });
    assert.equal(await page.locator(DIALOGS).count(), 1, 'one dialog in the DOM');
    await until('focus is inside the open dialog', async () =>
      deactivateDialog.evaluate((dialog) => dialog.contains(dialog.ownerDocument.activeElement)),
    );
    assert.equal(await focused(), 'BUTTON Cancel');

    await deactivateDialog.getByRole('button', { name: 'Cancel' }).click();
    await deactivateDialog.waitFor({ state: 'detached' });
    assert.equal(await page.locator(DIALOGS).count(), 0);
  });

  it('confirming runs the action and closes the dialog', async () => {
    await page.getByRole('button', { name: 'Deactivate', exact: true }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Deactivate Ada Lovelace?' });
    await visible(dialog);
    assert.match(await dialog.innerText(), /stays in Roster, marked deactivated/);
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await dialog.waitFor({ state: 'detached' });
    await visible(page.getByRole('heading', { level: 1, name: 'Ada Lovelace' }));
    const stored = (await (await page.request.get(`${base}/api/customers/${adaId}`)).json()) as { status: string };
    assert.equal(stored.status, 'deactivated');
    await page.getByRole('button', { name: 'Deactivate', exact: true }).waitFor({ state: 'detached' });
  });

  it('the confirm button shows the action running, and a failure is said inside the dialog, which stays open', async () => {
    const id = await createCustomer('Grace', 'Hopper');
    await openCustomer(id, 'Grace Hopper');
    // Hold the page's DELETE until the running state has been seen, then let it reach the server.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/api/customers/${id}`, async (route: Route) => {
      if (route.request().method() !== 'DELETE') return route.continue();
      await held;
      return route.continue();
    });
    // Someone else deletes the customer first: the page's own DELETE then finds nothing.
    const gone = await page.request.delete(`${base}/api/customers/${id}`, { headers: { origin: base } });
    assert.equal(gone.status(), 204, await gone.text());

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete Grace Hopper for good?' });
    await visible(dialog);
    await dialog.getByRole('button', { name: 'Delete' }).click();
    const running = dialog.getByRole('button', { name: 'Deleting…' });
    await visible(running);
    assert.equal(await running.getAttribute('aria-busy'), 'true');
    assert.equal(await dialog.getByRole('button', { name: 'Cancel' }).isDisabled(), true, 'Cancel waits for the action');
    release();

    const alert = dialog.getByRole('alert');
    await visible(alert);
    assert.match(await alert.innerText(), /not found|no such|does not exist/i);
    await visible(dialog.getByRole('button', { name: 'Delete' }));
    assert.equal(await page.locator(DIALOGS).count(), 1, 'the dialog stays open with the error');
    await page.unroute(`**/api/customers/${id}`);

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });
});
