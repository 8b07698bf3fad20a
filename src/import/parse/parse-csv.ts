import Papa from 'papaparse';
import { restoreFormula } from '../../core/csv-safety.js';
import { RosterError } from '../../core/errors.js';
import { hexByte, invalidBytesIn, unmarkInvalidBytes } from '../decode/invalid-bytes.js';
import { detectDelimiter } from './detect-delimiter.js';
import { detectNewline, type Newline } from './detect-newline.js';
import { describeHeaders, type HeaderInfo } from './header-info.js';
import { breakLength, nextLineBreak, scanRecords, type QuoteProblem, type ScanOptions } from './record-scanner.js';

export type RowErrorCode = 'too_many_cells' | 'nul_character' | 'invalid_byte' | QuoteProblem;

export interface RowError {
  code: RowErrorCode;
  /** A sentence naming the row, for the person who has to fix the file. */
  message: string;
}

/**
 * A data row. `row` is the row number a spreadsheet shows for it (the header is usually 1;
 * blank lines count but are not yielded; a record with line breaks inside quotes is one row).
 * `cells` has at least one cell per column, padded with ''; extra empty cells are dropped.
 * A row with `error` should be reported, not imported; its cells are the best reading there is.
 */
export interface CsvRow {
  row: number;
  cells: string[];
  error?: RowError;
}

export interface DelimiterInfo {
  delimiter: string;
  reason: string;
  overridden: boolean;
}

/** Counters that grow while rows are read; final once `rows` is exhausted. */
export interface ParseStats {
  dataRows: number;
  errorRows: number;
  blankRows: number;
}

/**
 * A CSV whose header has been read and whose rows stream on demand. `rows` is single-use and
 * holds at most one chunk of parsed rows at a time. Leaving a `for await` early closes the
 * source; call `close()` when giving up without iterating.
 */
export interface ParsedCsv {
  delimiter: DelimiterInfo;
  newline: Newline;
  /** Row number of the header: 1 unless blank lines come first. */
  headerRow: number;
  headers: HeaderInfo[];
  /** Sentences about blank or repeated headers. */
  headerIssues: string[];
  /** False when nothing follows the header but blank lines: report NO_DATA_ROWS. */
  hasDataRows: boolean;
  rows: AsyncIterable<CsvRow>;
  stats: Readonly<ParseStats>;
  close(): Promise<void>;
}

export interface ParseOptions {
  /** One character, or "tab"; detected when absent. */
  delimiter?: string;
  /** A quoted field longer than this is read as a quote that never closes (default 1 Mi characters). */
  maxQuotedChars?: number;
  /** A quoted field with more line breaks than this is read as a quote that never closes (default 10,000). */
  maxQuotedLines?: number;
  /** A record longer than this without a line break makes the file unreadable (default 16 Mi characters). */
  maxRecordChars?: number;
}

export const EMPTY_FILE = 'The file is empty.';
export const NO_DATA_ROWS = 'The file has a header row but no data rows.';

