import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { buildApp } from '../../src/http/app.js';
import { DEFAULT_WEB_ROOT } from '../../src/http/plugins/static-web.js';
import { withDatabase } from '../support/database.js';

// Debian's Chromium, not a Playwright download: the suite runs offline, on the browser the CI image installs.
const CHROMIUM = '/usr/bin/chromium';
const MISSING_CHROMIUM = `browser tests skipped: ${CHROMIUM} not found (apt-get install -y chromium)`;
const haveChromium = fs.existsSync(CHROMIUM);
// Locally a missing browser skips the suite with one line; in CI it must fail, or the UI would go untested unnoticed.
const skip = !haveChromium && !process.env.CI ? MISSING_CHROMIUM : false;
if (skip) console.log(MISSING_CHROMIUM);

const ADMIN = { firstName: 'Ada', lastName: 'Admin', email: 'admin@roster.example', password: 'correct horse battery' };

const CUSTOMERS = [
  { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@analytical.example', organization: 'Analytical Engines', title: 'Chief Analyst' },
  { firstName: 'Charles', lastName: 'Babbage', email: 'charles@analytical.example', organization: 'Analytical Engines', title: 'Founder' },
  { firstName: 'Grace', lastName: 'Hopper', email: 'grace@cobol.example', organization: 'Cobol Compilers', title: 'Rear Admiral' },
  { firstName: 'Alan', lastName: 'Turing', email: 'alan@bletchley.example', organization: 'Bletchley Park', title: 'Cryptanalyst' },
  {
    firstName: 'Katherine',
    lastName: 'Johnson',
    email: 'katherine@langley.example',
    organization: 'Langley Research',
    title: 'Mathematician',
  },
  { firstName: 'Edsger', lastName: 'Dijkstra', email: 'edsger@eindhoven.example', organization: 'Eindhoven Systems', title: 'Professor' },
  { firstName: 'Barbara', lastName: 'Liskov', email: 'barbara@clu.example', organization: 'CLU Labs', title: 'Principal' },
  { firstName: 'Margaret', lastName: 'Hamilton', email: 'margaret@apollo.example', organization: 'Apollo Guidance', title: 'Director' },
  { firstName: 'Donald', lastName: 'Knuth', email: 'don@tex.example', organization: 'TeX Users', title: 'Author' },
  { firstName: 'Radia', lastName: 'Perlman', email: 'radia@spanning.example', organization: 'Spanning Tree', title: 'Network Engineer' },
];
const PHONES = ['+1 415 555 0132', '+44 20 7946 0018', '+1 212 555 0187', '+44 1908 640404', '+1 757 555 0144'];

/** Polls `check` until it holds: the UI updates after debounced searches and network round trips. */
async function until(description: string, check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`Timed out after ${timeoutMs} ms waiting until ${description}.`);
}

async function visible(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 5000 });
}

/** The body rows of the table named `name`, as their text. */
async function rowTexts(page: Page, name: string): Promise<string[]> {
  return page.getByRole('table', { name }).locator('tbody tr').allInnerTexts();
}

