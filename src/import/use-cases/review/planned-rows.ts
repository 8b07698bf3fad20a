import type { Database } from '../../../db/database.js';
import {
  correctionsOf,
  issuesOfRows,
  plannedRowNumbers,
  rejectedRows,
  stagedRows,
  targetRecords,
  type PlannedAction,
  type RowFilter,
  type StagedRow,
} from '../../../db/imports/review-rows.js';
import { withRunner, type SqlRunner } from '../../../db/imports/sql-runner.js';
import type { ImportCounts, ImportIssue } from '../../types.js';
import { otherKindIssue } from '../../validate/other-kind-issue.js';
import { keyColumnOf } from '../../validate/row-layout.js';
import { countsOf } from '../../report/import-report.js';
import { keptDryRun, type KeptDryRun } from './kept-dry-run.js';

export type { PlannedAction };

/** One row of a kept dry run as the check-over step shows it. */
export interface PlannedRow {
  /** The spreadsheet row (header = 1). */
  row: number;
  action: PlannedAction;
  /**
   * Property key → the value as it will be stored (an update keeps the current value where its
   * cell is empty, unless the import overwrites); a failed row's cells as written.
   */
  values: Record<string, string | null>;
  /** Updates only: property key → the current value, for every key the row changes. */
  before?: Record<string, string | null>;
  problems: ImportIssue[];
  /** Cells corrected in Roster: the header, the file's value and the corrected one. */
  corrections: { column: string; original: string; value: string }[];
}

export interface PlannedRowsPage {
  items: PlannedRow[];
  total: number;
  offset: number;
  limit: number;
}

/** The count of the import's report that each planned action adds to. */
export const COUNT_OF: Record<PlannedAction, keyof Omit<ImportCounts, 'rows'>> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  skip: 'skipped',
  duplicate: 'duplicates',
  failed: 'failed',
};

function totalOf(counts: ImportCounts, filter: RowFilter): number {
  if (filter.problemsOnly) {
    if (!filter.action) return counts.failed + counts.duplicates;
    return filter.action === 'failed' || filter.action === 'duplicate' ? counts[COUNT_OF[filter.action]] : 0;
  }
  return filter.action ? counts[COUNT_OF[filter.action]] : counts.rows;
}

/**
 * One page of a kept dry run's rows in row order, each with what the commit will do with it, its
 * values as they will be stored, the current values an update replaces, its problems and its
 * corrections. The plan is made now, against the records as they are (as the commit will make
 * it); `total` comes from the import's counts. Throws `not_found` and `import_state` (not a kept
 * dry run).
 *
 * @example
 * const page = await plannedRows(db, 12, { action: 'update' }, { offset: 0, limit: 50 });
 * // page.items[0] → { row: 7, action: 'update', values: { email: 'a@b.test', city: 'Lyon' }, before: { city: 'Paris' }, … }
 */
export async function plannedRows(
  db: Database,
  id: number,
  filter: RowFilter,
  page: { offset: number; limit: number },
): Promise<PlannedRowsPage> {
  const kept = await keptDryRun(db, id);
  const items = await withRunner(db, async (runner) => {
    const rows = await plannedRowNumbers(runner, kept.spec, filter, page);
    return describeRows(runner, kept, rows);
  });
  return { items, total: totalOf(countsOf(kept.row), filter), offset: page.offset, limit: page.limit };
}

/** What the planned-rows page says about each of `rows` (in that order; rows the import does not have are left out). */
export async function describeRows(runner: SqlRunner, kept: KeptDryRun, rows: readonly number[]): Promise<PlannedRow[]> {
  const { spec, layout } = kept;
  const staged = new Map((await stagedRows(runner, spec, rows)).map((r) => [r.row_no, r]));
  const rejected = new Map((await rejectedRows(runner, spec.importId, rows)).map((r) => [r.row, r]));
  const issues = await issuesOfRows(runner, spec.importId, rows);
  const corrections = await correctionsOf(runner, spec.importId, rows);
  const updates = [...staged.values()].filter((r) => r.action === 'update' && r.target_id !== null).map((r) => r.target_id!);
  const targets = await targetRecords(runner, spec, updates);
  const shown = layout.columns.filter((c) => c.role !== 'e164');
  const overwrite = spec.onExisting === 'overwrite';
  const result: PlannedRow[] = [];
  for (const row of rows) {
    const stage = staged.get(row);
    const failed = rejected.get(row);
    if (!stage && !failed) continue;
    const problems: ImportIssue[] = issues
      .filter((i) => i.row === row)
      .map((i) => ({ row: i.row, column: i.column, value: i.value, code: i.code, message: i.message }));
    const item: PlannedRow = {
      row,
      action: 'failed',
      values: {},
      problems,
      corrections: corrections.filter((c) => c.row === row).map((c) => ({ column: c.column, original: c.original, value: c.value })),
    };
    if (stage) {
      item.action = actionOf(stage);
      for (const c of shown) item.values[c.property.key] = textOf(stage[c.name]);
      if (stage.action === 'conflict') {
        const kind = stage.target_kind === 'user' ? 'user' : 'customer';
        item.problems.push(otherKindIssue(row, keyColumnOf(layout).header, stage.row_key, kind));
      }
      const target = stage.target_id === null ? undefined : targets.get(stage.target_id);
      if (item.action === 'update' && target) {
        const before: Record<string, string | null> = {};
        for (const c of shown) {
          const next = item.values[c.property.key] ?? null;
          const current = textOf(target[c.role === 'organization' ? 'org_name' : c.name]);
          if (next === null && !overwrite) {
            item.values[c.property.key] = current;
            continue;
          }
          const same = c.role === 'organization' ? next?.toLowerCase() === current?.toLowerCase() : next === current;
          if (!same && c.name !== 'email') before[c.property.key] = current;
        }
        item.before = before;
      }
    } else if (failed) {
      for (const c of shown) item.values[c.property.key] = failed.cells[c.cellIndex] ?? null;
    }
    result.push(item);
  }
  return result;
}

/** The action a staged row shows: duplicate, the plan's action, or failed for a conflict. */
export function actionOf(stage: Pick<StagedRow, 'dup_of' | 'action'>): PlannedAction {
  if (stage.dup_of !== null) return 'duplicate';
  switch (stage.action) {
    case 'create':
    case 'update':
    case 'unchanged':
    case 'skip':
      return stage.action;
    default:
      return 'failed';
  }
}

function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  // A staged column holds text or a number.
  const staged = value as string | number;
  return String(staged);
}
