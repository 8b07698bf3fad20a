import type { StageBatch } from '../../import/import-store.js';
import { now } from '../repositories/now.js';
import { copyField, type SqlRunner } from './sql-runner.js';
export type { StageBatch };
import { checkSpec, dialectSql, keysTable, stageTable, type StageSpec } from './stage-spec.js';

export interface IssueRow {
  row: number;
  column: string | null;
  value: string | null;
  code: string;
  message: string;
}

/**
 * Makes sure the stage table of an import holds every row its cursor says was staged, creating it
 * if needed, and says whether it had to forget staged rows. Kept on disk so that an interrupted
 * import can resume.
 *
 * On PostgreSQL the stage table is UNLOGGED: its rows skip the write-ahead log (they are a copy
 * of the kept file, read again if lost), but a server crash empties it. A marker row (row 0,
 * written when the table is created) tells a complete table from an emptied one; without it,
 * the rows staged after the last merged range are forgotten (`forgetUnmerged`) and read from the
 * file again, so no row is lost; the merged rows' keys live in an ordinary table (keysTable).
 * SQLite's stage table is an ordinary one and keeps its marker.
 */
export async function openStageTable(
  runner: SqlRunner,
  spec: StageSpec,
  cursor: { rowsRead: number; rowsCommitted: number },
): Promise<boolean> {
  checkSpec(spec);
  const d = dialectSql(runner.dialect);
  const table = stageTable(spec);
  const columns = spec.columns.map((c) => `${c.name} TEXT`).join(', ');
  const unlogged = runner.dialect === 'postgres' ? 'UNLOGGED ' : '';
  await runner.run(
    `CREATE ${unlogged}TABLE IF NOT EXISTS ${table} (row_no ${d.int} PRIMARY KEY, row_key TEXT NOT NULL, row_cells TEXT, dup_of ${d.int}${columns ? ', ' + columns : ''})`,
  );
  await openKeysTable(runner, spec, cursor.rowsCommitted);
  const [marker] = await runner.all<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE row_no = 0`);
  const complete = Number(marker?.n ?? 0) > 0;
  const lost = !complete && cursor.rowsRead > cursor.rowsCommitted;
  await runner.transaction(async () => {
    if (lost) await forgetUnmerged(runner, spec, cursor.rowsCommitted);
    if (!complete) await runner.run(`INSERT INTO ${table} (row_no, row_key) VALUES (0, '')`);
  });
  return lost;
}

/**
 * Forgets what was staged after the last merged range: the stage's rows, their issues and
 * rejected rows (and their counts), and moves the read cursor back to the merge cursor. The
 * merged rows' keys are kept apart (keysTable), so a later row that repeats one of them is still
 * a duplicate.
 */
async function forgetUnmerged(runner: SqlRunner, spec: StageSpec, committed: number): Promise<void> {
  const counts = await runner.all<{ reason: string; n: number }>(
    `SELECT reason, count(*) AS n FROM import_rejected_rows WHERE import_id = ? AND row > ? GROUP BY reason`,
    [spec.importId, committed],
  );
  const count = (reason: string) => Number(counts.find((c) => c.reason === reason)?.n ?? 0);
  await runner.run(`DELETE FROM ${stageTable(spec)} WHERE row_no > ?`, [committed]);
  await runner.run(`DELETE FROM import_issues WHERE import_id = ? AND row > ?`, [spec.importId, committed]);
  await runner.run(`DELETE FROM import_rejected_rows WHERE import_id = ? AND row > ?`, [spec.importId, committed]);
  await runner.run(
    `UPDATE imports SET rows_read = rows_committed, last_row = NULL, phase = 'staging', failed = failed - ?, duplicates = duplicates - ? WHERE id = ?`,
    [count('failed'), count('duplicate'), spec.importId],
  );
}

/**
 * The keys table (keysTable): written by each merge transaction with its cursor, so it always
 * holds exactly the keys of the merged rows that did not create a person (those remember their
 * row themselves: see rememberKeys). An ordinary table on both databases: it survives the crash
 * that empties PostgreSQL's unlogged stage, as the people do. An import interrupted before this
 * table existed gets it filled from its stage.
 */
async function openKeysTable(runner: SqlRunner, spec: StageSpec, rowsCommitted: number): Promise<void> {
  const keys = keysTable(spec);
  const withoutRowid = runner.dialect === 'sqlite' ? ' WITHOUT ROWID' : '';
  await runner.run(
    `CREATE TABLE IF NOT EXISTS ${keys} (row_key TEXT PRIMARY KEY, first_row ${dialectSql(runner.dialect).int} NOT NULL)${withoutRowid}`,
  );
  if (rowsCommitted <= 1) return;
  const [any] = await runner.all<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM ${keys} LIMIT 1) k`);
  if (Number(any?.n ?? 0) > 0) return;
  await runner.run(
    `INSERT INTO ${keys} (row_key, first_row) SELECT row_key, min(row_no) FROM ${stageTable(spec)}
     WHERE row_no > 0 AND row_no <= ? AND dup_of IS NULL GROUP BY row_key ON CONFLICT DO NOTHING`,
    [rowsCommitted],
  );
}

