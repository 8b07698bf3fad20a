/**
 * `npm run bench:directory [-- --rows N] [-- --seconds S] [-- --keep] [-- --reuse DIR|URL]`: how fast the people
 * directory answers at N customers. Fills a fresh database with the import bench's generated
 * customers through Roster's own import (SQLite; with DATABASE_URL, a fresh PostgreSQL database
 * next to the one it names), starts `roster serve` (bin/roster.js, compiled first) with an API
 * token, and drives it with autocannon at 8 connections, one case after another (each warmed up
 * for 3 s first): p50/p95/p99 and requests per second for each, then one JSON line with each case's p95.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.js';
import { compileForBench } from './compile-for-bench.js';
import { freshPostgresDatabase, type FreshPostgresDatabase } from './fresh-postgres-database.js';
import { customersCsv } from './generate-customers.js';
import { runChildImport } from './run-child-import.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROSTER = path.join(ROOT, 'bin', 'roster.js');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const CONNECTIONS = 8;
const PAGE_SIZE = 50;
/** The deep page of the cursor case: 15,000 pages of 50 is 750,000 rows in. */
const DEEP_PAGE = 15_000;
/** Unmeasured load before each case's measured seconds. */
const WARM_UP_SECONDS = 3;

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
  },
});
const rows = Number(values.rows);
const seconds = Number(values.seconds);
if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows must be a positive whole number, not "${values.rows}".`);
if (!(seconds > 0)) throw new Error(`--seconds must be a positive number, not "${values.seconds}".`);
const adminUrl = process.env.DATABASE_URL;

// --reuse: a database a --keep run left (its data dir, or its URL with DATABASE_URL), without importing again.
const reuse = values.reuse;
const workDir = reuse && !adminUrl ? reuse : fs.mkdtempSync(path.join(os.tmpdir(), 'roster-directory-bench-'));
let database: FreshPostgresDatabase | undefined;
let server: ChildProcess | undefined;
try {
  database = adminUrl
    ? reuse
      ? { name: new URL(reuse).pathname.slice(1), url: reuse, drop: async () => undefined }
      : await freshPostgresDatabase(adminUrl, 'directory')
    : undefined;
  const env: Record<string, string> = { ROSTER_DATA_DIR: workDir, ...(database ? { DATABASE_URL: database.url } : {}) };
  const where = database ? `PostgreSQL (${database.name})` : `SQLite (${workDir})`;

  // 1. The customers, through the import the import bench measures.
  if (!reuse) {
    const { file } = await customersCsv(rows, path.join(ROOT, '.tmp', 'bench'));
    const script = await compileForBench();
    const run = await runChildImport(file, { script, dryRun: false, env });
    console.log(`Imported ${rows} customers into ${where} in ${(run.importMs / 1000).toFixed(1)} s`);
    // What autovacuum does within minutes of a large import on an idle server: measure the
    // directory with the statistics PostgreSQL plans from, not the guesses of an empty table.
    if (database) await analyze(env);
  }

  // 2. The server, from dist/ as `roster serve` runs, with an admin's API token.
  await compileDist();
  const processEnv: NodeJS.ProcessEnv = { ...process.env, ...env, ROSTER_LOG_LEVEL: 'warn' };
  if (!database) delete processEnv.DATABASE_URL;
  if (!reuse) await roster(['admin', 'create', '--email', 'bench@roster.example', '--password', 'bench password 1234'], processEnv);
  const token = (await roster(['token', 'create', '--email', 'bench@roster.example', '--name', 'bench'], processEnv)).trim();
  const port = await freePort();
  server = spawn(process.execPath, [ROSTER, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    env: processEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await untilUp(base);
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  const get = async (url: string): Promise<unknown> => {
    const response = await fetch(base + url, { headers });
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
    return response.json();
  };

  // 3. What the cases look for: a customer in the middle of the table, and a cursor deep in the list.
  const sample = await sampleCustomer(env);
  type ListPage = { items: { id: number }[]; total: number; totalIsEstimate?: boolean; nextCursor?: string };
  const firstPage = (await get(`/api/customers?pageSize=${PAGE_SIZE}`)) as ListPage;
  console.log(`The list says ${firstPage.total}${firstPage.totalIsEstimate ? ' (an estimate)' : ''} customers`);
  // One slow offset read, once, to stand at page 15,000; the case then pages on from there by cursor.
  const deepPage = Math.min(DEEP_PAGE, Math.max(1, Math.floor(sample.customers / PAGE_SIZE) - 1));
  const deep = (await get(`/api/customers?pageSize=${PAGE_SIZE}&page=${deepPage}`)) as ListPage;
  if (!deep.nextCursor) throw new Error(`Page ${deepPage} has no next cursor.`);
  const q = (search: string) => encodeURIComponent(search);
  const cases: [string, string][] = [
    ['list page 1', `/api/customers?pageSize=${PAGE_SIZE}`],
    [`page ${deepPage + 1} by cursor`, `/api/customers?pageSize=${PAGE_SIZE}&cursor=${deep.nextCursor}`],
    ['sort by last name, descending', `/api/customers?pageSize=${PAGE_SIZE}&sort=lastName&order=desc`],
    ['search a name prefix ("and")', `/api/customers?pageSize=${PAGE_SIZE}&search=and`],
    ['search an exact email', `/api/customers?pageSize=${PAGE_SIZE}&search=${q(sample.email)}`],
    ['search an email prefix', `/api/customers?pageSize=${PAGE_SIZE}&search=${q(sample.email.slice(0, sample.email.indexOf('@') - 2))}`],
    ['search a phone written otherwise', `/api/customers?pageSize=${PAGE_SIZE}&search=${q(otherwise(sample.phoneE164))}`],
    ["a customer's page", `/api/customers/${sample.id}`],
    ["an organization's people", `/api/customers?pageSize=${PAGE_SIZE}&organizationId=${sample.organizationId}`],
  ];
  // Each case must find what it looks for, or its speed means nothing.
  for (const [name, url] of cases) {
    const answer = (await get(url)) as ListPage | { id: number };
    if ('items' in answer && answer.items.length === 0) throw new Error(`The case "${name}" found nobody (${url}).`);
    if ('items' in answer && name.includes('exact email') && answer.items[0]!.id !== sample.id)
      throw new Error(`The exact email is not ranked first.`);
  }

  console.log(`\n${where}, ${sample.customers} customers, ${CONNECTIONS} connections, ${seconds} s per case`);
  console.log(`${'case'.padEnd(38)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'req/s'.padStart(8)}`);
  const p95: Record<string, number> = {};
  for (const [name, url] of cases) {
    // Steady state, as a server that has been up a while answers: the first seconds of a case
    // carry V8's compiling of the code the case reaches and the database's first reads of its pages.
    await load(base + url, headers, WARM_UP_SECONDS);
    const result = await load(base + url, headers, seconds);
    p95[name] = result.p95;
    console.log(
      `${name.padEnd(38)} ${result.p50.toFixed(1).padStart(8)} ${result.p95.toFixed(1).padStart(8)} ${result.p99.toFixed(1).padStart(8)} ${result.perSecond.toFixed(0).padStart(8)}`,
    );
  }
  console.log(JSON.stringify({ rows: sample.customers, database: database ? 'postgres' : 'sqlite', connections: CONNECTIONS, p95 }));
} finally {
  server?.kill('SIGTERM');
  if (server) await new Promise((resolve) => server!.once('exit', resolve));
  if (values.keep || reuse) console.log(`Kept: ${database ? database.url : workDir}`);
  else {
    await database?.drop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** `+4930123456789` as someone might type it instead: `0049 30-123 456 789`. */
function otherwise(e164: string): string {
  const digits = e164.slice(1);
  const country = digits.startsWith('1') ? 1 : digits.startsWith('351') ? 3 : 2;
  const rest = digits.slice(country);
  return `00${digits.slice(0, country)} ${rest.slice(0, 2)}-${rest.slice(2, 5)} ${rest.slice(5)}`;
}

/** One case under load: every response's time, so p95 is exact (autocannon's summary has p97.5, not p95). */
async function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
): Promise<{ p50: number; p95: number; p99: number; perSecond: number }> {
  const times: number[] = [];
  let refused: string | undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, headers, connections: CONNECTIONS, duration: seconds }, (error, done) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode !== 200) refused ??= `${url} answered ${statusCode} under load.`;
      times.push(responseTime);
    });
  });
  if (refused) throw new Error(refused);
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx answers.`);
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? NaN;
  return { p50: at(50), p95: at(95), p99: at(99), perSecond: times.length / seconds };
}

