import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { configFromEnv } from '../../src/config.js';
import { TEST_DIALECT } from '../support/database.js';
import {
  chooseFile,
  counts,
  rowTexts,
  screenshot,
  skip,
  startHarness,
  until,
  visible,
  writeTempFile,
  type WizardHarness,
} from './import-wizard-harness.js';

// Merge transactions of 10,000 rows (the default is 100,000): the 30,000-row file below commits in
// three of them, so a cancel after the first leaves two thirds of the file unwritten. The server
// runs in this process, with ROSTER_IMPORT_MERGE_ROWS=10000 as configFromEnv reads it.
const MERGE_ROWS = 10_000;
const importTuning = configFromEnv({ ROSTER_IMPORT_MERGE_ROWS: String(MERGE_ROWS) }).importTuning;
const ROWS = 30_000;

const SAMPLES = path.resolve('test/fixtures/samples');

/**
 * Holding an import at its first merge needs a lock the import waits for while the rest of the
 * server goes on. On SQLite there is none: better-sqlite3 waits for a lock inside the call, on
 * the one thread that runs the server, this test and any second connection it holds (up to the
 * busy_timeout of 10 s, then the import fails), and the commit's own first write, its claim, would
 * wait the same way. PostgreSQL's table lock holds only the import's merge.
 */
const NEEDS_POSTGRES =
  TEST_DIALECT === 'sqlite'
    ? 'needs PostgreSQL: on SQLite a held lock stops the whole server, not only the import (see NEEDS_POSTGRES)'
    : false;

/** A file of `ROWS` customers, each with an email of its own. */
function customersFile(dir: string, name: string): string {
  const lines = ['Email,First Name,Last Name'];
  for (let i = 1; i <= ROWS; i++) lines.push(`customer${String(i).padStart(5, '0')}@cancel.example,First${i},Last${i}`);
  return writeTempFile(dir, name, lines.join('\n') + '\n');
}

