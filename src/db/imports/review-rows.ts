import { classifySelect } from './classify-sql.js';
import type { ImportIssue, IssueCode } from '../../import/types.js';
import type { SqlRunner } from './sql-runner.js';
import { dialectSql, stageTable, type StageSpec } from './stage-spec.js';

/**
 * What the check-over step of a kept dry run reads, a page at a time: its problems (through the
 * issue indexes of migration 006), its rows as the plan sees them now, and the organizations its
 * customers name. Nothing here reads more than a page of rows into memory; the totals of the
 * rows come from the import's counts, which the dry run and every correction keep.
 */

/** What will happen to a row; `conflict` (the email was taken by the other kind since) shows as failed. */
export type PlannedAction = 'create' | 'update' | 'unchanged' | 'skip' | 'duplicate' | 'failed';

const ALL = Number.MAX_SAFE_INTEGER;

/** A filter on the problems of an import: a header (null: whole-row problems) and a code. */
export interface IssueFilter {
  column?: string | null;
  code?: string;
}

function issueWhere(importId: number, filter: IssueFilter): { where: string; params: unknown[] } {
  const parts = ['import_id = ?'];
  const params: unknown[] = [importId];
  if (filter.column === null) parts.push('column_name IS NULL');
  else if (filter.column !== undefined) {
    parts.push('column_name = ?');
    params.push(filter.column);
  }
  if (filter.code !== undefined) {
    parts.push('code = ?');
    params.push(filter.code);
  }
  return { where: parts.join(' AND '), params };
}

/** One page of an import's problems in row order, with how many match the filter. */
export async function issuesPage(
  runner: SqlRunner,
  importId: number,
  filter: IssueFilter,
  page: { offset: number; limit: number },
): Promise<{ items: ImportIssue[]; total: number }> {
  const { where, params } = issueWhere(importId, filter);
  const items = await runner.all<{ row: number; column_name: string | null; value: string | null; code: IssueCode; message: string }>(
    `SELECT row, column_name, value, code, message FROM import_issues WHERE ${where} ORDER BY row, id LIMIT ? OFFSET ?`,
    [...params, page.limit, page.offset],
  );
  const [count] = await runner.all<{ n: number }>(`SELECT count(*) AS n FROM import_issues WHERE ${where}`, params);
  return {
    items: items.map((r) => ({ row: Number(r.row), column: r.column_name, value: r.value, code: r.code, message: r.message })),
    total: Number(count?.n ?? 0),
  };
}

/** How many problems each column and each code has (the indexes of migration 006 answer both). */
export async function issueFacets(
  runner: SqlRunner,
  importId: number,
): Promise<{ columns: { column: string | null; count: number }[]; codes: { code: string; count: number }[] }> {
  const columns = await runner.all<{ column_name: string | null; n: number }>(
    `SELECT column_name, count(*) AS n FROM import_issues WHERE import_id = ? GROUP BY column_name ORDER BY count(*) DESC, column_name`,
    [importId],
  );
  const codes = await runner.all<{ code: string; n: number }>(
    `SELECT code, count(*) AS n FROM import_issues WHERE import_id = ? GROUP BY code ORDER BY count(*) DESC, code`,
    [importId],
  );
  return {
    columns: columns.map((c) => ({ column: c.column_name, count: Number(c.n) })),
    codes: codes.map((c) => ({ code: c.code, count: Number(c.n) })),
  };
}

/** Which rows a page of the planned rows holds. */
export interface RowFilter {
  action?: PlannedAction;
  /** Only rows with problems: the failed and duplicate ones. */
  problemsOnly?: boolean;
}

/**
 * The spreadsheet row numbers of one page of a kept dry run's rows, in row order: staged rows
 * (valid and duplicate) and failed rows. A filter on create, update, unchanged or skip plans the
 * stage from its first row (the plan is not stored: it is the one the commit will make against
 * the records as they are now), stopping once the page is full.
 */
