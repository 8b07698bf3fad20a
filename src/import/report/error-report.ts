import { neutralizeFormula, restoreFormula } from '../../core/csv-safety.js';
import type { Database } from '../../db/database.js';
import { countCorrectionRows, getImportRow, listCorrectionRows, listRejectedRows } from '../../db/imports/import-records.js';

function csvLine(cells: readonly string[]): string {
  return cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',') + '\r\n';
}

/** `Email was "bob@", City was ""`: what the file had in each cell corrected in Roster (the row shows the corrected value). */
function correctedText(corrections: readonly { column: string; original: string }[]): string {
  return corrections.map((c) => `${c.column} was "${c.original}"`).join('; ');
}

/**
 * The error report of an import as CSV lines: `Row`, the file's own columns with the original
 * cells, then `Problem` (every reason of the row) and, when cells were corrected in Roster,
 * `Corrected in Roster` (each corrected column with the file's value) — one line per failed or
 * duplicate row, in row order. Every cell a spreadsheet could run as a formula is neutralised (OWASP CSV injection),
 * since these cells are exactly the untrusted input. Streams from the database a page at a time.
 *
 * @example for await (const line of errorReportLines(db, 7)) process.stdout.write(line);
 */
export async function* errorReportLines(db: Database, id: number): AsyncGenerator<string> {
  const row = await getImportRow(db, id);
  const headers = (JSON.parse(row.headers) as { index: number; label: string }[]).map((h) => h.label);
  // Only an import with corrections gets the column, so other reports keep their shape.
  const corrected = (await countCorrectionRows(db, id)) > 0;
  yield csvLine(['Row', ...headers, 'Problem', ...(corrected ? ['Corrected in Roster'] : [])].map(neutralizeFormula));
  let after = 0;
  for (;;) {
    const page = await listRejectedRows(db, id, { limit: 1000, afterRow: after });
    if (page.length === 0) return;
    const corrections = corrected
      ? await listCorrectionRows(db, id, page[0]!.row, page[page.length - 1]!.row)
      : new Map<number, { column: string; original: string }[]>();
    for (const r of page) {
      // As the import read them (`restoreFormula`), so that the fixed report imports as the file did.
      const cells = headers.map((_, i) => restoreFormula(r.cells[i] ?? ''));
      // Cells beyond the headers (a row too long) are kept so nothing the person wrote is lost.
      const extra = r.cells.slice(headers.length).filter((c) => c !== '');
      const problem = r.messages.join(' ');
      const fixes = corrected ? [correctedText(corrections.get(r.row) ?? [])] : [];
      yield csvLine([String(r.row), ...cells, problem, ...fixes, ...extra].map(neutralizeFormula));
    }
    after = page[page.length - 1]!.row;
  }
}
