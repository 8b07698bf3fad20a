import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { TEST_DIALECT } from '../support/database.js';
import { linkIn, startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox.js';
import { skip, startHarness, until, visible, type WizardHarness } from './import-wizard-harness.js';

/** Creates a user through the API as the harness's admin and returns its id. */
async function createUser(harness: WizardHarness, email: string, firstName: string, lastName: string): Promise<number> {
  const created = await harness.page.request.post(`${harness.base}/api/users`, {
    data: { email, firstName, lastName },
    headers: { origin: harness.base },
  });
  assert.equal(created.status(), 201, await created.text());
  return ((await created.json()) as { id: number }).id;
}

/** The value of the user page's "Can sign in" row. */
async function canSignIn(page: Page): Promise<string> {
  return (
    await page
      .locator('.property-row', { has: page.locator('dt', { hasText: 'Can sign in' }) })
      .locator('dd')
      .innerText()
  ).trim();
}

/** Chooses a password on an invitation or reset page and waits to be signed in. */
async function choosePassword(page: Page, password: string): Promise<void> {
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('New password again').fill(password);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await visible(page.getByRole('heading', { level: 1, name: 'Customers' }));
}

describe(`invitations without mail: the admin copies the link (${TEST_DIALECT})`, { skip }, () => {
  let harness: WizardHarness;
  let visitor: BrowserContext;
  let graceId = 0;

  before(async () => {
    harness = await startHarness();
    await harness.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.base });
    visitor = await harness.browser.newContext();
    graceId = await createUser(harness, 'grace@example.com', 'Grace', 'Hopper');
  });
  after(async () => {
    await visitor?.close();
    await harness?.close();
  });

  it('invites a user from their page, shows the link to copy and says no mail is set up', async () => {
    const page = harness.page;
    await page.goto(`${harness.base}/users/${graceId}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Grace Hopper' }));
    assert.equal(await canSignIn(page), 'No');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    const status = page.getByRole('status');
    await visible(status);
    assert.match(
      await status.innerText(),
      /No mail is set up \(ROSTER_SMTP_URL\), so nothing was sent: copy the link to grace@example\.com/,
    );
    const link = await page.getByLabel('Invitation link').inputValue();
    assert.match(link, new RegExp(`^${harness.base}/invitation/[A-Za-z0-9_-]{40,}$`));
    await page.getByRole('button', { name: 'Copy link' }).click();
    await visible(page.getByText('Copied.'));
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), link);
    await until('the page shows the invitation', async () => (await canSignIn(page)).startsWith('Invited, until'));
    await visible(page.getByRole('button', { name: 'Resend invitation' }));
    await visible(page.getByRole('button', { name: 'Revoke invitation' }));
  });

  it('the user follows the link, chooses a password (twice) and is signed in', async () => {
    const link = await harness.page.getByLabel('Invitation link').inputValue();
    const page = await visitor.newPage();
    await page.goto(link);
    await visible(page.getByRole('heading', { level: 1, name: 'Welcome to Roster, Grace' }));
    await page.getByLabel('New password', { exact: true }).fill('grace’s own password');
    await page.getByLabel('New password again').fill('grace’s other password');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await visible(page.getByText('The two passwords differ.'));
    await choosePassword(page, 'grace’s own password');
    assert.match(await page.getByRole('banner').innerText(), /Grace Hopper/);

    await page.goto(link);
    await visible(page.getByText('This link has already been used.'));
  });

  it('shows the user as able to sign in, with their role, on their page and in the list', async () => {
    const page = harness.page;
    await page.reload();
    await until('the page shows the user can sign in', async () => (await canSignIn(page).catch(() => '')) === 'Yes');
    await visible(page.getByRole('button', { name: 'Reset password' }));
    await page.goto(`${harness.base}/users`);
    const row = page.locator('tbody tr', { hasText: 'grace@example.com' });
    await visible(row);
    const headers = (await page.locator('thead th').allTextContents()).map((h) => h.trim());
    assert.ok(headers.includes('Role') && headers.includes('Sign-in'), headers.join(', '));
    assert.match(await row.innerText(), /agent[\s\S]*Active/);
  });

  it('revoking an invitation makes its link stop working', async () => {
    const alanId = await createUser(harness, 'alan@example.com', 'Alan', 'Turing');
    const page = harness.page;
    await page.goto(`${harness.base}/users/${alanId}`);
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    const link = await page.getByLabel('Invitation link').inputValue();
    await page.getByRole('button', { name: 'Revoke invitation' }).click();
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await until('the page shows no invitation', async () => (await canSignIn(page)) === 'No');
    const visit = await visitor.newPage();
    await visit.goto(link);
    await visible(visit.getByText('This link was revoked or replaced by a newer one.'));
  });

  it('the forgot-password page says that mail is not set up', async () => {
    const page = await (await harness.browser.newContext()).newPage();
    await page.goto(harness.base + '/');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Forgot your password?' }));
    assert.match(await page.getByRole('status').innerText(), /no mail server is set up\. Ask an admin to reset your password/);
    await page.context().close();
  });
});

describe(`invitations and password resets by mail (${TEST_DIALECT})`, { skip }, () => {
  let inbox: SmtpInbox;
  let harness: WizardHarness;
  let first: BrowserContext;
  let second: BrowserContext;

  before(async () => {
    inbox = await startSmtpInbox();
    harness = await startHarness(undefined, { smtpUrl: inbox.url });
    first = await harness.browser.newContext();
    second = await harness.browser.newContext();
  });
  after(async () => {
    await first?.close();
    await second?.close();
    await harness?.close();
    await inbox?.close();
  });

  it('mails the invitation; its link lets the user choose a password and sign in', async () => {
    const id = await createUser(harness, 'alan@example.com', 'Alan', 'Turing');
    const page = harness.page;
    await page.goto(`${harness.base}/users/${id}`);
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    await visible(page.getByRole('status'));
    assert.match(await page.getByRole('status').innerText(), /^An invitation was sent to alan@example\.com; it works once, until/);
    assert.equal(await page.getByLabel('Invitation link').count(), 0, 'a mailed link is not shown');

    const mail = await inbox.waitFor('to alan', (m) => m.to.includes('alan@example.com'));
    assert.equal(mail.subject, 'You are invited to Roster');
    const visit = await first.newPage();
    await visit.goto(linkIn(mail));
    await visible(visit.getByRole('heading', { level: 1, name: 'Welcome to Roster, Alan' }));
    await choosePassword(visit, 'alan’s first password');
  });

  it('forgot password mails a reset link; the reset signs in and ends the earlier session', async () => {
    const page = await second.newPage();
    await page.goto(harness.base + '/');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    // The sign-in page has an Email field too, and it may still be shown while the route changes:
    // fill the forgot-password form's only once that form is there.
    await visible(page.getByRole('button', { name: 'Send me a link' }));
    await page.getByLabel('Email').fill('alan@example.com');
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Check your email' }));
    assert.match(await page.getByRole('status').innerText(), /If that email belongs to someone who can sign in/);

    const mail = await inbox.waitFor('resetting alan’s password', (m) => m.subject === 'Reset your Roster password');
    await page.goto(linkIn(mail));
    await visible(page.getByRole('heading', { level: 1, name: 'Choose a new password' }));
    await choosePassword(page, 'alan’s second password');

    const earlier = first.pages()[0]!;
    await earlier.reload();
    await visible(earlier.getByRole('heading', { level: 1, name: 'Sign in to Roster' }));
    await earlier.getByLabel('Email').fill('alan@example.com');
    await earlier.getByLabel('Password').fill('alan’s second password');
    await earlier.getByRole('button', { name: 'Sign in' }).click();
    await visible(earlier.getByRole('heading', { level: 1, name: 'Customers' }));
  });
});
