import { duplicateSentence, keyNameOf } from '../../core/import-sentences.js';
import { now } from '../repositories/now.js';
import { insertIssuesByPage } from './issue-rows.js';
import type { SqlRunner } from './sql-runner.js';
import { dialectSql, isPeopleSpec, keysTable, stageTable, type StageSpec } from './stage-spec.js';

/**
 * Marks in-file duplicates among the staged rows in `row_no` range (from, to]: a row whose key an
 * earlier row already has gets `dup_of` = that row, an issue naming both rows, and its original
 * cells in the rejected rows. Only rows the Bloom filter flagged (they kept their cells) can be
 * duplicates, so a range without flagged rows costs one count over its primary-key range;
 * otherwise one scan of the range and a lookup of the flagged keys among the merged rows' keys
 * (keysTable, and the people the import created, by email: every row before `from` has been
 * merged, or `from` is 0). A row's first occurrence is always at or before it, so a range can be
 * marked as soon as it is staged, before the rest of the file is read (the commit marks each
 * merge range inside its transaction). Why the keys table rather than the stage: finding earlier
 * occurrences in the stage meant scanning every row staged so far, at every merge with a flagged
 * row, which on a large file was nearly every merge and slowed the whole import down.
 * Idempotent: rows already marked are left alone. Returns how many rows it marked; the caller
 * adds them to the import's duplicates in the same transaction. Call inside a transaction.
 */
export async function markDuplicatesIn(runner: SqlRunner, spec: StageSpec, from: number, to: number): Promise<number> {
  const table = stageTable(spec);
  const range = `row_no > ${Math.trunc(from)} AND row_no <= ${Math.trunc(to)}`;
  const candidates = `row_cells IS NOT NULL AND dup_of IS NULL AND ${range}`;
  const flagged = await runner.all<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${candidates}`);
  if (Number(flagged[0]?.n ?? 0) === 0) return 0;
  const firsts = await createFirstsTable(runner, spec, range, candidates);
  const duplicate = `FROM ${table} s JOIN ${firsts} f ON f.row_key = s.row_key WHERE s.row_cells IS NOT NULL AND s.dup_of IS NULL AND s.row_no > ${Math.trunc(from)} AND s.row_no <= ${Math.trunc(to)} AND s.row_no > f.first_row`;
  await reportDuplicates(runner, spec, duplicate);
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

/**
 * A temp table of the flagged keys of the range with the row that first had each: a merged row
 * (keysTable), a person the import created (who remembers its row; see rememberKeys), else the
 * range's own first row with that key. Returns its name.
 */
async function createFirstsTable(runner: SqlRunner, spec: StageSpec, range: string, candidates: string): Promise<string> {
  const d = dialectSql(runner.dialect);
  const table = stageTable(spec);
  const firsts = `import_firsts_${spec.importId}`;
  if (runner.dialect === 'sqlite') await runner.run(`DROP TABLE IF EXISTS temp.${firsts}`);
  // Organizations' keys are all in the keys table.
  const people = isPeopleSpec(spec);
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
  return firsts;
}

/** Inserts the issue of each duplicate row (`duplicate`: their FROM … WHERE), in row order, quoting the key's cell as written. */
async function reportDuplicates(runner: SqlRunner, spec: StageSpec, duplicate: string): Promise<void> {
  const { header, cellIndex } = spec.keyColumn;
  const keyName = keyNameOf(spec.entity);
  const cell = dialectSql(runner.dialect).jsonIndex('s.row_cells', cellIndex);
  await insertIssuesByPage(runner, spec.importId, async (afterRow, limit) => {
    const rows = await runner.all<{ row_no: number; row_key: string; first_row: number; cell: string | null }>(
      `SELECT s.row_no, s.row_key, f.first_row, ${cell} AS cell ${duplicate} AND s.row_no > ? ORDER BY s.row_no LIMIT ?`,
      [afterRow, limit],
    );
    return rows.map((r) => {
      const row = Number(r.row_no);
      return {
        row,
        column: header,
        value: r.cell,
        code: 'duplicate' as const,
        message: duplicateSentence(row, header, r.row_key, Number(r.first_row), keyName),
      };
    });
  });
}

/** Marks the duplicates of every staged row, in one transaction (the dry run and all-or-nothing plan the whole file). */
export async function markDuplicates(runner: SqlRunner, spec: StageSpec): Promise<number> {
  return runner.transaction(async () => {
    const marked = await markDuplicatesIn(runner, spec, 0, Number.MAX_SAFE_INTEGER);
    await runner.run(`UPDATE imports SET duplicates = duplicates + ?, heartbeat_at = ? WHERE id = ?`, [marked, now(), spec.importId]);
    return marked;
  });
}
