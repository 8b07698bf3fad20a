import type { PlanCounts, RangeKeys } from '../../import/import-store.js';
export type { PlanCounts, RangeKeys };
import { otherKindSentence } from '../../core/import-sentences.js';
import { now } from '../repositories/now.js';
import { classifySelect } from './classify-sql.js';
import { markDuplicatesIn } from './duplicates.js';
import { insertIssuesByPage } from './issue-rows.js';
import { lastAdminRows } from './last-admin-rows.js';
import { mergeOrganizations } from './merge-organizations.js';
import { mergePeople } from './merge-people.js';
import { mergeTickets, refuseWrongLinks } from './merge-tickets.js';
import { LINK_PENDING_TICKETS_SQL } from '../repositories/pending-links.js';
import { isUniqueViolation, type SqlRunner } from './sql-runner.js';
import { dialectSql, isPeopleSpec, stageTable, type StageSpec } from './stage-spec.js';
import { rememberKeys } from './stage-table.js';

/**
 * The merge of a staged range into the directory: which of its rows create, update, leave alone
 * or fail, in one transaction with the import's counts and cursor. The writers themselves are in
 * merge-people.ts and merge-organizations.ts.
 */

const ACTION_COUNTS = { create: 'created', update: 'updated', unchanged: 'unchanged', skip: 'skipped', conflict: 'failed' } as const;

function toCounts(rows: { action: keyof typeof ACTION_COUNTS; n: number }[]): PlanCounts {
  const counts: PlanCounts = { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 };
  for (const r of rows) counts[ACTION_COUNTS[r.action]] += Number(r.n);
  return counts;
}

/** What committing the staged rows would do, counted without writing anything (the dry run). */
export async function planCounts(runner: SqlRunner, spec: StageSpec): Promise<PlanCounts> {
  const rows = await runner.all<{ action: keyof typeof ACTION_COUNTS; n: number }>(
    `SELECT action, count(*) AS n FROM (${classifySelect(spec, runner.dialect, 0, Number.MAX_SAFE_INTEGER)}) plan GROUP BY action`,
  );
  const counts = toCounts(rows);
  // Rows that would leave no admin fail at the merge (mergeChunk); counted here as the merge will.
  if (counts.updated > 0) {
    const plan = `(${classifySelect(spec, runner.dialect, 0, Number.MAX_SAFE_INTEGER)})`;
    const refused = (await lastAdminRows(runner, spec, plan)).length;
    counts.updated -= refused;
    counts.failed += refused;
  }
  return counts;
}

/**
 * Applies the staged rows in `row_no` range (from, to] in one transaction together with the
 * import's counts and cursor: the range's in-file duplicates marked, created records, updated
 * records (their replaced values saved in import_changes first, for undo) and, for customers, the
 * organizations they join. All set-based: a handful of statements per batch whatever its size,
 * inserts in email order for index locality.
 */
export async function mergeChunk(
  runner: SqlRunner,
  spec: StageSpec,
  from: number,
  to: number,
  keys: RangeKeys = 'unknown',
): Promise<PlanCounts> {
  const t = now();
  const id = spec.importId;
  return runner.transaction(
    async () => {
      const duplicates = await markDuplicatesIn(runner, spec, from, to);
      let counts = keys === 'new' ? await createOnlyUnlessTaken(runner, spec, from, to, t) : null;
      counts ??= await applyRange(runner, spec, from, to, t, keys === 'existing' ? null : await onlyNewKeys(runner, spec, from, to));
      await runner.run(
        // Last, so that the import's row is locked only for the end of the transaction: on
        // PostgreSQL the next batches are staged meanwhile, each updating this row too.
        `UPDATE imports SET created = created + ?, updated = updated + ?, unchanged = unchanged + ?, skipped = skipped + ?, failed = failed + ?, duplicates = duplicates + ?, rows_committed = ?, heartbeat_at = ? WHERE id = ?`,
        [counts.created, counts.updated, counts.unchanged, counts.skipped, counts.failed, duplicates, to, t, id],
      );
      return counts;
    },
    { flushLater: true },
  );
}

