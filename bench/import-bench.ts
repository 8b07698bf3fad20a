/**
 * `npm run bench [-- --rows N] [-- --keep] [-- --profile]`: Roster's CSV import against the C
 * loaders, on one generated customers file. See bench/README.md for what each number means.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { DatabaseConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { customersCsv } from './generate-customers.js';
import { CHILD_TS, runChildImport, type ChildImportRun } from './run-child-import.js';
import { compileForBench } from './compile-for-bench.js';
import { sqlite3Baseline } from './sqlite3-baseline.js';
import { psqlCopyBaseline } from './psql-copy-baseline.js';
import { freshPostgresDatabase, type FreshPostgresDatabase } from './fresh-postgres-database.js';
import { formatHotSpots, summarizeCpuProfile } from './summarize-cpu-profile.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    keep: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    tsx: { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows must be a positive whole number, not "${values.rows}".`);

const round = (n: number, digits = 0): number => Number(n.toFixed(digits));
/** Decimal megabytes (10^6 bytes) from KiB: the stricter reading of the 400 MB target. */
const kibToMb = (kib: number): number => (kib * 1024) / 1e6;
const peakKiB = (run: ChildImportRun): number => Math.max(run.vmHwmKiB, run.maxRssKiB);
const rowsPerSec = (run: ChildImportRun): number => rows / (run.importMs / 1000);

const started = process.hrtime.bigint();
const { file, generated } = await customersCsv(rows, path.join(ROOT, '.tmp', 'bench'));
const fileMb = fs.statSync(file).size / 1e6;
console.log(`${generated ? 'Generated' : 'Reusing'} ${path.relative(ROOT, file)}: ${rows} rows, ${fileMb.toFixed(1)} MB`);
// Every contender then reads the file from the page cache, not the first one from disk.
await pipeline(fs.createReadStream(file), new Writable({ write: (_chunk, _enc, done) => done() }));

