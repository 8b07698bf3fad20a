import { now } from '../repositories/now.js';
import { copyField, type SqlRunner } from './sql-runner.js';
import { checkSpec, dialectSql, stageTable, type StageSpec } from './stage-spec.js';

/** A valid row ready for the stage table: values aligned with `spec.columns`. */
export interface StagedRow {
  row: number;
  key: string;
  /** The original cells as JSON, kept only for rows that may repeat an earlier key (see BloomFilter). */
  cells: string | null;
  values: readonly (string | null)[];
}

export interface IssueRow {
  row: number;
  column: string | null;
  value: string | null;
  code: string;
  message: string;
}

/** One batch of the file: staged rows, rejected rows with their issues, and the cursor after it. */
export interface StageBatch {
  rows: StagedRow[];
  rejected: { row: number; cells: string[] }[];
  issues: IssueRow[];
  /** The last spreadsheet row this batch read; resuming starts after it. */
  lastRow: number;
}

/** Creates the stage table of an import (kept on disk so an interrupted import can resume). */
export async function createStageTable(runner: SqlRunner, spec: StageSpec): Promise<void> {
  checkSpec(spec);
  const d = dialectSql(runner.dialect);
  const columns = spec.columns.map((c) => `${c.name} TEXT`).join(', ');
  await runner.run(
    `CREATE TABLE IF NOT EXISTS ${stageTable(spec)} (row_no ${d.int} PRIMARY KEY, row_key TEXT NOT NULL, row_cells TEXT, dup_of ${d.int}${columns ? ', ' + columns : ''})`,
  );
}

export async function dropStageTable(runner: SqlRunner, spec: Pick<StageSpec, 'importId'>): Promise<void> {
  await runner.run(`DROP TABLE IF EXISTS ${stageTable(spec)}`);
}

/** Keys of staged rows, in row order, a page at a time (to rebuild the Bloom filter on resume). */
export async function stagedKeys(
  runner: SqlRunner,
  spec: StageSpec,
  afterRow: number,
  limit: number,
): Promise<{ row_no: number; row_key: string }[]> {
  return runner.all(`SELECT row_no, row_key FROM ${stageTable(spec)} WHERE row_no > ? ORDER BY row_no LIMIT ?`, [afterRow, limit]);
}

/** Data rows an interrupted staging already read: staged ones plus failed ones (for --sample). */
export async function countReadRows(runner: SqlRunner, spec: StageSpec): Promise<number> {
  const [staged] = await runner.all<{ n: number }>(`SELECT count(*) AS n FROM ${stageTable(spec)}`);
  const [failed] = await runner.all<{ n: number }>(
    `SELECT count(*) AS n FROM import_rejected_rows WHERE import_id = ? AND reason = 'failed'`,
    [spec.importId],
  );
  return Number(staged?.n ?? 0) + Number(failed?.n ?? 0);
}

/** Rejected rows of an import with one reason ('failed' or 'duplicate'). */
export async function countRejected(runner: SqlRunner, importId: number, reason: string): Promise<number> {
  const [row] = await runner.all<{ n: number }>(`SELECT count(*) AS n FROM import_rejected_rows WHERE import_id = ? AND reason = ?`, [
    importId,
    reason,
  ]);
  return Number(row?.n ?? 0);
}

const ISSUE_CHUNK = 500;