/** Text gathered before guessing the delimiter and line break. */
const SAMPLE_CHARS = 64 * 1024;
const SEP_LINE = /^sep=([^\r\n"])(\r\n|\n|\r|$)/;
const CELL_PREVIEW = 40;
const ANY_BREAK = /\r\n|\r|\n/g;
const LONE_BREAK = /\r(?!\n)|(?<!\r)\n/;

/**
 * Whether text holds a line break other than the file's own. Papaparse splits records at one
 * kind of line break only, so such text is rewritten before it gets there. For LF and CR files
 * this is one native search; for CRLF ones a regular expression, still cheap (speed/README.md).
 */
function hasOtherBreaks(text: string, newline: Newline): boolean {
  if (newline === '\n') return text.includes('\r');
  if (newline === '\r') return text.includes('\n');
  return LONE_BREAK.test(text);
}

interface PapaError {
  row: number;
  code: string;
}

function toDelimiter(value: string): string {
  const d = value === 'tab' || value === '\\t' ? '\t' : value;
  if (d.length !== 1 || d === '"' || d === '\r' || d === '\n') {
    throw new RosterError(
      'validation',
      `The delimiter must be a single character other than a quote or a line break, or "tab"; "${value}" is not one.`,
      { field: 'delimiter' },
    );
  }
  return d;
}

function isBlankCell(cell: string): boolean {
  return cell.length === 0 || (cell.charCodeAt(0) <= 32 && cell.trim() === '');
}

function isBlankRow(cells: string[]): boolean {
  for (let i = 0; i < cells.length; i++) if (!isBlankCell(cells[i]!)) return false;
  return true;
}

function preview(cell: string): string {
  const flat = cell.replace(/\s+/g, ' ').trim();
  return `"${flat.length > CELL_PREVIEW ? flat.slice(0, CELL_PREVIEW) + '…' : flat}"`;
}

function lastFilled(cells: string[]): number {
  let n = cells.length;
  while (n > 0 && isBlankCell(cells[n - 1]!)) n--;
  return n;
}

class CsvReader {
  readonly stats: ParseStats = { dataRows: 0, errorRows: 0, blankRows: 0 };
  headers: HeaderInfo[] = [];
  headerIssues: string[] = [];
  headerRow = 0;
  delimiter!: DelimiterInfo;
  newline!: Newline;

  private buf = '';
  private pos = 0;
  private final = false;
  /** A CR that ended the last piece of text: held back until the next piece says whether an LF follows. */
  private heldCr = false;
  private rowNumber = 0;
  private width = -1;
  private queue: CsvRow[] = [];
  private head = 0;
  private closed = false;
  private parser!: Papa.Parser;
  private papaErrors: PapaError[] = [];
  private scan!: ScanOptions;
  /**
   * Where the next NUL character of `buf` is (-1: none). PostgreSQL cannot store a NUL in text,
   * so a row holding one is reported; finding them with one indexOf per stretch of text keeps
   * the cost off the rows of the many files that have none.
   */
  private nulAt = -1;
  private checkNul = false;

  constructor(
    private readonly source: AsyncIterator<string>,
    private readonly options: ParseOptions,
  ) {}

  async open(): Promise<void> {
    while (!this.final && this.buf.length < SAMPLE_CHARS) await this.pull();
    const sep = SEP_LINE.exec(this.buf);
    // Excel's "sep=;" hint line is not shown as a row by Excel, so it takes no row number.
    if (sep) this.pos = sep[0].length;
    const sample = this.buf.slice(this.pos);
    this.newline = detectNewline(sample);
    if (this.options.delimiter !== undefined)
      this.delimiter = { delimiter: toDelimiter(this.options.delimiter), reason: 'chosen explicitly', overridden: true };
    else if (sep) this.delimiter = { delimiter: sep[1]!, reason: `the first line of the file says sep=${sep[1]}`, overridden: false };
    else this.delimiter = { ...detectDelimiter(sample), overridden: false };
    this.parser = new Papa.Parser({ delimiter: this.delimiter.delimiter, newline: this.newline, quoteChar: '"' });
    this.scan = {
      delimiter: this.delimiter.delimiter,
      maxQuotedChars: this.options.maxQuotedChars ?? 1024 * 1024,
      maxQuotedLines: this.options.maxQuotedLines ?? 10_000,
    };
    await this.fill();
    if (this.width < 0) throw new RosterError('import_unreadable', EMPTY_FILE);
  }

  get hasQueued(): boolean {
    return this.head < this.queue.length;
  }

  next(): Promise<IteratorResult<CsvRow>> {
    // The common case answers from the queue without an async function's extra ticks.
    if (this.head < this.queue.length) return Promise.resolve({ done: false, value: this.queue[this.head++]! });
    return this.nextSlow();
  }

  private async nextSlow(): Promise<IteratorResult<CsvRow>> {
    if (!this.closed) await this.fill();
    if (this.head < this.queue.length) return { done: false, value: this.queue[this.head++]! };
    await this.close();
    return { done: true, value: undefined };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.head = 0;
    this.buf = '';
    await this.source.return?.();
  }

  private async pull(): Promise<void> {
    const r = await this.source.next();
    if (r.done) {
      this.final = true;
      // The text ends: a CR held back is a line break of its own.
      if (this.heldCr) this.append('\r');
      this.heldCr = false;
      return;
    }
    let value = this.heldCr ? '\r' + r.value : r.value;
    this.heldCr = value.charCodeAt(value.length - 1) === 13;
    if (this.heldCr) value = value.slice(0, -1);
    this.append(value);
  }

  private append(value: string): void {
    this.buf = this.pos >= this.buf.length ? value : this.buf.slice(this.pos) + value;
    this.pos = 0;
    this.nulAt = this.buf.indexOf('\0');
  }

  /** Parses until at least one row is queued or the text ends. */
  private async fill(): Promise<void> {
    this.queue = [];
    this.head = 0;
    while (this.queue.length === 0) {
      if (this.pos >= this.buf.length) {
        if (this.final) return;
        await this.pull();
        continue;
      }
      const s = scanRecords(this.buf, this.pos, this.final, this.scan);
      switch (s.type) {
        case 'more':
          if (this.buf.length - this.pos > (this.options.maxRecordChars ?? 16 * 1024 * 1024)) {
            const row = this.rowNumber + 1;
            throw new RosterError(
              'import_unreadable',
              `Row ${row} runs over ${this.buf.length - this.pos} characters without a line break, so this is not a CSV file Roster can read; check that it is a CSV file and that its lines end in CRLF, LF or CR.`,
              { row },
            );
          }
          await this.pull();
          break;
        case 'records':
          this.records(s.end, s.next);
          this.pos = s.next;
          break;
        case 'multiline':
          this.multiline(s.end, s.next);
          break;
        case 'broken':
          this.broken(s.problem, s.quoteAt, s.lineEnd);
          this.pos = s.next;
          break;
      }
    }
  }

  /**
   * Parses complete records with papaparse. The line break after the last record goes along,
   * because papaparse misreads blanks after a closing quote at the very end of its input; the
   * empty row it then reads after that line break is dropped. Line breaks of another kind than
   * the file's become the file's: in `records` (no quoted value spans lines) every one of them;
   * in a record spanning lines only the one after it, so quoted values keep theirs as written.
   */
  private parse(end: number, next: number, spansLines = false): string[][] {
    const at = this.buf.charCodeAt(end);
    // [end, next) is the line break, or blanks after a closing quote at the end of the file.
    const withBreak = next > end && (at === 10 || at === 13);
    let text: string;
    if (spansLines) text = this.buf.slice(this.pos, end) + (withBreak ? this.newline : '');
    else {
      text = this.buf.slice(this.pos, withBreak ? next : end);
      if (hasOtherBreaks(text, this.newline)) text = text.replace(ANY_BREAK, this.newline);
    }
    const result = this.parser.parse(text, 0, false) as {
      data: string[][];
      errors: PapaError[];
    };
    const last = result.data[result.data.length - 1];
    if (withBreak && last && last.length === 1 && last[0] === '') result.data.pop();
    this.papaErrors = result.errors;
    return result.data;
  }

  /** Whether a NUL lies between the current position and `end`, so that rows there must be checked. */
  private nulBefore(end: number): boolean {
    if (this.nulAt >= 0 && this.nulAt < this.pos) this.nulAt = this.buf.indexOf('\0', this.pos);
    this.checkNul = this.nulAt >= 0 && this.nulAt < end;
    return this.checkNul;
  }

  private records(end: number, next: number): void {
    // Papaparse yields nothing for empty input, but an empty stretch is one blank line.
    if (end === this.pos) return this.take(['']);
    this.nulBefore(end);
    const data = this.parse(end, next);
    if (this.papaErrors.length === 0) {
      for (const cells of data) this.take(cells);
      return;
    }
    // The scanner hands over only balanced quotes, so this is a disagreement with papaparse: the
    // rows concerned are reported rather than trusted.
    const bad = new Map(
      this.papaErrors.map((e) => [e.row, e.code === 'MissingQuotes' ? ('unclosed_quote' as const) : ('text_after_quote' as const)]),
    );
    data.forEach((cells, i) => {
      const code = bad.get(i);
      if (code === undefined) return this.take(cells);
      const row = ++this.rowNumber;
      this.push({
        row,
        cells: this.pad(cells),
        error: { code, message: `Row ${row} has quotes that could not be read; check the quotes in that row.` },
      });
    });
  }

  private multiline(end: number, next: number): void {
    this.nulBefore(end);
    const text = this.buf.slice(this.pos, end);
    const cells = this.parse(end, next, true)[0] ?? [''];
    const filled = lastFilled(cells);
    if (this.width < 0 || filled <= this.width) {
      this.take(cells);
      this.pos = next;
      return;
    }
    // Too many cells across several lines is the mark of an unbalanced quote that swallowed the
    // following rows: read its first line alone and the rest as rows of their own.
    const lineEnd = nextLineBreak(this.buf, this.pos);
    const row = ++this.rowNumber;
    const lines = text.split(ANY_BREAK).length;
    // The first line break lies inside the field whose quote spans lines.
    const column = this.quoteColumn(nextLineBreak(text, 0));
    this.push({
      row,
      cells: this.rawCells(this.buf.slice(this.pos, lineEnd)),
      error: {
        code: 'unclosed_quote',
        message: `Row ${row} has a quoted value in ${column} that runs over ${lines} lines and leaves ${filled} cells for ${this.width} columns, so its quotes are most likely unbalanced; fix the quotes in that row. The next line was read as a new row.`,
      },
    });
    this.pos = lineEnd + breakLength(this.buf, lineEnd);
  }

  private broken(problem: QuoteProblem, quoteAt: number, lineEnd: number): void {
    const row = ++this.rowNumber;
    const column = this.quoteColumn(quoteAt - this.pos);
    if (this.width < 0) {
      const what = problem === 'unclosed_quote' ? 'a quote that is never closed' : 'text after a closing quote';
      throw new RosterError(
        'import_unreadable',
        `The header row (row ${row}) has ${what} in ${column}, so the columns cannot be read. Fix the quotes in the first line of the file.`,
        { row },
      );
    }
    const message =
      problem === 'unclosed_quote'
        ? `Row ${row} has a quote in ${column} that is never closed; fix the quotes in that row. The next line was read as a new row.`
        : `Row ${row} has text after the closing quote in ${column}; a quoted value must end at its closing quote, and a quote inside it must be doubled ("").`;
    this.push({ row, cells: this.rawCells(this.buf.slice(this.pos, lineEnd)), error: { code: problem, message } });
  }

  /** The column of the character at `offset` in the current record, named where known. */
  private quoteColumn(offset: number): string {
    const before =
      offset > 0 ? (this.parser.parse(this.buf.slice(this.pos, this.pos + offset), 0, false) as { data: string[][] }).data : [];
    const index = before.length ? before[before.length - 1]!.length - 1 : 0;
    const header = this.headers[index];
    return header ? `column ${index + 1} (${header.label})` : `column ${index + 1}`;
  }

  /** A broken line split at every delimiter, quotes kept: the person sees what the file says. */
  private rawCells(line: string): string[] {
    return this.pad(line.split(this.delimiter.delimiter));
  }

  private pad(cells: string[]): string[] {
    for (let i = cells.length; i < this.width; i++) cells.push('');
    return cells;
  }

  /**
   * A row with a NUL character in a cell becomes an error row naming the first such column:
   * PostgreSQL cannot store a NUL in text, and no text file holds one, so the file is damaged
   * there. A byte that is not valid UTF-8 in a UTF-8 file arrives marked with a NUL too (see
   * `markInvalidByte`) and fails its row the same way, its bytes shown. Reported as a row
   * problem, the rest of the file still imports.
   */
  private nulChecked(row: CsvRow): CsvRow {
    if (!this.checkNul) return row;
    const index = row.cells.findIndex((cell) => cell.includes('\0'));
    if (index < 0) return row;
    const marked = row.cells.findIndex((cell) => invalidBytesIn(cell).length > 0);
    if (marked >= 0) return this.invalidBytes(row, marked);
    const column = this.headers[index]?.label ?? `Column ${index + 1}`;
    row.error = {
      code: 'nul_character',
      message: `Row ${row.row}, column "${column}" contains a NUL character (byte 0), which cannot be stored; the file may be damaged or not a text CSV.`,
    };
    return row;
  }

  private invalidBytes(row: CsvRow, index: number): CsvRow {
    const cell = row.cells[index]!;
    const bytes = invalidBytesIn(cell);
    const shown = bytes.slice(0, 4).map(hexByte).join(' ') + (bytes.length > 4 ? ' …' : '');
    const before = unmarkInvalidBytes(cell.slice(0, cell.indexOf('\0'))).slice(-CELL_PREVIEW);
    const where = before.trim() === '' ? 'at the start of the cell' : `after "${before}"`;
    const column = this.headers[index]?.label ?? `Column ${index + 1}`;
    row.cells = row.cells.map(unmarkInvalidBytes);
    row.error = {
      code: 'invalid_byte',
      message: `Row ${row.row}, column "${column}" has invalid UTF-8 byte${bytes.length === 1 ? '' : 's'} ${shown} ${where}; the rest of the file is UTF-8, so this cell was damaged or pasted from another encoding. Correct it and import the row again.`,
    };
    return row;
  }

  private push(row: CsvRow): void {
    if (row.error) {
      this.stats.errorRows++;
      // A row failed for its quotes or width keeps its cells for the report, readable.
      if (row.error.code !== 'invalid_byte') row.cells = row.cells.map(unmarkInvalidBytes);
    } else this.stats.dataRows++;
    this.queue.push(row);
  }

  private take(cells: string[]): void {
    const row = ++this.rowNumber;
    if (isBlankRow(cells)) {
      this.stats.blankRows++;
      return;
    }
    if (this.width < 0) {
      // A header Roster's export neutralised (a label starting with "=") is read as the label.
      const { headers, issues } = describeHeaders(cells.map((cell) => restoreFormula(unmarkInvalidBytes(cell))));
      this.headers = headers;
      this.headerIssues = issues;
      this.headerRow = row;
      this.width = headers.length;
      return;
    }
    if (cells.length <= this.width) return this.push(this.nulChecked({ row, cells: this.pad(cells) }));
    const filled = lastFilled(cells);
    if (filled <= this.width) {
      cells.length = this.width;
      return this.push(this.nulChecked({ row, cells }));
    }
    const extra = cells.slice(this.width, filled).filter((c) => !isBlankCell(c));
    const shown = extra.slice(0, 3).map(preview).join(', ') + (extra.length > 3 ? ', …' : '');
    this.push({
      row,
      cells,
      error: {
        code: 'too_many_cells',
        message: `Row ${row} has ${filled} cells but the header has ${this.width} columns; the cells past the last column hold ${shown}. A delimiter inside a value needs quotes around the value.`,
      },
    });
  }
}

/**
 * Parses decoded CSV text as it streams: guesses the line break and, unless given, the
 * delimiter from the first 64 KiB (an Excel `sep=;` line is honoured), reads the header row
 * (the first non-blank record) and resolves once the first data row or the end of the text is
 * reached, so `hasDataRows` is known. Rows then stream through papaparse, as arrays of text,
 * without accumulating. Broken quotes never swallow the rest of the file: a record whose quotes
 * do not balance is yielded as an error row of its first line, and reading resumes on the next
 * line (see `scanRecords`). Rejects with `RosterError('import_unreadable', EMPTY_FILE)` when
 * there is no header, and for a header row whose quotes are broken.
 */
export async function parseCsv(text: AsyncIterable<string>, options: ParseOptions = {}): Promise<ParsedCsv> {
  const source = text[Symbol.asyncIterator]();
  const reader = new CsvReader(source, options);
  try {
    await reader.open();
  } catch (error) {
    await reader.close();
    throw error;
  }
  const rows: AsyncIterableIterator<CsvRow> = {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () => reader.next(),
    async return() {
      await reader.close();
      return { done: true, value: undefined };
    },
  };
  return {
    delimiter: reader.delimiter,
    newline: reader.newline,
    headerRow: reader.headerRow,
    headers: reader.headers,
    headerIssues: reader.headerIssues,
    hasDataRows: reader.hasQueued,
    rows,
    stats: reader.stats,
    close: () => reader.close(),
  };
}
