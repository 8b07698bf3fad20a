import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { isValidEmail, normalizeEmail } from '../../src/core/email.js';
import { RosterError } from '../../src/core/errors.js';
import type { ImportReport } from '../../src/import/types.js';
import type { ImportTestContext } from '../import/support.js';

/**
 * Runs one hostile file through `runImport` and holds it to what the import promises: either a
 * RosterError with a sentence a person can act on, or a report whose every problem names its row
 * (and its column, where the problem is a cell's); never another exception, never an unhandled
 * rejection, within a time and a memory bound. Used by test/import/fuzz.test.ts and
 * bench/fuzz-import.ts.
 */

export interface HostileLimits {
  /** A guard against hangs on a shared, noisy machine, not a speed claim. */
  timeoutMs: number;
  /** How much the process's RSS may grow over the import, at its peak (sampled). */
  maxRssGrowthMb: number;
}

export const DEFAULT_LIMITS: HostileLimits = { timeoutMs: 60_000, maxRssGrowthMb: 300 };

/** Refusals a hostile file may get: the file cannot be read, or its columns cannot be mapped. */
const REFUSAL_CODES = new Set(['import_unreadable', 'import_mapping']);

export type HostileOutcome = { kind: 'refused'; code: string; message: string } | { kind: 'report'; report: ImportReport };

export interface HostileResult {
  outcome: HostileOutcome;
  ms: number;
  /** RSS growth at the sampled peak, and once the import returned, in MB (10⁶ bytes). */
  peakGrowthMb: number;
  afterGrowthMb: number;
}

/** One line for a log: what happened, how long it took, how much memory it took. */
export function describeResult(name: string, r: HostileResult): string {
  const what =
    r.outcome.kind === 'refused'
      ? `refused (${r.outcome.code}): ${r.outcome.message.slice(0, 160)}`
      : `${r.outcome.report.status}: ${r.outcome.report.rows} rows, ${r.outcome.report.created} created, ${r.outcome.report.updated} updated, ` +
        `${r.outcome.report.unchanged} unchanged, ${r.outcome.report.duplicates} duplicates, ${r.outcome.report.failed} failed`;
  return `${name}: ${what} [${r.ms} ms, RSS peak +${r.peakGrowthMb.toFixed(0)} MB]`;
}

