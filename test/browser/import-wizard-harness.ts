import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { RosterConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { buildApp } from '../../src/http/app.js';
import { DEFAULT_WEB_ROOT } from '../../src/http/plugins/static-web.js';
import { withDatabase } from '../support/database.js';

// Debian's Chromium, as in directory.test.ts: the suite runs offline, on the browser the CI image installs.
const CHROMIUM = '/usr/bin/chromium';
const MISSING_CHROMIUM = `browser tests skipped: ${CHROMIUM} not found (apt-get install -y chromium)`;
const haveChromium = fs.existsSync(CHROMIUM);
/** The `skip` option of the import wizard's suites: skipped without Chromium locally, failing in CI. */
export const skip = !haveChromium && !process.env.CI ? MISSING_CHROMIUM : false;
if (skip) console.log(MISSING_CHROMIUM);

export const ADMIN = { firstName: 'Ada', lastName: 'Admin', email: 'admin@roster.example', password: 'correct horse battery' };
export const SAMPLES = path.resolve('../shared/samples');
const SCREENSHOTS = path.resolve('artifacts/screenshots');

/** A real server on a real database, Chromium, and a page signed in as the first admin. */
export interface WizardHarness {
  base: string;
  db: Database;
  /** The PostgreSQL database's URL (for a second connection of the test's own); undefined on SQLite. */
  databaseUrl: string | undefined;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Starts the harness; `config` overrides parts of the test database's configuration (e.g. the import's tuning). */
export async function startHarness(
  viewport = { width: 1280, height: 800 },
  config: Partial<Omit<RosterConfig, 'dataDir' | 'databaseUrl'>> = {},
): Promise<WizardHarness> {
  if (!haveChromium) assert.fail(`Chromium is required in CI: ${CHROMIUM} not found (apt-get install -y chromium).`);
  if (!fs.existsSync(path.join(DEFAULT_WEB_ROOT, 'index.html')))
    assert.fail(`The web UI is not built: ${DEFAULT_WEB_ROOT} has no index.html. Run "npx vite build" (npm test builds it first).`);
  const database = await withDatabase();
  const app: FastifyInstance = await buildApp({ db: database.db, config: { ...database.test.config, ...config } });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  // The page's request context shares the browser's cookies: setup signs the page in.
  const setup = await page.request.post(base + '/api/setup', { data: ADMIN, headers: { origin: base } });
  assert.ok(setup.ok(), await setup.text());
  return {
    base,
    db: database.db,
    databaseUrl: database.test.config.databaseUrl,
    browser,
    context,
    page,
    close: async () => {
      await browser.close();
      await app.close();
      await database.close();
    },
  };
}

/** Waits until `check` holds: pages update after network round trips and server-sent events. */
export async function until(description: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`Timed out after ${timeoutMs} ms waiting until ${description}.`);
}

export async function visible(locator: Locator, timeout = 10_000): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout });
}

/** Saves what the page shows as artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.mouse.move(0, 0);
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Opens Tools › Import of an application, as the product's guide says. */
export async function openImport(page: Page, application: 'Customers' | 'Users' | 'Organizations'): Promise<void> {
  await page.getByRole('navigation', { name: 'Applications' }).getByRole('link', { name: application }).click();
  await visible(page.getByRole('heading', { level: 1, name: application }));
  await page.getByRole('button', { name: 'Tools' }).click();
  await page.getByRole('menuitem', { name: /^Import\b.*CSV/ }).click();
  await visible(page.getByRole('heading', { level: 1, name: `Import ${application.toLowerCase()}` }));
}

/** Chooses a file on the first step and waits for what Roster found in it. */
export async function chooseFile(page: Page, file: string): Promise<void> {
  await page.getByLabel('CSV file').setInputFiles(file);
  await visible(page.getByRole('heading', { level: 2, name: 'What Roster found' }));
  await visible(page.getByRole('table', { name: 'The first rows of the file' }));
}

/** The body rows of a table, as their text. */
export async function rowTexts(page: Page, name: string): Promise<string[]> {
  return page.getByRole('table', { name }).locator('tbody tr').allInnerTexts();
}

/** The six counts of a report shown on the page, by their label. */
export async function counts(page: Page, label: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const item of await page.locator(`dl[aria-label="${label}"] > div`).all()) {
    const term = (await item.locator('dt').innerText()).trim();
    out[term] = Number((await item.locator('dd').innerText()).replace(/[^0-9]/g, ''));
  }
  return out;
}

/** Writes a CSV fixture made at run time under a temp dir and returns its path. */
export function writeTempFile(dir: string, name: string, text: string | Buffer): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}