/**
 * Merges a range whose keys matched no record when it was staged as creates only, without probing
 * the email index first; or, if a key was taken since (a person created meanwhile: the unique
 * index refuses the insert), undoes that attempt and returns null for the full plan. Why: the probe
 * looked up every row's email, a cost the insert's own unique check makes again.
 */
async function createOnlyUnlessTaken(runner: SqlRunner, spec: StageSpec, from: number, to: number, t: string): Promise<PlanCounts | null> {
  const [range] = await runner.all<{ n: number }>(
    `SELECT count(*) AS n FROM ${stageTable(spec)} WHERE dup_of IS NULL AND row_no > ${Math.trunc(from)} AND row_no <= ${Math.trunc(to)}`,
  );
  await runner.run('SAVEPOINT create_only');
  try {
    const counts = await applyRange(runner, spec, from, to, t, Number(range?.n ?? 0));
    await runner.run('RELEASE create_only');
    return counts;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await runner.run('ROLLBACK TO create_only');
    await runner.run('RELEASE create_only');
    return null;
  }
}

/**
 * Writes range (from, to]: as creates only when `fresh` (its row count) says no key matches a
 * record, else through the plan table. Returns its counts.
 */
async function applyRange(
  runner: SqlRunner,
  spec: StageSpec,
  from: number,
  to: number,
  t: string,
  fresh: number | null,
): Promise<PlanCounts> {
  const d = dialectSql(runner.dialect);
  const chunk = `import_chunk_${spec.importId}`;
  const people = isPeopleSpec(spec);
  // A range whose keys match no record only creates (a first import, a new file of people):
  // its rows are read straight from the stage, without the plan table, whose copy of the
  // range is the costliest part of a merge on SQLite.
  let source = chunk;
  let counts: PlanCounts;
  if (fresh !== null) {
    source = createOnlyRange(spec, from, to);
    counts = { created: fresh, updated: 0, unchanged: 0, skipped: 0, failed: 0 };
  } else {
    if (runner.dialect === 'sqlite') await runner.run(`DROP TABLE IF EXISTS temp.${chunk}`);
    // The plan table is a copy of the chunk's staged rows in the temp database, not row_no and
    // action joined back to the stage: tried, the insert then read the stage through the main
    // page cache, competing with the indexes it fills: slower.
    await runner.run(d.tempTable(chunk, classifySelect(spec, runner.dialect, from, to)));
    counts = toCounts(await runner.all(`SELECT action, count(*) AS n FROM ${chunk} GROUP BY action`));
  }
  // A range of new people writes no keys: each person remembers its row (see rememberKeys).
  if (fresh === null || !people) await rememberKeys(runner, spec, source);

  // People: the email was free when the row was staged and taken by the other kind since.
  // Tickets: the row names a person of the wrong kind.
  if (counts.failed > 0)
    await (spec.entity === 'tickets' ? refuseWrongLinks(runner, spec, chunk) : refuseOtherKindRows(runner, spec, chunk));

  if (counts.updated > 0 && spec.entity === 'users') await refuseLastAdminRows(runner, spec, chunk, counts);

  if (people) {
    await mergePeople(runner, spec, source, t, counts);
    // Tickets imported before these people wait for them (see pending-links.ts).
    if (counts.created > 0) for (const statement of LINK_PENDING_TICKETS_SQL) await runner.run(statement);
  } else if (spec.entity === 'tickets') await mergeTickets(runner, spec, source, t, counts);
  else await mergeOrganizations(runner, spec, source, t, counts);
  if (runner.dialect === 'sqlite' && fresh === null) await runner.run(`DROP TABLE temp.${chunk}`);
  return counts;
}

/**
 * Fails the plan's conflicting rows (action `conflict`: an email of the other kind of person),
 * each with its problem, in the same words as when the reading or the staging finds it
 * (otherKindSentence), and its cells in the error report.
 */
