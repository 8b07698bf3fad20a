import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { TEST_DIALECT } from '../support/database.js';
import { skip, startHarness, until, visible, type WizardHarness } from './import-wizard-harness.js';

const MESSAGE = '<script>alert("support")</script> My <b>printer</b> is on fire <img src=x onerror=alert(2)>';

describe(`the public support form (${TEST_DIALECT})`, { skip }, () => {
  let harness: WizardHarness;
  let visitor: BrowserContext;
  let page: Page;
  const dialogs: string[] = [];
  let ticketNumber = 0;

  before(async () => {
    harness = await startHarness();
    // A visitor who never signed in: a context of its own, without the admin's cookie.
    visitor = await harness.browser.newContext();
    page = await visitor.newPage();
    for (const p of [page, harness.page]) {
      p.on('dialog', (dialog) => {
        dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss();
      });
    }
  });

  after(async () => {
    await visitor?.close();
    await harness?.close();
  });

  it('is reachable from the sign-in page when signed out', async () => {
    await page.goto(harness.base + '/');
    await visible(page.getByRole('heading', { level: 1, name: 'Sign in to Roster' }));
    await page.getByRole('link', { name: 'Contact support' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Contact support' }));
    assert.equal(new URL(page.url()).pathname, '/support');
  });

  it('shows the server’s problem next to its field', async () => {
    await page.getByLabel('Email').fill('not an email');
    await page.getByLabel('Subject').fill('Printer');
    await page.getByLabel('Message').fill('Hello');
    await page.getByRole('button', { name: 'Send request' }).click();
    const email = page.getByLabel('Email');
    await until('the email field is marked invalid', async () => (await email.getAttribute('aria-invalid')) === 'true');
    const describedBy = await email.getAttribute('aria-describedby');
    assert.ok(describedBy);
    assert.match(await page.locator(`#${describedBy}`).innerText(), /not a valid email address/);
  });

  it('sends a ticket signed out and shows its number; the message stays text', async () => {
    await page.getByLabel('Your name (optional)').fill('Grace Hopper');
    await page.getByLabel('Email').fill('grace@navy.example');
    await page.getByLabel('Subject').fill('Printer on fire');
    await page.getByLabel('Message').fill(MESSAGE);
    await page.getByRole('button', { name: 'Send request' }).click();
    const status = page.getByRole('status');
    await visible(status);
    const text = await status.innerText();
    const match = /ticket #(\d+)/.exec(text);
    assert.ok(match, text);
    ticketNumber = Number(match[1]);
    assert.deepEqual(dialogs, []);
  });

  it('shows the new customer, created from the support form, and the message as text, to a signed-in admin', async () => {
    const admin = harness.page;
    const customers = await admin.request.get(`${harness.base}/api/customers?search=grace%40navy.example`);
    const { items } = (await customers.json()) as { items: { id: number; source: string }[] };
    assert.equal(items.length, 1);
    assert.equal(items[0]!.source, 'ticket_form');
    await admin.goto(`${harness.base}/customers/${items[0]!.id}`);
    await visible(admin.getByRole('heading', { level: 1, name: 'Grace Hopper' }));
    await visible(admin.getByText('Created by a ticket from the support form'));
    // The ticket that created them is linked from there.
    const origin = admin.locator('dd', { hasText: 'Created by a ticket from the support form' });
    await visible(origin.getByRole('link', { name: `#${ticketNumber} Printer on fire` }));

    const tickets = await admin.request.get(`${harness.base}/api/tickets?customerId=${items[0]!.id}`);
    const ticket = ((await tickets.json()) as { items: { id: number; number: number }[] }).items[0]!;
    assert.equal(ticket.number, ticketNumber);
    await admin.goto(`${harness.base}/tickets/${ticket.id}`);
    await until('the ticket shows the message as written', async () =>
      (
        await admin
          .locator('main')
          .innerText()
          .catch(() => '')
      ).includes(MESSAGE),
    );
    assert.equal(await admin.locator('main script, main img[src="x"], main b').count(), 0, 'no markup made from the message');
    assert.deepEqual(dialogs, [], 'no dialog opened');
  });
});