describe('web UI: setup, sign-in and the customer directory', { skip }, () => {
  let close: () => Promise<void>;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;

  before(async () => {
    if (!haveChromium) assert.fail(`Chromium is required in CI: ${CHROMIUM} not found (apt-get install -y chromium).`);
    if (!fs.existsSync(path.join(DEFAULT_WEB_ROOT, 'index.html')))
      assert.fail(`The web UI is not built: ${DEFAULT_WEB_ROOT} has no index.html. Run "npx vite build" (npm test builds it first).`);
    const database = await withDatabase();
    app = await buildApp({ db: database.db, config: database.test.config });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    close = async () => {
      await app.close();
      await database.close();
    };
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
    await close?.();
  });

  it('first visit shows setup, which explains the password rule and creates the admin signed in', async () => {
    await page.goto(base + '/');
    await visible(page.getByRole('heading', { level: 1, name: 'Set up Roster' }));
    await page.getByLabel('First name').fill(ADMIN.firstName);
    await page.getByLabel('Last name').fill(ADMIN.lastName);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await visible(page.getByText('The password must be at least 10 characters long; it has 5.'));
    assert.equal(await page.getByLabel('Password').getAttribute('aria-invalid'), 'true');

    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Customers' }));
    await visible(page.getByRole('navigation', { name: 'Applications' }));
    assert.match(await page.getByRole('banner').innerText(), /Ada Admin/);
    assert.equal(new URL(page.url()).pathname, '/customers');
  });

  it('signing out returns to sign-in, a wrong password is refused in words, the right one signs in', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Sign in to Roster' }));
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visible(page.getByRole('alert'));
    assert.match(await page.getByRole('alert').innerText(), /email or password is wrong/i);

    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Customers' }));
  });

  it('lists customers with the organization column, and search narrows the list', async () => {
    // The page's request context shares the browser's session cookie, so seeding goes through the real API;
    // unlike the page's own fetches it sends no Origin, so it says it as the page would.
    for (const [i, customer] of CUSTOMERS.entries()) {
      const response = await page.request.post(base + '/api/customers', {
        headers: { origin: base },
        data: { ...customer, phone: PHONES[i % PHONES.length] },
      });
      assert.equal(response.status(), 201, await response.text());
    }
    await page.getByRole('navigation', { name: 'Applications' }).getByRole('link', { name: 'Users' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Users' }));
    await until('the Users application lists the admin', async () => (await rowTexts(page, 'Users')).some((r) => r.includes('Ada Admin')));
    await page.getByRole('navigation', { name: 'Applications' }).getByRole('link', { name: 'Customers' }).click();
    await until('all ten customers are listed', async () => (await rowTexts(page, 'Customers')).length === CUSTOMERS.length);
    const headers = await page.getByRole('table', { name: 'Customers' }).getByRole('columnheader').allInnerTexts();
    assert.deepEqual(
      headers.map((h) => h.trim().toLowerCase()),
      ['name', 'email', 'organization', 'phone', 'status'],
    );
    assert.match((await rowTexts(page, 'Customers'))[0]!, /Charles Babbage/, 'sorted by last name: Babbage comes first');

    if (process.env.ROSTER_SCREENSHOT === '1') {
      await page.mouse.move(0, 0);
      await page.screenshot({ path: path.resolve('docs/screenshot.png') });
    }

    await page.getByRole('searchbox', { name: 'Search customers' }).fill('lovelace');
    await until('the search leaves only Ada Lovelace', async () => {
      const rows = await rowTexts(page, 'Customers');
      return rows.length === 1 && rows[0]!.includes('Ada Lovelace');
    });
    assert.match(await page.getByRole('navigation', { name: 'Pages' }).innerText(), /Showing 1 of 1/);
  });

  it('sorts by a column when its header is clicked', async () => {
    await page.getByRole('searchbox', { name: 'Search customers' }).fill('');
    await until('the full list is back', async () => (await rowTexts(page, 'Customers')).length === CUSTOMERS.length);
    await page.getByRole('button', { name: 'Name' }).click();
    await until('the list is in descending last-name order', async () => /Turing/.test((await rowTexts(page, 'Customers'))[0] ?? ''));
    assert.equal(await page.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort'), 'descending');
  });

  it('opens a customer: the detail shows their email and organization, and Tools offers Import', async () => {
    await page.getByRole('link', { name: 'Ada Lovelace' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Ada Lovelace' }));
    const properties = page.getByRole('region', { name: 'Properties' });
    const text = await properties.innerText();
    assert.match(text, /ada@analytical\.example/);
    assert.match(text, /Analytical Engines/);
    assert.match(text, /Chief Analyst/);
    const organization = properties.getByRole('link', { name: 'Analytical Engines' });
    assert.match((await organization.getAttribute('href')) ?? '', /^\/organizations\/\d+$/, 'the organization links to its page');

    await page.getByRole('button', { name: 'Tools' }).click();
    const importItem = page.getByRole('menuitem', { name: /^Import\b.*CSV/ });
    await visible(importItem);
    assert.equal(await importItem.getAttribute('aria-disabled'), null);
    assert.match(await importItem.innerText(), /Add customers from a CSV file/);
    await page.keyboard.press('Escape');
    await until('the menu closes', async () => (await page.getByRole('menu').count()) === 0);
  });

  it('shows the server’s field problems next to the field in the edit form, and saves valid changes', async () => {
    await page.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('region', { name: 'Edit customer' });
    await form.getByLabel('Email').fill('not-an-email');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await until('the email field is marked invalid', async () => (await form.getByLabel('Email').getAttribute('aria-invalid')) === 'true');
    const describedBy = await form.getByLabel('Email').getAttribute('aria-describedby');
    assert.ok(describedBy, 'the email field points at its error message');
    assert.match(await page.locator(`[id="${describedBy}"]`).innerText(), /email/i);

    await form.getByLabel('Email').fill('ada@analytical.example');
    await form.getByLabel('Title').fill('Head of Analysis');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await visible(page.getByRole('region', { name: 'Properties' }).getByText('Head of Analysis'));
  });

  it('a customer’s organization links to the organization’s page', async () => {
    await page.getByRole('region', { name: 'Properties' }).getByRole('link', { name: 'Analytical Engines' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Analytical Engines' }));
    assert.match(new URL(page.url()).pathname, /^\/organizations\/\d+$/);
  });

  it('an organization lists its members', async () => {
    await page.getByRole('navigation', { name: 'Applications' }).getByRole('link', { name: 'Organizations' }).click();
    await page.getByRole('link', { name: 'Analytical Engines' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Analytical Engines' }));
    await until('both members are listed', async () => {
      const rows = await rowTexts(page, 'Members of Analytical Engines');
      return rows.length === 2 && rows.some((r) => r.includes('Ada Lovelace')) && rows.some((r) => r.includes('Charles Babbage'));
    });
  });

  it('an admin deletes an organization after confirming, and returns to the list without it', async () => {
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alertdialog', { name: 'Delete Analytical Engines?' }).getByRole('button', { name: 'Delete' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Organizations' }));
    await until(
      'the organization is gone from the list',
      async () => (await page.getByRole('link', { name: 'Analytical Engines' }).count()) === 0,
    );
  });
});
