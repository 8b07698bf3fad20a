import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SQLITE_CACHE_KIB } from '../src/db/dialects/sqlite.js';

/** What one baseline load took, and how many rows ended up in its table. */
export interface BaselineResult {
  seconds: number;
  rows: number;
}

const SQLITE3 = '/usr/bin/sqlite3';

/**
 * Loads `csvFile` with the `sqlite3` command-line tool into a fresh database under `dir`: a
 * table of the file's columns with a UNIQUE index on email created before the load (so the C
 * loader pays for the index as Roster does), and Roster's own page cache, journal mode and
 * synchronous settings. Timed with `process.hrtime` around the spawned process.
 */
export async function sqlite3Baseline(csvFile: string, dir: string): Promise<BaselineResult> {
  if (!fs.existsSync(SQLITE3)) {
    throw new Error(`The sqlite3 command-line tool is not at ${SQLITE3}; install it (apt-get install sqlite3).`);
  }
  fs.mkdirSync(dir, { recursive: true });
  const dbFile = path.join(dir, 'baseline.db');
  // The shell's .import reads a path argument up to whitespace unless quoted with double quotes.
  const script = [
    '.bail on',
    'PRAGMA journal_mode = WAL;',
    'PRAGMA synchronous = NORMAL;',
    `PRAGMA cache_size = -${SQLITE_CACHE_KIB};`,
    `CREATE TABLE customers (email TEXT NOT NULL, first_name TEXT, last_name TEXT, organization TEXT,
       phone TEXT, title TEXT, city TEXT, country TEXT, customer_since TEXT);`,
    'CREATE UNIQUE INDEX customers_email ON customers (email);',
    '.mode csv',
    `.import --skip 1 "${csvFile.replace(/(["\\])/g, '\\$1')}" customers`,
    '',
  ].join('\n');
  const started = process.hrtime.bigint();
  await runSqlite3(dbFile, script);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // Counted after the clock stops: the check is ours, not part of the load.
  const rows = Number((await runSqlite3(dbFile, 'SELECT count(*) FROM customers;\n')).trim());
  return { seconds, rows };
}

function runSqlite3(dbFile: string, script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(SQLITE3, ['-batch', dbFile], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      // WAL mode prints "wal" on stdout; .import prints nothing unless a row is malformed.
      if (code === 0 && stderr.trim() === '') resolve(stdout.replace(/^wal\n/, ''));
      else reject(new Error(`sqlite3 failed (exit ${code}): ${stderr.trim().slice(0, 2000)}`));
    });
    child.stdin.end(script);
  });
}
