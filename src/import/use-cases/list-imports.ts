import type { Database } from '../../db/database.js';
import { countImportRows, listIssueRows, listImportRows } from '../../db/imports/import-records.js';
import { buildImportReport, issueFromRow, reportFromRow } from '../report/import-report.js';
import type { ImportEntity, ImportIssue, ImportReport } from '../types.js';

/** Imports, newest first, with their counts and status (no errors; see getImport); `entity` keeps one kind. */
export async function listImports(
  db: Database,
  options: { limit?: number; offset?: number; entity?: ImportEntity } = {},
): Promise<ImportReport[]> {
  const rows = await listImportRows(db, options);
  return rows.map((row) => reportFromRow(row, [], -1));
}

/** How many imports `listImports` pages through (of one kind, with `entity`). */
export async function countImports(db: Database, options: { entity?: ImportEntity } = {}): Promise<number> {
  return countImportRows(db, options);
}

/** One import's report with its first `errorLimit` issues (default 1,000). */
export async function getImport(db: Database, id: number, options: { errorLimit?: number } = {}): Promise<ImportReport> {
  return buildImportReport(db, id, options);
}

/** Every issue of an import in row order, streamed a page at a time (for --json and downloads). */
export async function* importIssues(db: Database, id: number): AsyncGenerator<ImportIssue> {
  let after: { row: number; id: number } | undefined;
  for (;;) {
    const page = await listIssueRows(db, id, { limit: 1000, ...(after ? { after } : {}) });
    if (page.length === 0) return;
    for (const r of page) yield issueFromRow(r);
    const last = page[page.length - 1]!;
    after = { row: last.row, id: last.id };
  }
}