const script = values.tsx ? CHILD_TS : await compileForBench();
console.log(
  `Roster runs as ${values.tsx ? 'TypeScript through tsx' : `JavaScript compiled by tsc (${path.relative(ROOT, path.dirname(path.dirname(script)))})`}`,
);

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bench-'));
const databases: FreshPostgresDatabase[] = [];
const summary: Record<string, number> = { rows };
try {
  // 1. Roster's full import into a fresh SQLite database, in a child process.
  const sqliteDir = path.join(workDir, 'roster-sqlite');
  const profileDir = path.join(workDir, 'profile');
  const roster = await runChildImport(file, {
    script,
    dryRun: false,
    env: { ROSTER_DATA_DIR: sqliteDir, ...(values.profile ? { BENCH_SQL_TIMES: '1' } : {}) },
    nodeFlags: values.profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
  });
  checkImport('SQLite import', roster, false);
  await checkPeopleCount('SQLite', { dataDir: sqliteDir }, rows);
  printRun('Roster import (SQLite)', roster);

  // 2. The dry run of the same file into another fresh database: everything but the writes.
  const dryDir = path.join(workDir, 'roster-sqlite-dry-run');
  const dryRun = await runChildImport(file, { script, dryRun: true, env: { ROSTER_DATA_DIR: dryDir } });
  checkImport('SQLite dry run', dryRun, true);
  await checkPeopleCount('SQLite dry run', { dataDir: dryDir }, 0);
  printRun('Roster dry run (SQLite)', dryRun);

  // 3. The sqlite3 shell's .import with the same index, page cache, journal and sync settings.
  const sqlite3 = await sqlite3Baseline(file, path.join(workDir, 'sqlite3'));
  if (sqlite3.rows !== rows) fail(`sqlite3 .import loaded ${sqlite3.rows} rows, not ${rows}.`);
  console.log(`sqlite3 .import (UNIQUE email index): ${(rows / sqlite3.seconds).toFixed(0)} rows/s (${sqlite3.seconds.toFixed(2)} s)`);

  Object.assign(summary, {
    rosterRowsPerSec: round(rowsPerSec(roster)),
    sqlite3RowsPerSec: round(rows / sqlite3.seconds),
    ratio: round(rowsPerSec(roster) / (rows / sqlite3.seconds), 2),
    peakRssMb: round(kibToMb(peakKiB(roster)), 1),
    dryRunRowsPerSec: round(rowsPerSec(dryRun)),
  });
  console.log(
    `SQLite: Roster / sqlite3 = ${summary.ratio}×, Roster peak RSS ${summary.peakRssMb} MB, dry run ${summary.dryRunRowsPerSec} rows/s`,
  );

  const adminUrl = process.env.DATABASE_URL?.trim();
  if (adminUrl) {
    const pgRosterDb = await freshPostgresDatabase(adminUrl, 'roster');
    databases.push(pgRosterDb);
    const pgEnv = { ROSTER_DATA_DIR: path.join(workDir, 'roster-pg'), DATABASE_URL: pgRosterDb.url };
    const pgRoster = await runChildImport(file, { script, dryRun: false, env: pgEnv });
    checkImport('PostgreSQL import', pgRoster, false);
    await checkPeopleCount('PostgreSQL', { dataDir: pgEnv.ROSTER_DATA_DIR, databaseUrl: pgRosterDb.url }, rows);
    printRun('Roster import (PostgreSQL)', pgRoster);

    const pgDryDb = await freshPostgresDatabase(adminUrl, 'dry');
    databases.push(pgDryDb);
    const pgDryEnv = { ROSTER_DATA_DIR: path.join(workDir, 'roster-pg-dry-run'), DATABASE_URL: pgDryDb.url };
    const pgDryRun = await runChildImport(file, { script, dryRun: true, env: pgDryEnv });
    checkImport('PostgreSQL dry run', pgDryRun, true);
    printRun('Roster dry run (PostgreSQL)', pgDryRun);

    const copyDb = await freshPostgresDatabase(adminUrl, 'copy');
    databases.push(copyDb);
    const copy = await psqlCopyBaseline(file, copyDb.url);
    if (copy.rows !== rows) fail(`psql \\copy loaded ${copy.rows} rows, not ${rows}.`);
    console.log(`psql \\copy (UNIQUE email index): ${(rows / copy.seconds).toFixed(0)} rows/s (${copy.seconds.toFixed(2)} s)`);

    Object.assign(summary, {
      pgRosterRowsPerSec: round(rowsPerSec(pgRoster)),
      psqlCopyRowsPerSec: round(rows / copy.seconds),
      pgRatio: round(rowsPerSec(pgRoster) / (rows / copy.seconds), 2),
      pgPeakRssMb: round(kibToMb(peakKiB(pgRoster)), 1),
      pgDryRunRowsPerSec: round(rowsPerSec(pgDryRun)),
    });
    console.log(`PostgreSQL: Roster / psql \\copy = ${summary.pgRatio}×, Roster peak RSS ${summary.pgPeakRssMb} MB`);
  }

  if (values.profile) {
    const profile = fs.readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (!profile) fail(`node --cpu-prof wrote no profile in ${profileDir}.`);
    const kept = path.join(ROOT, '.tmp', 'bench', `roster-import-${rows}.cpuprofile`);
    fs.copyFileSync(path.join(profileDir, profile), kept);
    const { totalMs, hotSpots, byFile } = summarizeCpuProfile(kept, 15);
    console.log(`CPU profile of the SQLite import (${path.relative(ROOT, kept)}), self time of ${(totalMs / 1000).toFixed(2)} s sampled:`);
    for (const line of formatHotSpots(hotSpots)) console.log(line);
    console.log('By source file or package (native work counts for the JavaScript function that called it):');
    for (const line of formatHotSpots(byFile.slice(0, 10))) console.log(line);
    console.log('SQL statements of the same run, by total time (calls, ms):');
    for (const s of roster.sqlTimes ?? []) console.log(`  ${String(s.calls).padStart(8)} ${s.ms.toFixed(0).padStart(7)} ms  ${s.sql}`);
  }
  console.log(`Total benchmark time ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
} finally {
  if (values.keep) {
    console.log(`Kept ${workDir}${databases.length ? ` and PostgreSQL databases ${databases.map((d) => d.name).join(', ')}` : ''}`);
  } else {
    fs.rmSync(workDir, { recursive: true, force: true });
    for (const db of databases) await db.drop();
  }
}
console.log(JSON.stringify(summary));

function printRun(label: string, run: ChildImportRun): void {
  console.log(
    `${label}: ${rowsPerSec(run).toFixed(0)} rows/s (runImport ${(run.importMs / 1000).toFixed(2)} s;` +
      ` process ${run.processSeconds.toFixed(2)} s with start-up and migrations);` +
      ` peak RSS ${kibToMb(peakKiB(run)).toFixed(1)} MB (VmHWM ${run.vmHwmKiB} KiB, maxRSS ${run.maxRssKiB} KiB,` +
      ` ${run.startRssKiB} KiB at start)`,
  );
  console.log(
    `  memory seen at progress events: JS heap used up to ${kibToMb(run.peakHeapUsedKiB).toFixed(1)} MB,` +
      ` off-heap buffers up to ${kibToMb(run.peakExternalKiB).toFixed(1)} MB; the rest of the peak is native (code; on SQLite, its page cache and sorters)`,
  );
  const phases = Object.entries(run.phases).sort((a, b) => a[1] - b[1]);
  const seconds = (from: number, to: number): string => `${((to - from) / 1000).toFixed(2)} s`;
  // Before the first event: checking the file, suggesting the mapping, copying and hashing the file into the store.
  const spans = phases.length > 0 ? [`before staging ${seconds(0, phases[0]?.[1] ?? 0)}`] : [];
  phases.forEach(([phase, at], i) => spans.push(`${phase} ${seconds(at, phases[i + 1]?.[1] ?? run.importMs)}`));
  if (spans.length > 0) console.log(`  phases (from progress events): ${spans.join(', ')}`);
}

/** A benchmark of an import that lost or failed rows measures nothing: stop. */
function checkImport(label: string, run: ChildImportRun, dryRun: boolean): void {
  const r = run.report;
  const expected = dryRun ? 'dry-run' : 'completed';
  if (r.status !== expected || r.rows !== rows || r.created !== rows || r.failed !== 0 || r.duplicates !== 0) {
    fail(`${label}: expected ${rows} rows all created and status ${expected}, got ${JSON.stringify(r)}`);
  }
}

async function checkPeopleCount(label: string, config: DatabaseConfig, expected: number): Promise<void> {
  const db = await openDatabase(config);
  try {
    const row = await db.kysely
      .selectFrom('people')
      .select(sql<number>`count(*)`.as('n'))
      .where('kind', '=', 'customer')
      .executeTakeFirstOrThrow();
    if (Number(row.n) !== expected) fail(`${label}: the people table holds ${row.n} customers, not ${expected}.`);
  } finally {
    await db.close();
  }
}

function fail(message: string): never {
  throw new Error(`Benchmark failed: ${message}`);
}