async function refuseOtherKindRows(runner: SqlRunner, spec: StageSpec, chunk: string): Promise<void> {
  const header = spec.keyColumn.header;
  await insertIssuesByPage(runner, spec.importId, async (afterRow, limit) => {
    const rows = await runner.all<{ row_no: number; row_key: string; target_kind: 'user' | 'customer' }>(
      `SELECT row_no, row_key, target_kind FROM ${chunk} WHERE action = 'conflict' AND row_no > ? ORDER BY row_no LIMIT ?`,
      [afterRow, limit],
    );
    return rows.map((r) => {
      const row = Number(r.row_no);
      return {
        row,
        column: header,
        value: r.row_key,
        code: 'other_kind' as const,
        message: otherKindSentence(row, header, r.row_key, r.target_kind),
      };
    });
  });
  await runner.run(
    `INSERT INTO import_rejected_rows (import_id, row, reason, cells) SELECT ?, row_no, 'failed', coalesce(row_cells, '[]') FROM ${chunk} WHERE action = 'conflict' ON CONFLICT DO NOTHING`,
    [spec.importId],
  );
}

/**
 * Takes the rows that would leave no active admin out of the plan (action `last_admin`): each is
 * a failed row with its problem and its cells in the error report, as the API refuses the same change.
 */
async function refuseLastAdminRows(runner: SqlRunner, spec: StageSpec, chunk: string, counts: PlanCounts): Promise<void> {
  const refused = await lastAdminRows(runner, spec, chunk);
  if (refused.length === 0) return;
  const rows = refused.map((r) => r.row);
  const list = rows.map(() => '?').join(', ');
  await runner.run(`UPDATE ${chunk} SET action = 'last_admin' WHERE row_no IN (${list})`, rows);
  for (const r of refused) {
    await runner.run(`INSERT INTO import_issues (import_id, row, column_name, value, code, message) VALUES (?, ?, ?, ?, 'last_admin', ?)`, [
      spec.importId,
      r.row,
      r.column,
      r.value,
      r.message,
    ]);
  }
  await runner.run(
    `INSERT INTO import_rejected_rows (import_id, row, reason, cells) SELECT ?, row_no, 'failed', coalesce(row_cells, '[]') FROM ${chunk} WHERE action = 'last_admin' ON CONFLICT DO NOTHING`,
    [spec.importId],
  );
  counts.updated -= refused.length;
  counts.failed += refused.length;
}

/**
 * The number of rows to merge in range (from, to] when none of their keys matches an existing
 * record, else null (the range needs the full plan). One pass over the range, one index probe a
 * row: the probes the insert's unique check makes anyway, and they leave its pages in the cache.
 */
async function onlyNewKeys(runner: SqlRunner, spec: StageSpec, from: number, to: number): Promise<number | null> {
  if (spec.entity === 'tickets') return null;
  const d = dialectSql(runner.dialect);
  const matches =
    spec.entity === 'organizations'
      ? `EXISTS (SELECT 1 FROM organizations p WHERE lower(p.name) = lower(s.name))`
      : `EXISTS (SELECT 1 FROM people p WHERE lower(p.email) = ${d.bare('s.row_key')})`;
  const [probe] = await runner.all<{ n: number; matched: number }>(
    `SELECT count(*) AS n, count(CASE WHEN ${matches} THEN 1 END) AS matched FROM ${stageTable(spec)} s
     WHERE s.dup_of IS NULL AND s.row_no > ${Math.trunc(from)} AND s.row_no <= ${Math.trunc(to)}`,
  );
  return Number(probe?.matched ?? 0) === 0 ? Number(probe?.n ?? 0) : null;
}

/** The staged rows of a create-only range, shaped as the plan table's rows (see classifySelect). */
function createOnlyRange(spec: StageSpec, from: number, to: number): string {
  const kind = isPeopleSpec(spec) ? 'NULL AS target_kind, ' : '';
  return `(SELECT s.*, NULL AS target_id, ${kind}'create' AS action FROM ${stageTable(spec)} s
    WHERE s.dup_of IS NULL AND s.row_no > ${Math.trunc(from)} AND s.row_no <= ${Math.trunc(to)})`;
}
