import { spawn } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import type { BaselineResult } from './sqlite3-baseline.js';

const PSQL = '/usr/bin/psql';

/**
 * Loads `csvFile` with `psql \copy` into a table of the file's columns with a UNIQUE index on
 * email created before the load, in the (fresh, empty) database at `url`. Only the `\copy`
 * process is timed, with `process.hrtime` around it.
 */
export async function psqlCopyBaseline(csvFile: string, url: string): Promise<BaselineResult> {
  if (!fs.existsSync(PSQL)) {
    throw new Error(`The psql command-line tool is not at ${PSQL}; install it (apt-get install postgresql-client).`);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE TABLE customers (email text NOT NULL, first_name text, last_name text,
      organization text, phone text, title text, city text, country text, customer_since text)`);
    await client.query('CREATE UNIQUE INDEX customers_email ON customers (email)');
    // psql's \copy takes a single-quoted file name with SQL-style doubled quotes.
    const copy = `\\copy customers FROM '${csvFile.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`;
    const started = process.hrtime.bigint();
    await runPsql(url, copy);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM customers');
    return { seconds, rows: Number(rows[0]?.n) };
  } finally {
    await client.end();
  }
}

function runPsql(url: string, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(PSQL, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', command], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`psql \\copy failed (exit ${code}): ${stderr.trim().slice(0, 2000)}`)),
    );
  });
}