/** A customer with a phone and an organization, about half way through the table. */
async function sampleCustomer(
  env: Record<string, string>,
): Promise<{ id: number; email: string; phoneE164: string; organizationId: number; customers: number }> {
  const db = await openDatabase({ dataDir: env.ROSTER_DATA_DIR!, ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}) });
  try {
    const { rows: found } = await sql<{ id: number; email: string; phoneE164: string; organizationId: number }>`
      SELECT id, email, phone_e164 AS "phoneE164", organization_id AS "organizationId" FROM people
      WHERE kind = 'customer' AND phone_e164 IS NOT NULL AND organization_id IS NOT NULL
        AND id >= (SELECT max(id) / 2 FROM people) ORDER BY id LIMIT 1`.execute(db.kysely);
    if (!found[0]) throw new Error('No customer with a phone and an organization.');
    // Counted, not taken from --rows: a --reuse run measures whatever the kept database holds.
    const { rows: counted } = await sql<{ n: number }>`SELECT count(*) AS n FROM people WHERE kind = 'customer'`.execute(db.kysely);
    return { ...found[0], customers: Number(counted[0]!.n) };
  } finally {
    await db.close();
  }
}

async function analyze(env: Record<string, string>): Promise<void> {
  const db = await openDatabase({ dataDir: env.ROSTER_DATA_DIR!, databaseUrl: env.DATABASE_URL! });
  try {
    await sql`ANALYZE`.execute(db.kysely);
  } finally {
    await db.close();
  }
}

function compileDist(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSC, '-p', path.join(ROOT, 'tsconfig.json')], { stdio: 'ignore' });
    child.on('error', reject);
    // Type errors elsewhere in a checkout being edited do not stop the emit; a missing build does.
    child.on('close', () =>
      fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js')) ? resolve() : reject(new Error('tsc -p tsconfig.json wrote no dist/.')),
    );
  });
}

function roster(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ROSTER, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`roster ${args[0]} ${args[1]} failed (${code}): ${err}`))));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function untilUp(base: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(base + '/api/health')).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`roster serve did not answer at ${base} within 60 s.`);
}