/** Inserts issues with multi-row statements (five parameters a row, well under every limit). */
export async function insertIssues(runner: SqlRunner, importId: number, issues: readonly IssueRow[]): Promise<void> {
  for (let i = 0; i < issues.length; i += ISSUE_CHUNK) {
    const part = issues.slice(i, i + ISSUE_CHUNK);
    await runner.run(
      `INSERT INTO import_issues (import_id, row, column_name, value, code, message) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      part.flatMap((x) => [importId, x.row, x.column, x.value, x.code, x.message]),
    );
  }
}

export async function insertRejected(
  runner: SqlRunner,
  importId: number,
  reason: string,
  rows: readonly { row: number; cells: string[] }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += ISSUE_CHUNK) {
    const part = rows.slice(i, i + ISSUE_CHUNK);
    await runner.run(
      `INSERT INTO import_rejected_rows (import_id, row, reason, cells) VALUES ${part.map(() => '(?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
      part.flatMap((x) => [importId, x.row, reason, JSON.stringify(x.cells)]),
    );
  }
}

/** Staged rows per INSERT statement on SQLite (16 × the columns stays far under its 32,766 parameters). */
const STAGE_ROWS_PER_INSERT = 16;

/**
 * Writes one batch in one transaction together with the import's cursor and failed count, so a
 * crash leaves either the whole batch or none of it: resuming re-reads the file after `lastRow`.
 * SQLite gets one prepared INSERT per row (better-sqlite3 runs them in-process, ~1 µs each);
 * PostgreSQL gets one COPY per batch, the fastest way in, and the stage table has no unique
 * index for a duplicate to abort it.
 */
export async function writeStageBatch(runner: SqlRunner, spec: StageSpec, batch: StageBatch): Promise<void> {
  const table = stageTable(spec);
  const names = ['row_no', 'row_key', 'row_cells', ...spec.columns.map((c) => c.name)];
  await runner.transaction(async () => {
    if (batch.rows.length > 0) {
      if (runner.dialect === 'sqlite') {
        // Several rows per INSERT: each statement call costs the same bookkeeping in the driver and
        // in SQLite whatever its rows, so 16 rows a statement took ~20% less time than one.
        const one = `(${names.map(() => '?').join(', ')})`;
        const insert = (rows: number) => `INSERT INTO ${table} (${names.join(', ')}) VALUES ${Array<string>(rows).fill(one).join(', ')}`;
        const whole = batch.rows.length - (batch.rows.length % STAGE_ROWS_PER_INSERT);
        const groups: unknown[][] = [];
        for (let i = 0; i < whole; i += STAGE_ROWS_PER_INSERT) {
          const params: unknown[] = [];
          for (const r of batch.rows.slice(i, i + STAGE_ROWS_PER_INSERT)) params.push(r.row, r.key, r.cells, ...r.values);
          groups.push(params);
        }
        runner.insertMany(insert(STAGE_ROWS_PER_INSERT), groups);
        runner.insertMany(
          insert(1),
          batch.rows.slice(whole).map((r) => [r.row, r.key, r.cells, ...r.values]),
        );
      } else {
        let text = '';
        for (const r of batch.rows) {
          text += `${r.row}\t${copyField(r.key)}\t${copyField(r.cells)}`;
          for (const v of r.values) text += '\t' + copyField(v);
          text += '\n';
        }
        await runner.copy(table, names, text);
      }
    }
    await insertIssues(runner, spec.importId, batch.issues);
    await insertRejected(runner, spec.importId, 'failed', batch.rejected);
    await runner.run(`UPDATE imports SET rows_read = ?, failed = failed + ?, heartbeat_at = ? WHERE id = ?`, [
      batch.lastRow,
      batch.rejected.length,
      now(),
      spec.importId,
    ]);
  });
}

/**
 * Of `keys` (normalised emails), those that belong to the other kind of person, with that kind:
 * one email is a user or a customer, never both. One query per batch, not per row.
 */
export async function findOtherKind(
  runner: SqlRunner,
  entity: 'users' | 'customers',
  keys: readonly string[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const other = entity === 'users' ? 'customer' : 'user';
  const rows =
    runner.dialect === 'sqlite'
      ? await runner.all<{ k: string }>(
          `SELECT lower(email) AS k FROM people WHERE lower(email) IN (SELECT value FROM json_each(?)) AND kind = ?`,
          [JSON.stringify(keys), other],
        )
      : await runner.all<{ k: string }>(`SELECT lower(email) AS k FROM people WHERE lower(email) = ANY(?::text[]) AND kind = ?`, [
          keys,
          other,
        ]);
  return new Map(rows.map((r) => [r.k, other]));
}

/** Owners of `domains` among organizations: domain → lower-case organization name. */
export async function findDomainOwners(runner: SqlRunner, domains: readonly string[]): Promise<Map<string, string>> {
  if (domains.length === 0) return new Map();
  const rows =
    runner.dialect === 'sqlite'
      ? await runner.all<{ domain: string; name: string }>(
          `SELECT d.domain, lower(o.name) AS name FROM organization_domains d JOIN organizations o ON o.id = d.organization_id WHERE d.domain IN (SELECT value FROM json_each(?))`,
          [JSON.stringify(domains)],
        )
      : await runner.all<{ domain: string; name: string }>(
          `SELECT d.domain, lower(o.name) AS name FROM organization_domains d JOIN organizations o ON o.id = d.organization_id WHERE d.domain = ANY(?::text[])`,
          [domains],
        );
  return new Map(rows.map((r) => [r.domain, r.name]));
}

/**
 * Marks in-file duplicates: a staged row whose key an earlier staged row already has gets
 * `dup_of` = that row, an issue naming both rows, and its original cells in the rejected rows.
 * Only rows the Bloom filter flagged (they kept their cells) can be duplicates, so the work is a
 * single scan of the stage table plus a join over those few rows.
 */
export async function markDuplicates(
  runner: SqlRunner,
  spec: StageSpec,
  key: { header: string; cellIndex: number; label: string },
): Promise<number> {
  const table = stageTable(spec);
  const d = dialectSql(runner.dialect);
  const flagged = await runner.all<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE row_cells IS NOT NULL AND dup_of IS NULL`);
  if (Number(flagged[0]?.n ?? 0) === 0) return 0;
  return runner.transaction(async () => {
    const firsts = `import_firsts_${spec.importId}`;
    await runner.run(`DROP TABLE IF EXISTS ${firsts}`);
    await runner.run(
      `CREATE TEMP TABLE ${firsts} AS SELECT row_key, min(row_no) AS first_row FROM ${table} WHERE row_key IN (SELECT row_key FROM ${table} WHERE row_cells IS NOT NULL) GROUP BY row_key`,
    );
    await runner.run(`CREATE INDEX ${firsts}_key ON ${firsts} (row_key)`);
    const marked = await runner.run(
      `UPDATE ${table} SET dup_of = f.first_row FROM ${firsts} f WHERE f.row_key = ${table}.row_key AND ${table}.row_cells IS NOT NULL AND ${table}.row_no > f.first_row AND ${table}.dup_of IS NULL`,
    );
    await runner.run(`DROP TABLE ${firsts}`);
    if (marked === 0) return 0;
    const what = spec.entity === 'organizations' ? 'organization name' : 'email';
    await runner.run(
      `INSERT INTO import_issues (import_id, row, column_name, value, code, message)
       SELECT ?, row_no, ?, ${d.jsonIndex('row_cells', key.cellIndex)}, 'duplicate',
         'Row ' || row_no || ', column "' || CAST(? AS TEXT) || '": row ' || row_no || ' repeats the ${what} ' || row_key || ' of row ' || dup_of || ' (the same ${what} once normalised); only row ' || dup_of || ' is imported.'
       FROM ${table} WHERE dup_of IS NOT NULL ORDER BY row_no`,
      [spec.importId, key.header, key.header],
    );
    await runner.run(
      `INSERT INTO import_rejected_rows (import_id, row, reason, cells) SELECT ?, row_no, 'duplicate', row_cells FROM ${table} WHERE dup_of IS NOT NULL ON CONFLICT DO NOTHING`,
      [spec.importId],
    );
    await runner.run(`UPDATE imports SET duplicates = ?, heartbeat_at = ? WHERE id = ?`, [marked, now(), spec.importId]);
    return marked;
  });
}
