/**
 * The benchmark's child process: opens the database the environment names (ROSTER_DATA_DIR,
 * DATABASE_URL), runs one Roster import of a customers file through the library, and prints one
 * JSON line with its own timings, counts and `process.resourceUsage().maxRSS` (KiB). It then waits
 * for its stdin to close before exiting, so that the parent can read this process's VmHWM from
 * /proc while it still exists.
 *
 *   node --import tsx bench/run-roster-import.ts FILE [--dry-run]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { boundHeapGrowth } from '../src/cli/heap-growth.js';
import { configFromEnv } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { localFileStore } from '../src/import/file-store.js';
import { runImport } from '../src/import/use-cases/run-import.js';
import { timeSqliteStatements, type StatementTime } from './time-sqlite-statements.js';

/** The JSON line this child prints. */
export interface ChildResult {
  /** VmRSS when the script started (Node and the modules loaded, and tsx when run through it): the floor under the peak. */
  startRssKiB: number;
  openMs: number;
  importMs: number;
  closeMs: number;
  /** Milliseconds into runImport when each phase was first reported (progress events, ±200 ms). */
  phases: Record<string, number>;
  maxRssKiB: number;
  /** The largest V8 heap (used) and off-heap buffers seen at progress events, in KiB: what of the peak is JavaScript's. */
  peakHeapUsedKiB: number;
  peakExternalKiB: number;
  /** With BENCH_SQL_TIMES=1 on SQLite: the slowest SQL statements, by total time. */
  sqlTimes?: StatementTime[];
  report: {
    status: string;
    rows: number;
    created: number;
    updated: number;
    unchanged: number;
    skipped: number;
    duplicates: number;
    failed: number;
    errorCount: number;
    message: string | null;
  };
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'dry-run': { type: 'boolean', default: false } } });
const file = positionals[0];
if (!file) throw new Error('Usage: run-roster-import.ts FILE [--dry-run]');

// As the `roster` command does first thing (src/cli/main.ts).
boundHeapGrowth();

const startRssKiB = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
const ms = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e6;

let t = process.hrtime.bigint();
const config = configFromEnv();
const db = await openDatabase(config);
const openMs = ms(t);
const sqlTimes = process.env.BENCH_SQL_TIMES === '1' && db.sqlite ? timeSqliteStatements(db.sqlite.raw) : undefined;

t = process.hrtime.bigint();
const importStarted = t;
const phases: Record<string, number> = {};
let peakHeapUsedKiB = 0;
let peakExternalKiB = 0;
const report = await runImport(db, {
  entity: 'customers',
  filePath: file,
  // The CLI's own store: the file is copied (and hashed) under the data dir, as a real import does.
  fileStore: localFileStore(config.dataDir),
  // ROSTER_IMPORT_* given to this child, as the `roster` command reads them.
  tuning: config.importTuning,
  dryRun: values['dry-run'],
  // "Customer Since" is no standard property; mapping it to a new custom date property makes
  // Roster load every column of the file, as the sqlite3 and psql baselines do.
  newProperties: [{ header: 'Customer Since', key: 'customerSince', type: 'date' }],
  onProgress: (progress) => {
    phases[progress.phase] ??= Math.round(ms(importStarted));
    const memory = process.memoryUsage();
    peakHeapUsedKiB = Math.max(peakHeapUsedKiB, Math.round(memory.heapUsed / 1024));
    peakExternalKiB = Math.max(peakExternalKiB, Math.round(memory.external / 1024));
  },
});
const importMs = ms(t);

t = process.hrtime.bigint();
await db.close();
const closeMs = ms(t);

const result: ChildResult = {
  startRssKiB,
  openMs,
  importMs,
  closeMs,
  phases,
  maxRssKiB: process.resourceUsage().maxRSS,
  peakHeapUsedKiB,
  peakExternalKiB,
  ...(sqlTimes ? { sqlTimes: sqlTimes().slice(0, 30) } : {}),
  report: {
    status: report.status,
    rows: report.rows,
    created: report.created,
    updated: report.updated,
    unchanged: report.unchanged,
    skipped: report.skipped,
    duplicates: report.duplicates,
    failed: report.failed,
    errorCount: report.errorCount,
    message: report.message,
  },
};
process.stdout.write(JSON.stringify(result) + '\n');
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
