import type { SqlRunner } from './sql-runner.js';
import { checkSpec, dialectSql, isPeopleSpec, keysTable, stageTable, type StageSpec } from './stage-spec.js';

/**
 * The stage table of an import and its keys table: created when the import opens, brought back
 * in line with the import's cursor after a crash, and dropped when the import is done with them.
 */

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
 * that empties PostgreSQL's unlogged stage, as the people do. An import that has merged rows but
 * no keys table yet gets it filled from its stage.
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
 * with `created_import_id`; see markDuplicatesIn), so a range of new people writes no keys at all.
 * Why: the keys were the third write of every row (stage, keys, person), and the keys table is
 * logged and indexed, which told most on PostgreSQL. Organizations keep theirs: their key is the
 * name lower-cased by JavaScript, which SQLite's `lower()` does not match beyond ASCII.
 */
export async function rememberKeys(runner: SqlRunner, spec: StageSpec, plan: string): Promise<void> {
  const created = isPeopleSpec(spec) ? `AND action <> 'create'` : '';
  // In key order, so that each merge walks the keys' B-tree once, as the people insert does.
  await runner.run(
    `INSERT INTO ${keysTable(spec)} (row_key, first_row) SELECT row_key, row_no FROM ${plan} p
     WHERE p.dup_of IS NULL ${created} ORDER BY row_key ON CONFLICT DO NOTHING`,
  );
}

/** Drops the stage table and the keys table of an import (those already gone are skipped). */
export async function dropStageTable(runner: SqlRunner, spec: Pick<StageSpec, 'importId'>): Promise<void> {
  await runner.run(`DROP TABLE IF EXISTS ${stageTable(spec)}`);
  await runner.run(`DROP TABLE IF EXISTS ${keysTable(spec)}`);
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
