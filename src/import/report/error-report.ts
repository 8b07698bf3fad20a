import { neutralizeFormula } from '../../core/csv-safety.js';
import type { Database } from '../../db/database.js';
import { getImportRow, listRejectedRows } from '../../db/imports/import-records.js';

function csvLine(cells: readonly string[]): string {
  return cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',') + '\r\n';
}

/**
 * The error report of an import as CSV lines: `Row`, the file's own columns with the original
 * cells, then `Problem` (every reason of the row) — one line per failed or duplicate row, in row
 * order. Every cell a spreadsheet could run as a formula is neutralised (OWASP CSV injection),
 * since these cells are exactly the untrusted input. Streams from the database a page at a time.
 *
 * @example for await (const line of errorReportLines(db, 7)) process.stdout.write(line);
 */
export async function* errorReportLines(db: Database, id: number): AsyncGenerator<string> {
  const row = await getImportRow(db, id);
  const headers = (JSON.parse(row.headers) as { index: number; label: string }[]).map((h) => h.label);
  yield csvLine(['Row', ...headers, 'Problem'].map(neutralizeFormula));
  let after = 0;
  for (;;) {
    const page = await listRejectedRows(db, id, { limit: 1000, afterRow: after });
    if (page.length === 0) return;
    for (const r of page) {
      const cells = headers.map((_, i) => r.cells[i] ?? '');
      // Cells beyond the headers (a row too long) are kept so nothing the person wrote is lost.
      const extra = r.cells.slice(headers.length).filter((c) => c !== '');
      const problem = r.messages.join(' ');
      yield csvLine([String(r.row), ...cells, problem, ...extra].map(neutralizeFormula));
    }
    after = page[page.length - 1]!.row;
  }
}
