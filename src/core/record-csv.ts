import { neutralizeFormula } from './csv-safety.js';
import type { Property } from './properties.js';

/** What a record holds: text, numbers and flags, lists (domains), or nothing. */
export type RecordValue = string | number | boolean | null | undefined | readonly string[];
/** A record as the repositories return it: `id`, then values by property key. */
export type AnyRecord = { id: number } & Record<string, RecordValue>;

/**
 * One CSV line per RFC 4180: fields holding a comma, a double quote or a line break are quoted,
 * quotes inside are doubled, and the line ends with CRLF.
 */
export function csvRow(cells: readonly string[]): string {
  return cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',') + '\r\n';
}

/** The CSV header: property labels, the names the import recognises, neutralised as cells are. */
export function csvHeader(properties: readonly Property[]): string[] {
  return properties.map((p) => neutralizeFormula(p.label));
}

/**
 * One record as CSV cells, in header order. Text goes through neutralizeFormula (OWASP CSV
 * injection); numbers and booleans cannot be formulas, so `-5` stays a number for the spreadsheet.
 */
export function csvCells(properties: readonly Property[], record: AnyRecord): string[] {
  return properties.map((p) => {
    const value = record[p.key];
    if (value === null || value === undefined) return '';
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return neutralizeFormula(Array.isArray(value) ? value.join(', ') : String(value));
  });
}

/**
 * The export file, a chunk per page of records: the header line, then each page's lines. The CLI's
 * `export` prints these chunks and the API streams them, so both write the same bytes.
 */
export async function* recordsCsv(properties: readonly Property[], pages: AsyncIterable<AnyRecord[]>): AsyncGenerator<string> {
  yield csvRow(csvHeader(properties));
  for await (const items of pages) yield items.map((r) => csvRow(csvCells(properties, r))).join('');
}
