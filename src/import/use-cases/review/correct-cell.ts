import { duplicateSentence, keyNameOf } from '../../../core/import-sentences.js';
import { RosterError } from '../../../core/errors.js';
import type { Database } from '../../../db/database.js';
import {
  addCounts,
  addIssues,
  correctionOf,
  deleteCorrection,
  forgetRow,
  indexStageKeys,
  issueCodesOf,
  rejectedRow,
  rejectRow,
  rowsWithKey,
  saveCorrection,
  setDuplicate,
  stagedRow,
  stageRow,
  touchKeptDryRun,
} from '../../../db/imports/corrections.js';
import { getImportRow } from '../../../db/imports/import-records.js';
import { countCorrections, rejectedRows, stagedRows } from '../../../db/imports/review-rows.js';
import { withRunner, type SqlRunner } from '../../../db/imports/sql-runner.js';
import { findDomainOwners, findOtherKind } from '../../../db/imports/key-lookups.js';
import { isPeopleEntity, type ImportCounts, type ImportIssue } from '../../types.js';
import { keyColumnOf } from '../../validate/row-layout.js';
import { otherKindIssue } from '../../validate/other-kind-issue.js';
import { validateRow } from '../../validate/validate-row.js';
import { keptDryRun, type KeptDryRun } from './kept-dry-run.js';
import { countsOf } from '../../report/import-report.js';
import { actionOf, COUNT_OF, describeRows, type PlannedAction, type PlannedRow } from './planned-rows.js';

/** What a correction answers: the row as the check-over shows it now, the import's counts and how many cells it has corrected. */
export interface CorrectionResult {
  row: PlannedRow;
  counts: ImportCounts;
  corrections: number;
}

export interface CellCorrection {
  /** The spreadsheet row (header = 1). */
  row: number;
  /** The header of a mapped column, as the report names it. */
  column: string;
  value: string;
  actor?: string | null;
}

/**
 * Corrects one cell of a kept dry run and checks its row again at once: the correction is kept
 * with the import (with the file's value), the row becomes valid, failed or a duplicate, the rows
 * that share its old or new email (organization name) are marked again, and the import's counts
 * follow. Nothing already stored changes: committing the dry run imports the corrected value.
 * Throws `not_found`, `import_state` (not a kept dry run) and `validation` (a row or column the
 * import does not have, or a row that could not be read).
 *
 * @example
 * const result = await correctCell(db, 12, { row: 4, column: 'Email', value: 'bob@example.com' });
 * // result.row.action → 'create', result.counts.failed → one less
 */
export async function correctCell(db: Database, id: number, correction: CellCorrection): Promise<CorrectionResult> {
  return recheck(db, id, correction.row, correction.column, { value: correction.value, actor: correction.actor ?? null });
}

/**
 * Takes back the correction of one cell: it gets the file's value again and its row is checked
 * again, as correctCell does. Throws `not_found` when the cell was not corrected.
 */
export async function revertCorrection(db: Database, id: number, cell: { row: number; column: string }): Promise<CorrectionResult> {
  return recheck(db, id, cell.row, cell.column, null);
}

async function recheck(
  db: Database,
  id: number,
  row: number,
  column: string,
  change: { value: string; actor: string | null } | null,
): Promise<CorrectionResult> {
  const kept = await keptDryRun(db, id);
  const { layout, spec } = kept;
  const target = layout.columns.find((c) => c.header === column && c.role !== 'e164');
  if (!target) {
    const mapped = layout.columns.filter((c) => c.role !== 'e164').map((c) => `"${c.header}"`);
    throw new RosterError(
      'validation',
      `"${column}" is not a mapped column of import ${id}; its mapped columns are ${mapped.join(', ')}.`,
      {
        field: 'column',
      },
    );
  }
  await withRunner(db, (runner) =>
    runner.transaction(async () => {
      if (!(await touchKeptDryRun(runner, id))) {
        throw new RosterError('import_state', `Import ${id} is no longer a kept dry run (it was committed or discarded meanwhile).`);
      }
      const cells = await cellsOf(runner, kept, row);
      if ((await issueCodesOf(runner, id, row)).includes('parse')) {
        throw new RosterError('validation', `Row ${row} could not be read as CSV; correct it in the file and upload the file again.`, {
          field: 'row',
        });
      }
      const saved = await correctionOf(runner, id, row, column);
      let value: string;
      if (change) {
        value = change.value;
        const original = saved?.original ?? cells[target.cellIndex] ?? '';
        if (value === original) await deleteCorrection(runner, id, row, column);
        else await saveCorrection(runner, { importId: id, row, column, original, value, actor: change.actor });
      } else {
        if (!saved) throw new RosterError('not_found', `Row ${row}, column "${column}" of import ${id} was not corrected.`);
        value = saved.original;
        await deleteCorrection(runner, id, row, column);
      }
      const next = [...cells];
      while (next.length <= target.cellIndex) next.push('');
      next[target.cellIndex] = value;
      await indexStageKeys(runner, spec);
      await applyCells(runner, kept, row, next);
    }),
  );
  const [described, corrections] = await withRunner(db, async (runner) =>
    Promise.all([describeRows(runner, kept, [row]), countCorrections(runner, id)]),
  );
  return { row: described[0]!, counts: countsOf(await getImportRow(db, id)), corrections };
}

/**
 * The row's cells as the import has them now (corrections included): a rejected row's as kept,
 * a staged row's as kept when it kept them, else rebuilt from its staged values (a valid row
 * whose key was not repeated keeps no cells; the unmapped cells are then empty).
 */
