import { RosterError } from '../../core/errors.js';
import { clip } from '../../core/value-limits.js';
import { authorAddress, parseTimestamp, type ImportedMessage } from '../../core/ticket-import.js';
import type { Database } from '../../db/database.js';
import { addImportedMessages, ticketIdsByExternalId } from '../../db/repositories/ticket-messages.js';
import { normalizeHeader } from '../map/normalize-header.js';
import { openSource } from '../parse/open-source.js';
import type { ImportIssue } from '../types.js';

/**
 * `roster import ticket-messages FILE`: the conversation of tickets imported before, from a second
 * file of one message per row, found by the ticket's External ID. Read through the import's decode
 * and parse stages, a batch at a time; each batch is written in one transaction. A message already
 * there (same ticket, author, date and body) is not added again, so the file can be imported twice.
 */

/** The columns this file needs, and the headers each is recognised by (compared as normalizeHeader leaves them). */
const COLUMNS = {
  externalId: {
    label: 'External ID',
    headers: ['external id', 'ticket id', 'ticket', 'id', 'ticket external id', 'issue key', 'ticket number'],
  },
  authorEmail: { label: 'Author Email', headers: ['author email', 'author', 'from', 'from email', 'email', 'sender', 'sender email'] },
  date: { label: 'Date', headers: ['date', 'created at', 'created', 'sent at', 'time', 'timestamp'] },
  body: { label: 'Body', headers: ['body', 'message', 'text', 'comment', 'content'] },
} as const;

type Column = keyof typeof COLUMNS;

const BATCH_ROWS = 1000;

export interface TicketMessagesReport {
  fileName: string;
  encoding: string;
  delimiter: string;
  /** Header of the file → what it was read as. */
  mapping: Record<string, Column>;
  rows: number;
  added: number;
  /** Messages already on their ticket (the file imported before). */
  unchanged: number;
  failed: number;
  errors: ImportIssue[];
}

export interface TicketMessagesOptions {
  filePath: string;
  fileName?: string;
  /** Header → column, for headers Roster does not recognise (`--map "Comment Author=authorEmail"`). */
  mapping?: Record<string, string>;
  encoding?: string;
  delimiter?: string;
  /** How many problems the report lists (all are counted). */
  errorLimit?: number;
}

/** Reads the messages file and adds each valid message to its ticket; see the module comment. */
export async function importTicketMessages(db: Database, options: TicketMessagesOptions): Promise<TicketMessagesReport> {
  const source = await openSource(options.filePath, {
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
  });
  try {
    const columns = settleColumns(source.headers, options.mapping ?? {});
    const report: TicketMessagesReport = {
      fileName: options.fileName ?? options.filePath.split(/[\\/]/).pop() ?? options.filePath,
      encoding: source.encoding,
      delimiter: source.delimiter,
      mapping: Object.fromEntries(Object.entries(columns).map(([column, h]) => [h.label, column as Column])),
      rows: 0,
      added: 0,
      unchanged: 0,
      failed: 0,
      errors: [],
    };
    const limit = options.errorLimit ?? 1000;
    const fail = (issue: ImportIssue) => {
      report.failed++;
      if (report.errors.length < limit) report.errors.push(issue);
    };
    let batch: { row: number; externalId: string; message: ImportedMessage }[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const ids = await ticketIdsByExternalId(db, [...new Set(batch.map((m) => m.externalId))]);
      const found = batch.filter((m) => {
        if (ids.has(m.externalId)) return true;
        const header = columns.externalId.label;
        fail({
          row: m.row,
          column: header,
          value: m.externalId,
          code: 'invalid_value',
          message: `Row ${m.row}, column "${header}": no ticket has the External ID "${clip(m.externalId)}"; import the tickets first (roster import tickets, with their External ID column).`,
        });
        return false;
      });
      const added = await addImportedMessages(
        db,
        found.map((m) => ({ ticketId: ids.get(m.externalId)!, ...m.message })),
      );
      report.added += added;
      report.unchanged += found.length - added;
      batch = [];
    };
    for await (const row of source.rows) {
      report.rows++;
      if (row.error) {
        fail({ row: row.row, column: null, value: null, code: 'parse', message: row.error.message });
        continue;
      }
      const read = readRow(row.row, row.cells, columns);
      if ('issues' in read) {
        report.failed++;
        for (const issue of read.issues) if (report.errors.length < limit) report.errors.push(issue);
        continue;
      }
      batch.push(read);
      if (batch.length >= BATCH_ROWS) await flush();
    }
    await flush();
    report.errors.sort((a, b) => a.row - b.row);
    return report;
  } finally {
    await source.close();
  }
}

type Settled = Record<Column, { index: number; label: string }>;

/** Which column of the file fills each of the four, from the person's mapping, else by header; throws if one is missing. */
function settleColumns(headers: readonly { index: number; label: string }[], mapping: Record<string, string>): Settled {
  const settled: Partial<Settled> = {};
  for (const [header, column] of Object.entries(mapping)) {
    const h = headers.find((x) => x.label === header);
    if (!h)
      throw new RosterError(
        'import_mapping',
        `There is no column "${header}" in the file; its columns are ${headers.map((x) => `"${x.label}"`).join(', ')}.`,
      );
    if (!(column in COLUMNS))
      throw new RosterError('import_mapping', `"${column}" is not a column of a messages file; use ${Object.keys(COLUMNS).join(', ')}.`);
    settled[column as Column] = h;
  }
  for (const column of Object.keys(COLUMNS) as Column[]) {
    if (settled[column]) continue;
    const names = COLUMNS[column].headers.map(normalizeHeader);
    const h = headers.find((x) => names.includes(normalizeHeader(x.label)) && !Object.values(settled).includes(x));
    if (h) settled[column] = h;
  }
  const missing = (Object.keys(COLUMNS) as Column[]).filter((c) => !settled[c]);
  if (missing.length > 0) {
    throw new RosterError(
      'import_mapping',
      `A messages file needs the columns ${missing.map((c) => COLUMNS[c].label).join(', ')}; its columns are ${headers.map((x) => `"${x.label}"`).join(', ')}. Name them so, or map them (--map "Header=${missing[0]}").`,
    );
  }
  return settled as Settled;
}

/** One row's message, or every problem it has. */
function readRow(
  row: number,
  cells: readonly string[],
  columns: Settled,
): { row: number; externalId: string; message: ImportedMessage } | { issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const cell = (c: Column) => (cells[columns[c].index] ?? '').trim();
  const problem = (c: Column, value: string, reason: string) =>
    issues.push({
      row,
      column: columns[c].label,
      value: clip(value),
      code: 'invalid_value',
      message: `Row ${row}, column "${columns[c].label}": ${reason}.`,
    });
  const required = (c: Column) => {
    if (cell(c) === '') {
      issues.push({
        row,
        column: columns[c].label,
        value: '',
        code: 'required',
        message: `Row ${row}, column "${columns[c].label}": ${COLUMNS[c].label} is required but the cell is empty.`,
      });
      return false;
    }
    return true;
  };
  const externalId = cell('externalId');
  required('externalId');
  const author = authorAddress(cell('authorEmail'));
  if (required('authorEmail') && !author)
    problem('authorEmail', cell('authorEmail'), `"${clip(cell('authorEmail'))}" is not a valid email address`);
  const when = cell('date') === '' ? null : parseTimestamp(cell('date'));
  if (required('date') && when && !when.ok) problem('date', cell('date'), when.message);
  const body = cell('body');
  required('body');
  if (issues.length > 0 || !author || !when?.ok) return { issues };
  return { row, externalId, message: { authorEmail: author, createdAt: when.value, body } };
}
