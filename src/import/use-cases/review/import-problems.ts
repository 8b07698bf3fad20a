import type { Database } from '../../../db/database.js';
import { getImportRow } from '../../../db/imports/import-records.js';
import { issueFacets, issuesPage, type IssueFilter } from '../../../db/imports/review-rows.js';
import { withRunner } from '../../../db/imports/sql-runner.js';
import type { ImportIssue } from '../../types.js';

export interface ProblemsPage {
  items: ImportIssue[];
  total: number;
  offset: number;
  limit: number;
  /** Every problem of the import counted by column (null: problems of a whole row), unfiltered. */
  columns: { column: string | null; count: number }[];
  /** Every problem of the import counted by code, unfiltered. */
  codes: { code: string; count: number }[];
}

/**
 * One page of an import's row problems in row order, filtered by column and code, with the
 * counts per column and per code that the filters offer. Works for any import that ran (a dry
 * run, committed or not). Throws `not_found`.
 *
 * @example
 * const page = await importProblems(db, 12, { column: 'Email' }, { offset: 0, limit: 50 });
 * // page.total → 3, page.codes → [{ code: 'invalid_value', count: 5 }, { code: 'required', count: 1 }]
 */
export async function importProblems(
  db: Database,
  id: number,
  filter: IssueFilter,
  page: { offset: number; limit: number },
): Promise<ProblemsPage> {
  await getImportRow(db, id);
  return withRunner(db, async (runner) => {
    const { items, total } = await issuesPage(runner, id, filter, page);
    const facets = await issueFacets(runner, id);
    return { items, total, ...page, ...facets };
  });
}