async function cellsOf(runner: SqlRunner, kept: KeptDryRun, row: number): Promise<string[]> {
  const rejected = await rejectedRow(runner, kept.spec.importId, row);
  if (rejected) return rejected.cells;
  const staged = await stagedRow(runner, kept.spec, row);
  if (!staged || row < 2) {
    throw new RosterError(
      'validation',
      `Import ${kept.spec.importId} has no row ${row}; its rows are numbered as the spreadsheet numbers them.`,
      {
        field: 'row',
      },
    );
  }
  if (typeof staged.row_cells === 'string') return JSON.parse(staged.row_cells) as string[];
  const headers = JSON.parse(kept.row.headers) as { index: number }[];
  const cells = headers.map(() => '');
  for (const c of kept.layout.columns) {
    if (c.role === 'e164') continue;
    // A staged column holds text or a number.
    const v = staged[c.name] as string | number | null | undefined;
    cells[c.cellIndex] = v === null || v === undefined ? '' : String(v);
  }
  return cells;
}

/** What each of `rows` is now: its action, or none for a row the import does not hold. */
async function actionsOf(runner: SqlRunner, kept: KeptDryRun, rows: readonly number[]): Promise<Map<number, PlannedAction>> {
  const actions = new Map<number, PlannedAction>();
  for (const r of await rejectedRows(runner, kept.spec.importId, rows)) if (r.reason === 'failed') actions.set(r.row, 'failed');
  for (const s of await stagedRows(runner, kept.spec, rows)) actions.set(s.row_no, actionOf(s));
  return actions;
}

/** Checks row `row` again with `cells`, and the rows sharing its old or new key; moves the counts with them. */
async function applyCells(runner: SqlRunner, kept: KeptDryRun, row: number, cells: string[]): Promise<void> {
  const { spec, layout } = kept;
  const id = spec.importId;
  const oldStage = await stagedRow(runner, spec, row);
  const oldKey = typeof oldStage?.row_key === 'string' ? oldStage.row_key : null;
  const result = validateRow(layout, row, cells, kept.defaultCountry ? { defaultCountry: kept.defaultCountry } : {});
  const issues: ImportIssue[] = [...result.issues];
  if (issues.length === 0 && result.key !== null) issues.push(...(await recordIssues(runner, kept, row, result.key, result.values)));
  const newKey = issues.length === 0 ? result.key : null;
  const keys = [...new Set([oldKey, newKey].filter((k): k is string => k !== null))];
  const affected = new Set([row]);
  for (const key of keys) for (const s of await rowsWithKey(runner, spec, key)) affected.add(Number(s.row_no));
  const before = await actionsOf(runner, kept, [...affected]);

  await forgetRow(runner, spec, row);
  if (newKey === null) {
    await rejectRow(runner, id, row, 'failed', cells);
    await addIssues(runner, id, issues);
  } else await stageRow(runner, spec, { row, key: newKey, cells, values: result.values });
  for (const key of keys) await markKey(runner, kept, key);

  const after = await actionsOf(runner, kept, [...affected]);
  const delta = { created: 0, updated: 0, unchanged: 0, skipped: 0, duplicates: 0, failed: 0 };
  for (const r of affected) {
    const was = before.get(r);
    const is = after.get(r);
    if (was) delta[COUNT_OF[was]] -= 1;
    if (is) delta[COUNT_OF[is]] += 1;
  }
  await addCounts(runner, id, delta);
}

/**
 * The checks of a valid row that need the database, as the staging makes them: an email of the
 * other kind of person, a domain another organization owns.
 */
async function recordIssues(
  runner: SqlRunner,
  kept: KeptDryRun,
  row: number,
  key: string,
  values: readonly (string | null)[],
): Promise<ImportIssue[]> {
  const { spec, layout } = kept;
  if (isPeopleEntity(spec.entity)) {
    const other = await findOtherKind(runner, spec.entity, [key]);
    const kind = other.get(key);
    return kind ? [otherKindIssue(row, keyColumnOf(layout).header, key, kind)] : [];
  }
  const index = layout.columns.findIndex((c) => c.role === 'domains');
  const list = index >= 0 ? values[index] : null;
  if (!list) return [];
  const owners = await findDomainOwners(runner, list.split(','));
  const header = layout.columns[index]!.header;
  return list
    .split(',')
    .filter((domain) => owners.has(domain) && owners.get(domain) !== key)
    .map((domain) => ({
      row,
      column: header,
      value: domain,
      code: 'domain_taken' as const,
      message: `Row ${row}, column "${header}": the domain ${domain} already belongs to the organization "${owners.get(domain)}".`,
    }));
}

/** Marks the staged rows of one key again: the first is imported, each later one is its duplicate (as markDuplicatesIn words it). */
async function markKey(runner: SqlRunner, kept: KeptDryRun, key: string): Promise<void> {
  const { spec, layout } = kept;
  const rows = await rowsWithKey(runner, spec, key);
  const first = rows[0];
  if (!first) return;
  const firstRow = Number(first.row_no);
  if (first.dup_of !== null) await setDuplicate(runner, spec, firstRow, null);
  const keyColumn = keyColumnOf(layout);
  const header = keyColumn.header;
  for (const s of rows.slice(1)) {
    const r = Number(s.row_no);
    if (s.dup_of !== null && Number(s.dup_of) === firstRow) continue;
    const cells = await cellsOf(runner, kept, r);
    await setDuplicate(runner, spec, r, {
      first: firstRow,
      cells,
      issue: {
        row: r,
        column: header,
        value: cells[keyColumn.cellIndex] ?? key,
        code: 'duplicate',
        message: duplicateSentence(r, header, key, firstRow, keyNameOf(spec.entity)),
      },
    });
  }
}
