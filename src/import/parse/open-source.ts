import { openCsv } from './read-csv.js';

/** A parsed row as the import reads it: spreadsheet row number (header = 1) and its cells. */
export interface SourceRow {
  row: number;
  cells: string[];
  error?: { code: string; message: string };
}

/** An opened CSV file: what was detected, its headers and its rows (single use). */
export interface Source {
  encoding: string;
  encodingReason: string;
  delimiter: string;
  delimiterReason: string;
  headers: { index: number; name: string; label: string }[];
  headerIssues: string[];
  rows: AsyncIterable<SourceRow>;
  /** File size in bytes and bytes read so far, for progress while the row count is unknown. */
  size: number;
  bytesRead(): number;
  close(): Promise<void>;
}

/**
 * Opens a file through the decode and parse stages (read-csv.ts) and gives the rest of the
 * import one shape to read, whatever the parse stage's details. Throws RosterError
 * ('import_unreadable') for an empty, header-only or binary file.
 */
export async function openSource(filePath: string, overrides: { encoding?: string; delimiter?: string }): Promise<Source> {
  const csv = await openCsv(filePath, overrides);
  return {
    encoding: csv.encoding.encoding,
    encodingReason: csv.encoding.reason,
    delimiter: csv.delimiter.delimiter,
    delimiterReason: csv.delimiter.reason,
    headers: csv.headers,
    headerIssues: csv.headerIssues,
    rows: csv.rows,
    size: csv.size,
    bytesRead: () => csv.bytesRead(),
    close: () => csv.close(),
  };
}