/**
 * Adds to the keys table the keys of a merge's planned rows (`plan`: the plan table, or a
 * create-only range shaped as one) that did not create a person: updated, unchanged, skipped and
 * conflicting rows, and every row of an organizations import. Call in the merge's transaction,
 * after markDuplicatesIn. A person created by the import remembers its row itself (`import_row`,
 * with `created_import_id`; see markDuplicatesIn), so a range of new people writes no keys at all. Why:
 * the keys were the third write of every row (stage, keys, person); measured at 1M rows, leaving
 * them out for created people took the PostgreSQL import from 26.2 and 25.2 s to 21.9 and 20.3 s
 * (alternating runs), its keys table being logged and indexed. Organizations keep theirs: their
 * key is the name lower-cased by JavaScript, which SQLite's `lower()` does not match beyond ASCII.
 */
export async function rememberKeys(runner: SqlRunner, spec: StageSpec, plan: string): Promise<void> {
  const created = spec.entity === 'organizations' ? '' : `AND action <> 'create'`;
  // In key order, so that each merge walks the keys' B-tree once, as the people insert does.
  await runner.run(
    `INSERT INTO ${keysTable(spec)} (row_key, first_row) SELECT row_key, row_no FROM ${plan} p
     WHERE p.dup_of IS NULL ${created} ORDER BY row_key ON CONFLICT DO NOTHING`,
  );
}

export async function dropStageTable(runner: SqlRunner, spec: Pick<StageSpec, 'importId'>): Promise<void> {
  await runner.run(`DROP TABLE IF EXISTS ${stageTable(spec)}`);
  await runner.run(`DROP TABLE IF EXISTS ${keysTable(spec)}`);
}

/** Keys of staged rows after `afterRow`, in row order, a page at a time (to rebuild the Bloom filter on resume). */
export async function stagedKeys(
  runner: SqlRunner,
  spec: StageSpec,
  afterRow: number,
  limit: number,
): Promise<{ row_no: number; row_key: string }[]> {
  return runner.all(`SELECT row_no, row_key FROM ${stageTable(spec)} WHERE row_no > ? ORDER BY row_no LIMIT ?`, [afterRow, limit]);
}

/** Keys of merged rows after `afterKey`, in key order, a page at a time (the keys table; to rebuild the Bloom filter on resume). */
export async function mergedKeys(runner: SqlRunner, spec: StageSpec, afterKey: string, limit: number): Promise<string[]> {
  const rows = await runner.all<{ row_key: string }>(`SELECT row_key FROM ${keysTable(spec)} WHERE row_key > ? ORDER BY row_key LIMIT ?`, [
    afterKey,
    limit,
  ]);
  return rows.map((r) => r.row_key);
}

/** Keys of the people this import created, after person `afterId`, in id order, a page at a time (to rebuild the Bloom filter on resume). */
export async function createdKeys(
  runner: SqlRunner,
  spec: StageSpec,
  afterId: number,
  limit: number,
): Promise<{ id: number; k: string }[]> {
  if (spec.entity === 'organizations') return [];
  return runner.all(`SELECT id, lower(email) AS k FROM people WHERE created_import_id = ? AND id > ? ORDER BY id LIMIT ?`, [
    spec.importId,
    afterId,
    limit,
  ]);
}