export async function plannedRowNumbers(
  runner: SqlRunner,
  spec: StageSpec,
  filter: RowFilter,
  page: { offset: number; limit: number },
): Promise<number[]> {
  const stage = stageTable(spec);
  const id = Math.trunc(spec.importId);
  const rejected = (reasons: string) => `SELECT row AS r FROM import_rejected_rows WHERE import_id = ${id} AND reason IN (${reasons})`;
  let text: string;
  const action = filter.action;
  if (filter.problemsOnly) {
    if (action && action !== 'failed' && action !== 'duplicate') return [];
    text = rejected(action ? `'${action}'` : `'failed', 'duplicate'`);
  } else if (action === 'failed') text = rejected(`'failed'`);
  else if (action === 'duplicate') text = `SELECT row_no AS r FROM ${stage} WHERE row_no > 0 AND dup_of IS NOT NULL`;
  else if (action) {
    text = `SELECT row_no AS r FROM (${classifySelect(spec, runner.dialect, 0, ALL)}) p WHERE p.action = '${action}'`;
  } else text = `SELECT row_no AS r FROM ${stage} WHERE row_no > 0 UNION ALL ${rejected(`'failed'`)}`;
  const rows = await runner.all<{ r: number }>(`SELECT r FROM (${text}) x ORDER BY r LIMIT ? OFFSET ?`, [page.limit, page.offset]);
  return rows.map((r) => Number(r.r));
}

/** A staged row with its plan: the stage's columns, `target_id` and `action` (null for a duplicate). */
export type StagedRow = Record<string, string | number | null> & {
  row_no: number;
  row_key: string;
  row_cells: string | null;
  dup_of: number | null;
  target_id: number | null;
  action: string | null;
};

function inList(rows: readonly number[]): string {
  return rows.map((r) => String(Math.trunc(r))).join(', ');
}

/** The staged rows among `rows`, each with what the plan does with it now. */
export async function stagedRows(runner: SqlRunner, spec: StageSpec, rows: readonly number[]): Promise<StagedRow[]> {
  if (rows.length === 0) return [];
  const from = Math.min(...rows) - 1;
  const to = Math.max(...rows);
  const planned = await runner.all<StagedRow>(
    `SELECT * FROM (${classifySelect(spec, runner.dialect, from, to)}) p WHERE p.row_no IN (${inList(rows)})`,
  );
  const duplicates = await runner.all<StagedRow>(
    `SELECT s.*, NULL AS target_id, NULL AS action FROM ${stageTable(spec)} s WHERE s.row_no IN (${inList(rows)}) AND s.dup_of IS NOT NULL`,
  );
  return [...planned, ...duplicates].map((r) => ({
    ...r,
    row_no: Number(r.row_no),
    target_id: r.target_id === null ? null : Number(r.target_id),
  }));
}

/** Failed and duplicate rows among `rows` with their cells (as written, or as corrected). */
export async function rejectedRows(
  runner: SqlRunner,
  importId: number,
  rows: readonly number[],
): Promise<{ row: number; reason: string; cells: string[] }[]> {
  if (rows.length === 0) return [];
  const found = await runner.all<{ row: number; reason: string; cells: string }>(
    `SELECT row, reason, cells FROM import_rejected_rows WHERE import_id = ? AND row IN (${inList(rows)})`,
    [importId],
  );
  return found.map((r) => ({ row: Number(r.row), reason: r.reason, cells: JSON.parse(r.cells) as string[] }));
}

/** The problems of `rows`, in row order. */
export async function issuesOfRows(runner: SqlRunner, importId: number, rows: readonly number[]): Promise<ImportIssue[]> {
  if (rows.length === 0) return [];
  const found = await runner.all<{ row: number; column_name: string | null; value: string | null; code: IssueCode; message: string }>(
    `SELECT row, column_name, value, code, message FROM import_issues WHERE import_id = ? AND row IN (${inList(rows)}) ORDER BY row, id`,
    [importId],
  );
  return found.map((r) => ({ row: Number(r.row), column: r.column_name, value: r.value, code: r.code, message: r.message }));
}

export interface CorrectionRow {
  row: number;
  column: string;
  original: string;
  value: string;
  correctedAt: string;
  actor: string | null;
}