/** A sentence: starts like one, ends like one, says nothing of `undefined`, and is short enough to read. */
export function assertSentence(message: string, what: string): void {
  assert.ok(
    message.length >= 10 && message.length <= 2_000,
    `${what}: a message of ${message.length} characters: ${message.slice(0, 300)}…`,
  );
  assert.match(message, /^[A-Z"]/, `${what} starts like a sentence: ${message.slice(0, 200)}`);
  assert.match(message, /[.)"]$/, `${what} ends like a sentence: …${message.slice(-200)}`);
  assert.doesNotMatch(message, /undefined|\[object |NaN/, `${what}: ${message.slice(0, 300)}`);
}

/** Collects unhandled rejections and uncaught exceptions while the fuzzing runs. */
export class CrashWatch {
  readonly seen: unknown[] = [];
  private readonly onError = (error: unknown) => this.seen.push(error);

  start(): this {
    process.on('unhandledRejection', this.onError);
    process.on('uncaughtException', this.onError);
    return this;
  }

  stop(): void {
    process.off('unhandledRejection', this.onError);
    process.off('uncaughtException', this.onError);
  }

  /** Fails when anything went unhandled since the last check (after letting pending callbacks run). */
  async assertNone(what: string): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    const seen = this.seen.splice(0);
    assert.equal(seen.length, 0, `${what}: unhandled ${seen.map((e) => (e instanceof Error ? e.stack : String(e))).join('\n')}`);
  }
}

function raw(t: ImportTestContext): Kysely<Record<string, Record<string, unknown>>> {
  return t.db.kysely.withoutPlugins() as unknown as Kysely<Record<string, Record<string, unknown>>>;
}

/** Imports `file` (a customers import) and checks its outcome; throws an AssertionError otherwise. */
export async function importHostileFile(
  t: ImportTestContext,
  name: string,
  file: string,
  options: { dryRun?: boolean; limits?: HostileLimits } = {},
): Promise<HostileResult> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  let timer: NodeJS.Timeout | undefined;
  const started = Date.now();
  let outcome: HostileOutcome;
  try {
    const run = t.run({ entity: 'customers', filePath: file, fileName: path.basename(file), ...(options.dryRun ? { dryRun: true } : {}) });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${name}: the import did not finish within ${limits.timeoutMs / 1000} s.`)),
        limits.timeoutMs,
      );
    });
    outcome = { kind: 'report', report: await Promise.race([run, timeout]) };
  } catch (error) {
    if (!(error instanceof RosterError)) throw error;
    outcome = { kind: 'refused', code: error.code, message: error.message };
  } finally {
    clearTimeout(timer);
    clearInterval(sampler);
  }
  const after = process.memoryUsage().rss;
  peak = Math.max(peak, after);
  const result: HostileResult = {
    outcome,
    ms: Date.now() - started,
    peakGrowthMb: (peak - before) / 1e6,
    afterGrowthMb: (after - before) / 1e6,
  };
  assert.ok(
    result.peakGrowthMb < limits.maxRssGrowthMb,
    `${name}: RSS grew by ${result.peakGrowthMb.toFixed(0)} MB at its peak (limit ${limits.maxRssGrowthMb} MB).`,
  );
  if (outcome.kind === 'refused') {
    assert.ok(REFUSAL_CODES.has(outcome.code), `${name}: refused with the code ${outcome.code}: ${outcome.message}`);
    assertSentence(outcome.message, `${name}'s refusal`);
  } else await checkReport(t, name, outcome.report, options.dryRun === true);
  return result;
}

async function checkReport(t: ImportTestContext, name: string, report: ImportReport, dryRun: boolean): Promise<void> {
  assert.equal(report.status, dryRun ? 'dry-run' : 'completed', `${name}: status ${report.status} (${report.message})`);
  const { rows, created, updated, unchanged, skipped, duplicates, failed } = report;
  assert.equal(created + updated + unchanged + skipped + duplicates + failed, rows, `${name}: the counts add up to the rows`);
  assert.ok(report.errorCount >= failed + duplicates, `${name}: ${report.errorCount} problems for ${failed + duplicates} rows`);
  const headers = new Set(Object.keys(report.suggestions));
  for (const e of report.errors) {
    const what = `${name}, problem ${JSON.stringify(e).slice(0, 300)}`;
    assert.ok(Number.isInteger(e.row) && e.row >= 2, `${what}: a data row's number`);
    assert.ok(e.message.startsWith(`Row ${e.row}`), `${what}: the message names its row`);
    if (e.column !== null) {
      assert.ok(headers.has(e.column), `${what}: names a column of the file`);
      assert.ok(e.message.includes(`"${e.column}"`), `${what}: the message names its column`);
    }
    assertSentence(e.message, what);
  }
  if (!dryRun) {
    const made = await sql<{ n: number }>`SELECT count(*) AS n FROM people WHERE created_import_id = ${report.id}`.execute(raw(t));
    assert.equal(Number(made.rows[0]?.n), created, `${name}: the people the import says it created`);
  }
}

/**
 * The database after a hostile import: every person has a valid, normalised email and no NUL in
 * any value, and no import is left running.
 */
export async function assertDatabaseConsistent(t: ImportTestContext, name: string): Promise<void> {
  const people = await sql<Record<string, unknown>>`SELECT * FROM people`.execute(raw(t));
  for (const person of people.rows) {
    const email = String(person.email);
    assert.ok(isValidEmail(email) && normalizeEmail(email) === email, `${name}: a person with the email ${JSON.stringify(email)}`);
    for (const [column, value] of Object.entries(person)) {
      if (typeof value === 'string') assert.ok(!value.includes('\0'), `${name}: a NUL in ${column} of ${email}`);
    }
  }
  const running = await sql<{ id: number }>`SELECT id FROM imports WHERE status = 'running'`.execute(raw(t));
  assert.deepEqual(running.rows, [], `${name}: no import is left running`);
}

const GOOD_ROWS = [
  ['good.one@fuzz.example', 'Good', 'One'],
  ['good.two@fuzz.example', 'Zoë', 'Two'],
  ['good.three@fuzz.example', 'Anna', 'van der Three'],
];

/** A small valid customers file, written once into `dir`. */
export function writeGoodFile(dir: string): string {
  const file = path.join(dir, 'good.csv');
  fs.writeFileSync(file, 'Email,First Name,Last Name\n' + GOOD_ROWS.map((r) => r.join(',')).join('\n') + '\n');
  return file;
}

/** The known good file still imports completely, and its people read back as written. */
export async function assertGoodFileImports(t: ImportTestContext, name: string, goodFile: string): Promise<void> {
  const report = await t.run({ entity: 'customers', filePath: goodFile });
  assert.equal(report.status, 'completed', `${name}: the good file's import ${report.status} (${report.message})`);
  assert.deepEqual([report.rows, report.failed, report.duplicates], [3, 0, 0], `${name}: the good file's counts`);
  assert.equal(report.created + report.updated + report.unchanged, 3, `${name}: the good file's rows are written`);
  const people = await t.people('customer');
  for (const [email, first, last] of GOOD_ROWS) {
    const p = people.get(email!);
    assert.deepEqual([p?.first_name, p?.last_name], [first, last], `${name}: ${email} after the good file`);
  }
}
