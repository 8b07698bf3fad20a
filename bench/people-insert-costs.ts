/**
 * What inserting the bench file's rows into `people` costs on SQLite, without Roster's import
 * around it (no validation, no stage, no plan): the floor under the import's database work, and
 * how the insert method and the indexes move it. An experiment, not part of `npm run bench`:
 *
 *   node --import tsx bench/people-insert-costs.ts FILE [--method select|rows|rows16] [--indexes all|no-import|email]
 *                                                     [--rebuild] [--cache-mib 64] [--batch 100000]
 *
 * - `select`: each batch into an unindexed temp table (16 rows per INSERT), then one
 *   `INSERT … SELECT … ORDER BY email` (how the import merges); `rows`: one prepared single-row
 *   INSERT per row, in email order; `rows16`: 16 rows per INSERT statement.
 * - `no-import` drops `people_created_import`; `email` also drops the name and organization
 *   indexes, and `--rebuild` then times building those two after the load.
 * Prints one JSON line with the seconds of each part.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/database.js';
import { openSource } from '../src/import/parse/open-source.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    method: { type: 'string', default: 'select' },
    indexes: { type: 'string', default: 'all' },
    rebuild: { type: 'boolean', default: false },
    'cache-mib': { type: 'string', default: '64' },
    batch: { type: 'string', default: '100000' },
  },
});
const file = positionals[0];
if (!file) throw new Error('Usage: people-insert-costs.ts FILE [options]; see the comment at the top.');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-insert-costs-'));
const db = await openDatabase({ dataDir: dir });
const raw = db.sqlite!.raw;
raw.exec('ALTER TABLE people ADD COLUMN x_customer_since TEXT');
if (values.indexes !== 'all') raw.exec('DROP INDEX people_created_import');
if (values.indexes === 'email') for (const index of ['people_kind_name', 'people_organization']) raw.exec(`DROP INDEX ${index}`);
raw.pragma(`cache_size = -${Number(values['cache-mib']) * 1024}`);
raw.pragma('wal_autocheckpoint = 0');

const columns = ['kind', 'email', 'first_name', 'last_name', 'organization_id', 'phone', 'title', 'city', 'country', 'x_customer_since'];
const more = ['created_at', 'updated_at', 'import_id', 'created_import_id'];
const all = [...columns, ...more];
const one = `(${all.map(() => '?').join(', ')})`;
const values16 = Array<string>(16).fill(one).join(', ');
const insertOrg = raw.prepare('INSERT INTO organizations (name, created_at, updated_at) VALUES (?, ?, ?) RETURNING id');
const people1 = raw.prepare(`INSERT INTO people (${all.join(', ')}) VALUES ${one}`);
const people16 = raw.prepare(`INSERT INTO people (${all.join(', ')}) VALUES ${values16}`);
const at = new Date().toISOString();
const organizations = new Map<string, number>();
const seconds = { insert: 0, fillTemp: 0, commit: 0, checkpoint: 0, rebuildName: 0, rebuildOrganization: 0 };
const timed = (part: keyof typeof seconds, work: () => void) => {
  const start = performance.now();
  work();
  seconds[part] += (performance.now() - start) / 1000;
};

function insertBatch(cells: string[][]): void {
  for (const c of cells) if (!organizations.has(c[3]!)) organizations.set(c[3]!, (insertOrg.get(c[3], at, at) as { id: number }).id);
  const rows = cells
    .map((c) => ['customer', c[0]!.toLowerCase(), c[1], c[2], organizations.get(c[3]!), c[4], c[5], c[6], c[7], c[8], at, at, 1, 1])
    .sort((a, b) => (String(a[1]) < String(b[1]) ? -1 : 1));
  raw.exec('BEGIN');
  if (values.method === 'select') {
    raw.exec(`CREATE TEMP TABLE batch (${all.join(', ')})`);
    const temp16 = raw.prepare(`INSERT INTO batch VALUES ${values16}`);
    const temp1 = raw.prepare(`INSERT INTO batch VALUES ${one}`);
    timed('fillTemp', () => {
      let i = 0;
      for (; i + 16 <= rows.length; i += 16) temp16.run(rows.slice(i, i + 16).flat());
      for (; i < rows.length; i++) temp1.run(rows[i]);
    });
    timed('insert', () => raw.exec(`INSERT INTO people (${all.join(', ')}) SELECT * FROM batch ORDER BY email`));
    raw.exec('DROP TABLE temp.batch');
  } else {
    timed('insert', () => {
      let i = 0;
      if (values.method === 'rows16') for (; i + 16 <= rows.length; i += 16) people16.run(rows.slice(i, i + 16).flat());
      for (; i < rows.length; i++) people1.run(rows[i]);
    });
  }
  timed('commit', () => raw.exec('COMMIT'));
}

const source = await openSource(file, {});
const batchRows = Number(values.batch);
let pending: string[][] = [];
for await (const row of source.rows) {
  pending.push(row.cells);
  if (pending.length >= batchRows) {
    insertBatch(pending);
    pending = [];
  }
}
if (pending.length > 0) insertBatch(pending);
timed('checkpoint', () => raw.pragma('wal_checkpoint(TRUNCATE)'));
if (values.rebuild && values.indexes === 'email') {
  timed('rebuildName', () => raw.exec('CREATE INDEX people_kind_name ON people (kind, last_name, first_name)'));
  timed('rebuildOrganization', () => raw.exec('CREATE INDEX people_organization ON people (organization_id)'));
}
await db.close();
fs.rmSync(dir, { recursive: true, force: true });
const rounded = Object.fromEntries(Object.entries(seconds).map(([k, v]) => [k, Number(v.toFixed(2))]));
console.log(JSON.stringify({ method: values.method, indexes: values.indexes, cacheMib: Number(values['cache-mib']), ...rounded }));