/** The corrections of `rows` (every row when `rows` is null, a page at a time), in row order. */
export async function correctionsOf(
  runner: SqlRunner,
  importId: number,
  rows: readonly number[] | null,
  page: { offset: number; limit: number } = { offset: 0, limit: ALL },
): Promise<CorrectionRow[]> {
  if (rows !== null && rows.length === 0) return [];
  const only = rows === null ? '' : `AND row IN (${inList(rows)})`;
  const found = await runner.all<{
    row: number;
    column_name: string;
    original: string;
    value: string;
    corrected_at: string;
    actor: string | null;
  }>(
    `SELECT row, column_name, original, value, corrected_at, actor FROM import_corrections WHERE import_id = ? ${only} ORDER BY row, column_name LIMIT ? OFFSET ?`,
    [importId, Math.min(page.limit, 1_000_000_000), page.offset],
  );
  return found.map((c) => ({
    row: Number(c.row),
    column: c.column_name,
    original: c.original,
    value: c.value,
    correctedAt: c.corrected_at,
    actor: c.actor,
  }));
}

export async function countCorrections(runner: SqlRunner, importId: number): Promise<number> {
  const [count] = await runner.all<{ n: number }>(`SELECT count(*) AS n FROM import_corrections WHERE import_id = ?`, [importId]);
  return Number(count?.n ?? 0);
}

/**
 * The current values of the records that `targets` (their ids) update, for a before → after:
 * people with their organization's name as `org_name`, organizations with their domains as
 * `domain_list`.
 */
export async function targetRecords(
  runner: SqlRunner,
  spec: StageSpec,
  targets: readonly number[],
): Promise<Map<number, Record<string, unknown>>> {
  if (targets.length === 0) return new Map();
  const d = dialectSql(runner.dialect);
  const text =
    spec.entity === 'organizations'
      ? `SELECT p.*, ${d.domainsOf('p.id')} AS domain_list FROM organizations p WHERE p.id IN (${inList(targets)})`
      : `SELECT p.*, o.name AS org_name FROM people p LEFT JOIN organizations o ON o.id = p.organization_id WHERE p.id IN (${inList(targets)})`;
  const found = await runner.all<Record<string, unknown> & { id: number }>(text);
  return new Map(found.map((r) => [Number(r.id), r]));
}

/**
 * The organizations a kept customers dry run names in its Organization column, grouped by name
 * case aside, over the rows it will create or update: each with how many such rows name it and
 * the existing organization of that name, if any. One page in name order, and the totals.
 */
export async function plannedOrganizations(
  runner: SqlRunner,
  spec: StageSpec,
  page: { offset: number; limit: number },
): Promise<{ items: { name: string; id: number | null; people: number }[]; total: number; toCreate: number }> {
  if (spec.entity !== 'customers' || !spec.columns.some((c) => c.role === 'organization')) return { items: [], total: 0, toCreate: 0 };
  const grouped = `SELECT g.name, g.lname, g.people, o.id FROM (
      SELECT min(p.org_name) AS name, lower(p.org_name) AS lname, count(*) AS people
      FROM (${classifySelect(spec, runner.dialect, 0, ALL)}) p
      WHERE p.org_name IS NOT NULL AND p.action IN ('create', 'update') GROUP BY lower(p.org_name)
    ) g LEFT JOIN organizations o ON lower(o.name) = g.lname`;
  const items = await runner.all<{ name: string; id: number | null; people: number }>(
    `SELECT name, id, people FROM (${grouped}) x ORDER BY lname LIMIT ? OFFSET ?`,
    [page.limit, page.offset],
  );
  const [totals] = await runner.all<{ n: number; created: number }>(
    `SELECT count(*) AS n, count(CASE WHEN id IS NULL THEN 1 END) AS created FROM (${grouped}) x`,
  );
  return {
    items: items.map((i) => ({ name: i.name, id: i.id === null ? null : Number(i.id), people: Number(i.people) })),
    total: Number(totals?.n ?? 0),
    toCreate: Number(totals?.created ?? 0),
  };
}