/** Data rows an interrupted staging already read: staged ones plus failed ones (for --sample). */
export async function countReadRows(runner: SqlRunner, spec: StageSpec): Promise<number> {
  const [staged] = await runner.all<{ n: number }>(`SELECT count(*) AS n FROM ${stageTable(spec)} WHERE row_no > 0`);
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
  rows: readonly { row: number; cells: readonly string[] }[],
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
  const count = batch.rowNos.length;
  const params = (i: number, into: unknown[]) => {
    into.push(batch.rowNos[i], batch.keys[i], batch.cells[i] ?? null);
    for (let j = i * batch.width; j < (i + 1) * batch.width; j++) into.push(batch.values[j] ?? null);
  };
  await runner.transaction(
    async () => {
      if (count > 0) {
        if (runner.dialect === 'sqlite') {
          // Several rows per INSERT: each statement call costs the same bookkeeping in the driver and
          // in SQLite whatever its rows, so 16 rows a statement took ~20% less time than one.
          const one = `(${names.map(() => '?').join(', ')})`;
          const insert = (rows: number) => `INSERT INTO ${table} (${names.join(', ')}) VALUES ${Array<string>(rows).fill(one).join(', ')}`;
          const whole = count - (count % STAGE_ROWS_PER_INSERT);
          const groups: unknown[][] = [];
          for (let i = 0; i < whole; i += STAGE_ROWS_PER_INSERT) {
            const group: unknown[] = [];
            for (let r = i; r < i + STAGE_ROWS_PER_INSERT; r++) params(r, group);
            groups.push(group);
          }
          runner.insertMany(insert(STAGE_ROWS_PER_INSERT), groups);
          const rest: unknown[][] = [];
          for (let r = whole; r < count; r++) params(r, (rest[rest.length] = []));
          runner.insertMany(insert(1), rest);
        } else {
          let text = '';
          for (let i = 0; i < count; i++) {
            text += `${batch.rowNos[i]}\t${copyField(batch.keys[i]!)}\t${copyField(batch.cells[i] ?? null)}`;
            for (let j = i * batch.width; j < (i + 1) * batch.width; j++) text += '\t' + copyField(batch.values[j] ?? null);
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
    },
    { flushLater: true },
  );
}

/**
 * Every normalised email of the other kind of person than `entity` (`users` → customers), or null
 * when there are more than `limit`: a batch then asks the database (findOtherKind).
 */
export async function otherKindEmails(runner: SqlRunner, entity: 'users' | 'customers', limit: number): Promise<Set<string> | null> {
  const rows = await runner.all<{ k: string }>(`SELECT lower(email) AS k FROM people WHERE kind = ? LIMIT ?`, [
    entity === 'users' ? 'customer' : 'user',
    limit + 1,
  ]);
  return rows.length > limit ? null : new Set(rows.map((r) => r.k));
}

/** The normalised emails of every person after `afterKey`, in key order, a page at a time (see NewKeys). */
export async function peopleKeys(runner: SqlRunner, afterKey: string, limit: number): Promise<string[]> {
  const rows = await runner.all<{ k: string }>(
    `SELECT lower(email) AS k FROM people WHERE lower(email) > ? ORDER BY lower(email) LIMIT ?`,
    [afterKey, limit],
  );
  return rows.map((r) => r.k);
}

/** Of `keys` (normalised emails), those some person has, of either kind. One query, not one per key. */
export async function existingPeopleKeys(runner: SqlRunner, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows =
    runner.dialect === 'sqlite'
      ? await runner.all<{ k: string }>(`SELECT lower(email) AS k FROM people WHERE lower(email) IN (SELECT value FROM json_each(?))`, [
          JSON.stringify(keys),
        ])
      : await runner.all<{ k: string }>(`SELECT lower(email) AS k FROM people WHERE lower(email) = ANY(?::text[])`, [keys]);
  return new Set(rows.map((r) => r.k));
}

/**
 * Of `keys` (normalised emails), those that belong to the other kind of person, with that kind:
 * one email is a user or a customer, never both. One query per batch, not per row.
 */
export async function findOtherKind(
  runner: SqlRunner,
  entity: 'users' | 'customers',
  keys: readonly string[],
): Promise<Map<string, 'user' | 'customer'>> {
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
 * Marks in-file duplicates among the staged rows in `row_no` range (from, to]: a row whose key an
 * earlier row already has gets `dup_of` = that row, an issue naming both rows, and its original
 * cells in the rejected rows. Only rows the Bloom filter flagged (they kept their cells) can be
 * duplicates, so a range without flagged rows costs one count over its primary-key range;
 * otherwise one scan of the range and a lookup of the flagged keys among the merged rows' keys
 * (keysTable, and the people the import created, by email: every row before `from` has been
 * merged, or `from` is 0). A row's first occurrence
 * is always at or before it, so a range can be marked as soon as it is staged, before the rest of
 * the file is read (the commit marks each merge range inside its transaction). Why the keys table
 * rather than the stage: finding earlier occurrences in the stage meant scanning every row staged
 * so far, at every merge with a flagged row; at 5M rows, where the Bloom filter flags one row in
 * ~250, that was every merge, and the import slowed from ~26k to 15k rows/s. Idempotent: rows
 * already marked are left alone. Returns how many rows it marked; the caller adds them to the
 * import's duplicates in the same transaction. Call inside a transaction.
 */
export async function markDuplicatesIn(runner: SqlRunner, spec: StageSpec, from: number, to: number): Promise<number> {
  const key = spec.keyColumn;
  const table = stageTable(spec);
  const d = dialectSql(runner.dialect);
  const range = `row_no > ${Math.trunc(from)} AND row_no <= ${Math.trunc(to)}`;
  const candidates = `row_cells IS NOT NULL AND dup_of IS NULL AND ${range}`;
  const flagged = await runner.all<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${candidates}`);
  if (Number(flagged[0]?.n ?? 0) === 0) return 0;
  const firsts = `import_firsts_${spec.importId}`;
  if (runner.dialect === 'sqlite') await runner.run(`DROP TABLE IF EXISTS temp.${firsts}`);
  // People the import created remember their row (see rememberKeys); organizations' keys are all in the keys table.
  const people = spec.entity !== 'organizations';
  const created = people
    ? `LEFT JOIN people c ON lower(c.email) = ${d.bare('r.row_key')} AND c.created_import_id = ${Math.trunc(spec.importId)}`
    : '';
  await runner.run(
    d.tempTable(
      firsts,
      `SELECT r.row_key, coalesce(k.first_row, ${people ? 'c.import_row, ' : ''}r.first_row) AS first_row FROM (
         SELECT row_key, min(row_no) AS first_row FROM ${table} WHERE ${range} AND row_key IN (SELECT row_key FROM ${table} WHERE ${candidates}) GROUP BY row_key
       ) r LEFT JOIN ${keysTable(spec)} k ON k.row_key = r.row_key ${created}`,
    ),
  );
  await runner.run(`CREATE INDEX ${firsts}_key ON ${firsts} (row_key)`);
  const duplicate = `FROM ${table} s JOIN ${firsts} f ON f.row_key = s.row_key WHERE s.row_cells IS NOT NULL AND s.dup_of IS NULL AND s.row_no > ${Math.trunc(from)} AND s.row_no <= ${Math.trunc(to)} AND s.row_no > f.first_row`;
  const what = spec.entity === 'organizations' ? 'organization name' : 'email';
  await runner.run(
    `INSERT INTO import_issues (import_id, row, column_name, value, code, message)
     SELECT ?, s.row_no, ?, ${d.jsonIndex('s.row_cells', key.cellIndex)}, 'duplicate',
       'Row ' || s.row_no || ', column "' || CAST(? AS TEXT) || '": row ' || s.row_no || ' repeats the ${what} ' || s.row_key || ' of row ' || f.first_row || ' (the same ${what} once normalised); only row ' || f.first_row || ' is imported.'
     ${duplicate} ORDER BY s.row_no`,
    [spec.importId, key.header, key.header],
  );
  await runner.run(
    `INSERT INTO import_rejected_rows (import_id, row, reason, cells) SELECT ?, s.row_no, 'duplicate', s.row_cells ${duplicate} ON CONFLICT DO NOTHING`,
    [spec.importId],
  );
  const marked = await runner.run(
    `UPDATE ${table} SET dup_of = f.first_row FROM ${firsts} f WHERE f.row_key = ${table}.row_key AND ${table}.row_cells IS NOT NULL AND ${table}.dup_of IS NULL AND ${table}.row_no > ${Math.trunc(from)} AND ${table}.row_no <= ${Math.trunc(to)} AND ${table}.row_no > f.first_row`,
  );
  if (runner.dialect === 'sqlite') await runner.run(`DROP TABLE temp.${firsts}`);
  return marked;
}

/** Marks the duplicates of every staged row, in one transaction (the dry run and all-or-nothing plan the whole file). */
export async function markDuplicates(runner: SqlRunner, spec: StageSpec): Promise<number> {
  return runner.transaction(async () => {
    const marked = await markDuplicatesIn(runner, spec, 0, Number.MAX_SAFE_INTEGER);
    await runner.run(`UPDATE imports SET duplicates = duplicates + ?, heartbeat_at = ? WHERE id = ?`, [marked, now(), spec.importId]);
    return marked;
  });
}
