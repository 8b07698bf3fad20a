import { now } from '../repositories/now.js';
import type { ImportIssue } from '../../import/types.js';
import type { SqlRunner } from './sql-runner.js';
import { checkSpec, stageTable, type StageSpec } from './stage-spec.js';

/**
 * The writes of a correction to a kept dry run: its staged, rejected and issue rows, its counts
 * and the correction itself. Only the import's own tables change: no record is written until
 * the dry run is committed. Call inside one transaction (see correctCell).
 */

/**
 * Marks the kept dry run as touched, but only if it still is one: a commit that read it before
 * then fails to claim it (claimImport matches the heartbeat), and a correction after a commit
 * claimed it changes nothing. Returns false when it is no longer a kept dry run.
 */
export async function touchKeptDryRun(runner: SqlRunner, importId: number): Promise<boolean> {
  const changed = await runner.run(`UPDATE imports SET heartbeat_at = ? WHERE id = ? AND status = 'dry-run' AND phase = 'merging'`, [
    now(),
    importId,
  ]);
  return changed === 1;
}

/**
 * An index of the stage's keys, made at the first correction: a corrected row's duplicates are
 * found by key. The stage has none while it is written (it would cost every batch; see
 * markDuplicatesIn), and it goes with the stage.
 */
export async function indexStageKeys(runner: SqlRunner, spec: StageSpec): Promise<void> {
  const table = stageTable(spec);
  await runner.run(`CREATE INDEX IF NOT EXISTS ${table}_key ON ${table} (row_key)`);
}

/** The staged row `row`, every column, or undefined. */
export async function stagedRow(runner: SqlRunner, spec: StageSpec, row: number): Promise<Record<string, unknown> | undefined> {
  const [found] = await runner.all<Record<string, unknown>>(`SELECT * FROM ${stageTable(spec)} WHERE row_no = ?`, [row]);
  return found;
}

/** The rejected row `row` (failed or duplicate) with its cells, or undefined. */
export async function rejectedRow(
  runner: SqlRunner,
  importId: number,
  row: number,
): Promise<{ reason: string; cells: string[] } | undefined> {
  const [found] = await runner.all<{ reason: string; cells: string }>(
    `SELECT reason, cells FROM import_rejected_rows WHERE import_id = ? AND row = ?`,
    [importId, row],
  );
  return found && { reason: found.reason, cells: JSON.parse(found.cells) as string[] };
}

/** The codes of the problems of row `row`. */
export async function issueCodesOf(runner: SqlRunner, importId: number, row: number): Promise<string[]> {
  const found = await runner.all<{ code: string }>(`SELECT code FROM import_issues WHERE import_id = ? AND row = ?`, [importId, row]);
  return found.map((f) => f.code);
}

/** Staged rows with this key, in row order. */
export async function rowsWithKey(runner: SqlRunner, spec: StageSpec, key: string): Promise<Record<string, unknown>[]> {
  return runner.all(`SELECT * FROM ${stageTable(spec)} WHERE row_key = ? AND row_no > 0 ORDER BY row_no`, [key]);
}

/** Forgets what the import knows of row `row`: its staged row, its rejection and its problems. */
export async function forgetRow(runner: SqlRunner, spec: StageSpec, row: number): Promise<void> {
  await runner.run(`DELETE FROM ${stageTable(spec)} WHERE row_no = ?`, [row]);
  await runner.run(`DELETE FROM import_rejected_rows WHERE import_id = ? AND row = ?`, [spec.importId, row]);
  await runner.run(`DELETE FROM import_issues WHERE import_id = ? AND row = ?`, [spec.importId, row]);
}

/** Stages one valid row (values aligned with `spec.columns`), keeping its cells. */
export async function stageRow(
  runner: SqlRunner,
  spec: StageSpec,
  row: { row: number; key: string; cells: readonly string[]; values: readonly (string | null)[] },
): Promise<void> {
  checkSpec(spec);
  const names = ['row_no', 'row_key', 'row_cells', ...spec.columns.map((c) => c.name)];
  await runner.run(`INSERT INTO ${stageTable(spec)} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`, [
    row.row,
    row.key,
    JSON.stringify(row.cells),
    ...row.values,
  ]);
}

