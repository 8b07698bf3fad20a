import type { ImportIssue } from '../../import/types.js';
import type { SqlRunner } from './sql-runner.js';

/** The problems of an import's rows: its issues, and its rejected rows with their original cells. */

/** Rows per multi-row INSERT (six parameters a row for issues, four for rejected rows: well under every limit). */
const ROWS_PER_INSERT = 500;

/** Inserts issues with multi-row statements. */
export async function insertIssues(runner: SqlRunner, importId: number, issues: readonly ImportIssue[]): Promise<void> {
  for (let i = 0; i < issues.length; i += ROWS_PER_INSERT) {
    const part = issues.slice(i, i + ROWS_PER_INSERT);
    await runner.run(
      `INSERT INTO import_issues (import_id, row, column_name, value, code, message) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      part.flatMap((x) => [importId, x.row, x.column, x.value, x.code, x.message]),
    );
  }
}

/** Issues per page of insertIssuesByPage: a page's rows and sentences stay a few megabytes at most. */
const ISSUES_PER_PAGE = 5_000;

/**
 * Inserts the issues that `page` finds (one per row, of the rows after `afterRow`, in row order, at
 * most `limit`), a page at a time, so that memory stays bounded however many rows have a problem.
 * A first page shorter than `limit` ends it: the common case costs one query.
 */
export async function insertIssuesByPage(
  runner: SqlRunner,
  importId: number,
  page: (afterRow: number, limit: number) => Promise<ImportIssue[]>,
): Promise<void> {
  for (let afterRow = 0; ;) {
    const issues = await page(afterRow, ISSUES_PER_PAGE);
    await insertIssues(runner, importId, issues);
    if (issues.length < ISSUES_PER_PAGE) return;
    afterRow = issues[issues.length - 1]!.row;
  }
}

/** Inserts rejected rows (`reason`: 'failed' or 'duplicate') with their cells; a row already rejected is left alone. */
export async function insertRejected(
  runner: SqlRunner,
  importId: number,
  reason: string,
  rows: readonly { row: number; cells: readonly string[] }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const part = rows.slice(i, i + ROWS_PER_INSERT);
    await runner.run(
      `INSERT INTO import_rejected_rows (import_id, row, reason, cells) VALUES ${part.map(() => '(?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
      part.flatMap((x) => [importId, x.row, reason, JSON.stringify(x.cells)]),
    );
  }
}

/** Rejected rows of an import with one reason ('failed' or 'duplicate'). */
export async function countRejected(runner: SqlRunner, importId: number, reason: string): Promise<number> {
  const [row] = await runner.all<{ n: number }>(`SELECT count(*) AS n FROM import_rejected_rows WHERE import_id = ? AND reason = ?`, [
    importId,
    reason,
  ]);
  return Number(row?.n ?? 0);
}