async function customerCount(h: WizardHarness): Promise<number> {
  const row = await h.db.kysely
    .selectFrom('people')
    .where('kind', '=', 'customer')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A PostgreSQL transaction of the test's own that holds `people` in SHARE ROW EXCLUSIVE mode: the
 * import's merge waits at its first write of a person, while its reads, the import record and
 * every other table stay free (the merge updates the import's row last, after the people).
 */
class HeldPeople {
  private constructor(private readonly client: pg.Client) {}

  static async take(url: string): Promise<HeldPeople> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('BEGIN');
    await client.query('LOCK TABLE people IN SHARE ROW EXCLUSIVE MODE');
    return new HeldPeople(client);
  }

  /** Whether another session waits for a lock on `people` (only the import writes people here). */
  async waitedFor(): Promise<boolean> {
    const { rows } = await this.client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
       WHERE l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND c.relname = 'people' AND NOT l.granted`,
    );
    return Number(rows[0]?.n) > 0;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.client.query('ROLLBACK');
    await this.client.end();
  }

  private released = false;
}

/** Chooses `file` in Tools › Import of Customers, maps it as suggested, without a test sample, up to the check over. */
async function checkOver(page: Page, base: string, file: string, rows: number): Promise<void> {
  await page.goto(base + '/customers/import');
  await chooseFile(page, file);
  await page.getByRole('button', { name: 'Next: map columns' }).click();
  await visible(page.getByRole('heading', { level: 2, name: 'Map columns' }));
  assert.equal(await page.getByLabel('Property for column Email', { exact: true }).inputValue(), 'email');
  await page.getByRole('checkbox', { name: /Import a test sample first/ }).uncheck();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await visible(page.getByRole('heading', { level: 2, name: 'Check over' }), 60_000);
  await visible(page.getByText(`Confirm writes ${rows.toLocaleString('en-US')} customers.`), 60_000);
}

/** Confirms with `people` held, and waits until the progress page shows the import writing and its first merge waits. */
async function confirmHeld(page: Page, held: HeldPeople): Promise<void> {
  await page.getByRole('button', { name: 'Confirm' }).click();
  await visible(page.getByRole('heading', { level: 2, name: 'Importing' }));
  const step = page
    .locator('dl.progress-facts > div')
    .filter({ has: page.getByText('Step', { exact: true }) })
    .locator('dd');
  await until('the progress page shows the import writing records', async () => (await step.innerText()) === 'Writing records');
  await until('the import’s first merge waits for the held people table', () => held.waitedFor());
}

/** The accessible role and name of the focused element, from its ARIA snapshot (`- combobox "Name":`). */
async function focused(page: Page): Promise<{ role: string; name: string }> {
  const snapshot = await page.locator(':focus').ariaSnapshot();
  const match = /^- (\w+)(?: "((?:[^"\\]|\\.)*)")?/.exec(snapshot.split('\n')[0] ?? '');
  assert.ok(match, `no role in the focused element's snapshot: ${snapshot}`);
  return { role: match[1]!, name: match[2] ?? '' };
}

describe('web UI: cancelling and following an import, and the mapping step by keyboard', { skip }, () => {
  let h: WizardHarness;
  let page: Page;
  let dir: string;

  before(async () => {
    h = await startHarness(undefined, { importTuning });
    page = h.page;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-cancel-'));
    await page.goto(h.base + '/customers');
    await visible(page.getByRole('heading', { level: 1, name: 'Customers' }));
  });

  after(async () => {
    await h?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reaches every column’s drop-down and Import with Tab alone; every control of the mapping step has a label', async () => {
    const file = path.join(SAMPLES, 'customers.csv');
    const headers = fs.readFileSync(file, 'utf8').split(/\r?\n/)[0]!.split(',');
    await page.goto(h.base + '/customers/import');
    await chooseFile(page, file);
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Map columns' }));
    // From the top of a freshly loaded mapping step, as a person who opened its address would start.
    await page.reload();
    await visible(page.getByRole('heading', { level: 2, name: 'Map columns' }));
    await visible(page.getByLabel(`Property for column ${headers.at(-1)!}`, { exact: true }));

    const stops: { role: string; name: string }[] = [];
    for (let presses = 0; presses < 100; presses++) {
      await page.keyboard.press('Tab');
      const stop = await focused(page);
      stops.push(stop);
      assert.notEqual(stop.name, '', `focus stop ${stops.length} (${stop.role}) has an accessible name`);
      if (stop.role === 'combobox' && stop.name.startsWith('Property for column ')) {
        const select = page.getByLabel(stop.name, { exact: true });
        assert.equal(
          await select.evaluate((el) => el === el.ownerDocument.activeElement),
          true,
          `getByLabel("${stop.name}") is the focused drop-down`,
        );
      }
      if (stop.role === 'button' && stop.name === 'Import') break;
    }
    const trail = stops.map((s) => `${s.role} "${s.name}"`).join(', ');
    assert.deepEqual(stops.at(-1), { role: 'button', name: 'Import' }, `Tab reaches Import: ${trail}`);
    assert.equal(
      await page.getByRole('button', { name: 'Import', exact: true }).evaluate((el) => el === el.ownerDocument.activeElement),
      true,
    );
    assert.deepEqual(
      stops.filter((s) => s.role === 'combobox' && s.name.startsWith('Property for column ')).map((s) => s.name),
      headers.map((h) => `Property for column ${h}`),
      `every column's drop-down, in the file's order: ${trail}`,
    );

    // Every drop-down and input of the step is found by its label, and that label names it alone.
    const form = page.locator('form').filter({ has: page.getByRole('heading', { level: 2, name: 'Map columns' }) });
    const controls = await form.locator('select, input').all();
    assert.ok(controls.length >= headers.length + 3, `the step's controls: ${controls.length}`);
    for (const control of controls) {
      const snapshot = (await control.ariaSnapshot()).split('\n')[0] ?? '';
      const name = /^- \w+ "((?:[^"\\]|\\.)*)"/.exec(snapshot)?.[1];
      assert.ok(name, `a control without an accessible name: ${snapshot}`);
      // A label that wraps its control reads its parts with spaces in the accessible name, without in its text.
      const words = name.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      const byLabel = page.getByLabel(new RegExp(`^\\s*${words.join('\\s*')}\\s*$`));
      assert.equal(await byLabel.count(), 1, `getByLabel("${name}") finds one control`);
      assert.equal(await byLabel.evaluate((el, other) => el === other, await control.elementHandle()), true, `getByLabel("${name}")`);
    }
  });

  it(
    'cancels a running import from the progress page: what it committed stays, is counted, and is undone',
    { skip: NEEDS_POSTGRES },
    async () => {
      const file = customersFile(dir, 'customers-cancel.csv');
      await checkOver(page, h.base, file, ROWS);
      const held = await HeldPeople.take(h.databaseUrl!);
      try {
        await confirmHeld(page, held);
        await page.getByRole('button', { name: 'Cancel the import' }).click();
        // The cancel is recorded (202) while the first merge still waits.
        await visible(page.getByRole('button', { name: 'Stopping at the next batch…' }));
        assert.equal(await customerCount(h), 0, 'nothing is written while the merge waits');
      } finally {
        await held.release();
      }

      await visible(page.getByRole('heading', { level: 2, name: 'Result' }), 60_000);
      assert.match(new URL(page.url()).pathname, /^\/customers\/import\/\d+\/result$/);
      const sentence = await page.getByRole('status').filter({ hasText: 'Cancelled on request' }).innerText();
      const n = (value: number) => value.toLocaleString('en-US');
      assert.match(
        sentence,
        new RegExp(
          `^Cancelled on request after committing the rows up to row ${n(MERGE_ROWS + 1)} of the file: ` +
            `${n(MERGE_ROWS)} rows \\(${n(MERGE_ROWS)} created, 0 updated, 0 unchanged, 0 skipped\\); the rows after it were not imported\\. ` +
            `Undo the import to remove what it wrote\\.`,
        ),
      );
      const created = (await counts(page, 'What the import did')).Created;
      assert.equal(created, MERGE_ROWS, 'the first merge transaction, and only it, was committed');
      const stored = await customerCount(h);
      assert.equal(stored, created, 'the database holds exactly what the page says was created');
      assert.ok(stored < ROWS, `fewer than all ${ROWS} rows: ${stored}`);
      await screenshot(page, 'customers-cancelled');

      await page.getByRole('button', { name: 'Undo this import' }).click();
      const dialog = page.getByRole('alertdialog', { name: 'Undo this import?' });
      await visible(dialog);
      assert.match(await dialog.innerText(), /10,000 customers it created will be removed/);
      await dialog.getByRole('button', { name: 'Undo the import' }).click();
      await visible(page.getByText(/This import was undone/), 30_000);
      await visible(page.getByText('Undo removed 10,000 and restored 0 customers.'));
      assert.equal(await customerCount(h), 0, 'undo removed every customer the cancelled import wrote');
    },
  );

  it('goes on when the progress page is closed: Tools › Import history shows it completed', { skip: NEEDS_POSTGRES }, async () => {
    const file = customersFile(dir, 'customers-closed-window.csv');
    await checkOver(page, h.base, file, ROWS);
    const held = await HeldPeople.take(h.databaseUrl!);
    try {
      await confirmHeld(page, held);
      await page.close();
    } finally {
      await held.release();
    }

    page = await h.context.newPage();
    await page.goto(h.base + '/customers');
    await visible(page.getByRole('heading', { level: 1, name: 'Customers' }));
    await page.getByRole('button', { name: 'Tools' }).click();
    await page.getByRole('menuitem', { name: /Import history/ }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Import history' }));
    const row = async () => (await rowTexts(page, 'Imports')).find((r) => r.includes('customers-closed-window.csv')) ?? '';
    // The history looks again every 2 s while an import it lists runs.
    await until('the history lists the import as completed', async () => /completed/i.test(await row()), 60_000);
    assert.match(await row(), /30,000 rows: 30,000 created, 0 updated, 0 failed/);
    assert.equal(await customerCount(h), ROWS);
    await screenshot(page, 'history-completed-after-close');
  });
});
