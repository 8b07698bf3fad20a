import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { chooseFile, counts, screenshot, skip, startHarness, until, visible, type WizardHarness } from './import-wizard-harness.js';

const ROWS = 200_000;

/** A generated customers file: 200,000 valid rows over 50 organizations. */
function writeLargeFile(dir: string): string {
  const file = path.join(dir, 'customers-200k.csv');
  const lines = ['Email,First Name,Last Name,Organization,City'];
  for (let i = 1; i <= ROWS; i++) lines.push(`person${i}@bulk${i % 50}.example,First${i},Last${i},Bulk Company ${i % 50},City ${i % 300}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/**
 * Records, in the page, every value the import's progress bar shows as the DOM changes (a poll
 * from the test could miss one) and every task that held the page's main thread for 50 ms or
 * more (the Long Tasks API). Page script text: the tests compile without the DOM's types.
 */
async function watchPage(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const seen = [];
    const longTasks = [];
    window.progressSeen = seen;
    window.longTasks = longTasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push(Math.round(entry.duration));
    }).observe({ type: 'longtask' });
    new MutationObserver(() => {
      const bar = document.querySelector('[role="progressbar"][aria-label="Import progress"]');
      if (!bar) return;
      const now = Number(bar.getAttribute('aria-valuenow'));
      const max = Number(bar.getAttribute('aria-valuemax'));
      const last = seen[seen.length - 1];
      if (!last || last.now !== now || last.max !== max) seen.push({ now, max });
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  })()`);
}

describe('web UI: the import wizard with a 200,000-row file', { skip }, () => {
  let h: WizardHarness;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-wizard-'));
    h = await startHarness();
    await h.page.goto(h.base + '/customers');
    await visible(h.page.getByRole('heading', { level: 1, name: 'Customers' }));
  });

  after(async () => {
    await h?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stays responsive while the file is checked and imported, reopens it from the history, and the bar reaches the end', async () => {
    const page = h.page;
    const file = writeLargeFile(dir);
    await page.goto(h.base + '/customers/import');
    await chooseFile(page, file);
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Map columns' }));
    await page.getByRole('checkbox', { name: /Import a test sample first/ }).uncheck();
    await watchPage(page);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    // While the server checks 200,000 rows the page answers at once: leaving is one click…
    await visible(page.getByRole('button', { name: 'Checking every row…' }));
    // Timed in the page: this process also runs the server's import, so its own clock would time itself.
    await page.evaluate(`(() => {
      document.addEventListener('click', () => { window.clickAt = performance.now(); }, { capture: true, once: true });
      new MutationObserver((_, observer) => {
        const h1 = document.querySelector('h1');
        if (window.clickAt !== undefined && h1 && h1.textContent === 'Import history') {
          window.answeredMs = performance.now() - window.clickAt;
          observer.disconnect();
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
    await page.getByRole('link', { name: 'Import history' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Import history' }));
    assert.equal(await page.getByRole('button', { name: 'Checking every row…' }).count(), 0, 'the mapping step is left');
    const answeredMs = Number(await page.evaluate('window.answeredMs'));
    assert.ok(answeredMs < 1000, `the page answered in ${answeredMs} ms`);
    await screenshot(page, 'large-1-history-while-checking');
    // …and the check goes on without the page: the history shows it, and opens its check over.
    const entry = page.getByRole('table', { name: 'Imports' }).locator('tbody tr', { hasText: 'customers-200k.csv' }).first();
    await until('the dry run is listed as done', async () => /dry-run/i.test(await entry.innerText()), 120_000);
    await entry.getByRole('link', { name: 'customers-200k.csv' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Check over' }));
    assert.equal((await counts(page, 'What the import will do'))['To create'], ROWS);
    await visible(page.getByText('No problems: every row can be imported.'));

    await page.getByRole('button', { name: 'Confirm' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Result' }), 180_000);
    await visible(page.getByText('The import is complete.'));
    assert.equal((await counts(page, 'What the import did')).Created, ROWS);
    await screenshot(page, 'large-2-result');

    const seen = await page.evaluate<{ now: number; max: number }[]>('window.progressSeen');
    assert.deepEqual(seen.at(-1), { now: ROWS, max: ROWS }, `the bar reached the end: ${JSON.stringify(seen)}`);
    const longTasks = await page.evaluate<number[]>('window.longTasks');
    assert.ok(Math.max(0, ...longTasks) < 1000, `no task held the page for a second: ${JSON.stringify(longTasks)}`);
    const row = await h.db.kysely
      .selectFrom('people')
      .where('kind', '=', 'customer')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(row.n), ROWS);
  });
});
