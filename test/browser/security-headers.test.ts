import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../../src/http/app.js';
import { DEFAULT_WEB_ROOT } from '../../src/http/plugins/static-web.js';
import { withDatabase } from '../support/database.js';

// Debian's Chromium, as in directory.test.ts: the suite runs offline, on the browser the CI image installs.
const CHROMIUM = '/usr/bin/chromium';
const MISSING_CHROMIUM = `browser tests skipped: ${CHROMIUM} not found (apt-get install -y chromium)`;
const haveChromium = fs.existsSync(CHROMIUM);
const skip = !haveChromium && !process.env.CI ? MISSING_CHROMIUM : false;
if (skip) console.log(MISSING_CHROMIUM);

const ADMIN = { firstName: 'Ada', lastName: 'Admin', email: 'admin@roster.example', password: 'correct horse battery' };

/** What the page reported about its Content-Security-Policy: violation events and console lines. */
interface Reports {
  violations: string[];
  console: string[];
}

/** Records every CSP violation a page sees (the DOM event, from the first script on) and its console errors. */
async function watch(page: Page): Promise<Reports> {
  const reports: Reports = { violations: [], console: [] };
  await page.exposeFunction('reportViolation', (text: string) => reports.violations.push(text));
  // Scripts for the page are text: the tests compile without the DOM's types.
  await page.addInitScript(
    "document.addEventListener('securitypolicyviolation', (event) => reportViolation(event.violatedDirective + ' ' + event.blockedURI));",
  );
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) reports.console.push(message.text());
  });
  return reports;
}

describe('web UI under its Content-Security-Policy', { skip }, () => {
  let close: () => Promise<void>;
  let app: FastifyInstance;
  let browser: Browser;
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
  });

  after(async () => {
    await browser?.close();
    await close?.();
  });

  it('sets up, signs in and lists customers with no violation, and blocks an injected inline script', async () => {
    const page = await (await browser.newContext()).newPage();
    const reports = await watch(page);
    const first = await page.goto(base + '/');
    const csp = first?.headers()['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self'(;|$)/, csp);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(first?.headers()['x-content-type-options'], 'nosniff');

    await page.getByRole('heading', { level: 1, name: 'Set up Roster' }).waitFor();
    await page.getByLabel('First name').fill(ADMIN.firstName);
    await page.getByLabel('Last name').fill(ADMIN.lastName);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();

    // A change from the page itself: its same-origin fetch passes the cross-site check.
    const created = await page.evaluate(async () => {
      const response = await fetch('/api/customers', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'grace@cobol.example', firstName: 'Grace', lastName: 'Hopper' }),
      });
      return response.status;
    });
    assert.equal(created, 201);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to Roster' }).waitFor();
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('table', { name: 'Customers' }).getByText('Grace Hopper').waitFor();

    // A dialog's scroll lock inserts a <style> element, which the policy allows; nothing runs an inline script.
    await page.evaluate(
      "document.head.appendChild(Object.assign(document.createElement('style'), { textContent: 'body { overflow: hidden }' }))",
    );
    assert.deepEqual(reports.violations, [], 'the app itself violates nothing');
    assert.deepEqual(reports.console, []);

    await page.evaluate(
      "document.body.appendChild(Object.assign(document.createElement('script'), { textContent: 'window.injected = true' }))",
    );
    assert.equal(await page.evaluate('window.injected'), undefined, 'the inline script did not run');
    // The report is an event, then a call back into the test: wait for it rather than race it.
    for (let waited = 0; reports.violations.length === 0 && waited < 100; waited++) await page.waitForTimeout(50);
    assert.deepEqual(reports.violations, ['script-src-elem inline'], 'and was reported');
  });

  it('serves the API docs (Swagger UI) with no violation', async () => {
    const page = await (await browser.newContext()).newPage();
    const reports = await watch(page);
    const answer = await page.goto(base + '/api/docs');
    assert.ok(answer?.headers()['content-security-policy']);
    await page.locator('.swagger-ui .opblock-tag', { hasText: 'customers' }).first().waitFor();
    await page.locator('.swagger-ui .opblock-summary-path', { hasText: '/api/customers' }).first().waitFor();
    assert.deepEqual(reports.violations, []);
    assert.deepEqual(reports.console, []);
  });
});