/** Records a failed row with its cells and problems. */
export async function rejectRow(runner: SqlRunner, importId: number, row: number, reason: string, cells: readonly string[]): Promise<void> {
  await runner.run(`INSERT INTO import_rejected_rows (import_id, row, reason, cells) VALUES (?, ?, ?, ?)`, [
    importId,
    row,
    reason,
    JSON.stringify(cells),
  ]);
}

export async function addIssues(runner: SqlRunner, importId: number, issues: readonly ImportIssue[]): Promise<void> {
  for (const x of issues) {
    await runner.run(`INSERT INTO import_issues (import_id, row, column_name, value, code, message) VALUES (?, ?, ?, ?, ?, ?)`, [
      importId,
      x.row,
      x.column,
      x.value,
      x.code,
      x.message,
    ]);
  }
}

/** Makes staged row `row` the first of its key (null) or a duplicate of `of`, with its rejection and problem. */
export async function setDuplicate(
  runner: SqlRunner,
  spec: StageSpec,
  row: number,
  of: { first: number; cells: readonly string[]; issue: ImportIssue } | null,
): Promise<void> {
  await runner.run(`UPDATE ${stageTable(spec)} SET dup_of = ? WHERE row_no = ?`, [of?.first ?? null, row]);
  await runner.run(`DELETE FROM import_rejected_rows WHERE import_id = ? AND row = ? AND reason = 'duplicate'`, [spec.importId, row]);
  await runner.run(`DELETE FROM import_issues WHERE import_id = ? AND row = ? AND code = 'duplicate'`, [spec.importId, row]);
  if (of) {
    await rejectRow(runner, spec.importId, row, 'duplicate', of.cells);
    await addIssues(runner, spec.importId, [of.issue]);
  }
}

/** Adds `delta` to the import's counts. */
export async function addCounts(
  runner: SqlRunner,
  importId: number,
  delta: { created: number; updated: number; unchanged: number; skipped: number; duplicates: number; failed: number },
): Promise<void> {
  await runner.run(
    `UPDATE imports SET created = created + ?, updated = updated + ?, unchanged = unchanged + ?, skipped = skipped + ?, duplicates = duplicates + ?, failed = failed + ?,
       rows = created + updated + unchanged + skipped + duplicates + failed + ? WHERE id = ?`,
    [
      delta.created,
      delta.updated,
      delta.unchanged,
      delta.skipped,
      delta.duplicates,
      delta.failed,
      delta.created + delta.updated + delta.unchanged + delta.skipped + delta.duplicates + delta.failed,
      importId,
    ],
  );
}

/** The correction of one cell, if any. */
export async function correctionOf(
  runner: SqlRunner,
  importId: number,
  row: number,
  column: string,
): Promise<{ original: string; value: string } | undefined> {
  const [found] = await runner.all<{ original: string; value: string }>(
    `SELECT original, value FROM import_corrections WHERE import_id = ? AND row = ? AND column_name = ?`,
    [importId, row, column],
  );
  return found;
}

/** Keeps (or replaces) the correction of one cell; the original stays the file's value. */
export async function saveCorrection(
  runner: SqlRunner,
  c: { importId: number; row: number; column: string; original: string; value: string; actor: string | null },
): Promise<void> {
  await runner.run(`DELETE FROM import_corrections WHERE import_id = ? AND row = ? AND column_name = ?`, [c.importId, c.row, c.column]);
  await runner.run(
    `INSERT INTO import_corrections (import_id, row, column_name, original, value, corrected_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [c.importId, c.row, c.column, c.original, c.value, now(), c.actor],
  );
}

export async function deleteCorrection(runner: SqlRunner, importId: number, row: number, column: string): Promise<void> {
  await runner.run(`DELETE FROM import_corrections WHERE import_id = ? AND row = ? AND column_name = ?`, [importId, row, column]);
}
