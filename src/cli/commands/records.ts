import { Option, type Command } from 'commander';
import type { Property } from '../../core/properties.js';
import { RECORD_KINDS, type RecordKind } from '../../core/record-kind.js';
import type { Database } from '../../db/database.js';
import { listProperties } from '../../db/repositories/properties.js';
import { commandGroup } from '../command-group.js';
import type { CliContext } from '../context.js';
import { wholeNumber } from '../options.js';
import { csvCells, csvHeader, csvRow, recordsCsv, type AnyRecord, type RecordValue } from '../../core/record-csv.js';
import { formatTable } from '../output/format-table.js';
import { recordJson } from '../output/record-shape.js';
import { allRecordPages, listRecords } from '../../db/repositories/record-pages.js';

const GROUPS: Record<RecordKind, string> = {
  users: 'Staff who sign in and work tickets',
  customers: 'People who ask for help',
  organizations: 'Companies that customers belong to',
  tickets: 'Requests from customers',
};

function text(value: RecordValue): string {
  if (value === null || value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

const fullName = (r: AnyRecord) => `${text(r.firstName)} ${text(r.lastName)}`.trim();

/** The columns of the human table, per kind: enough to recognise a record, not all of it. */
const TABLES: Record<RecordKind, { headers: string[]; cells: (r: AnyRecord) => string[] }> = {
  users: { headers: ['ID', 'Name', 'Email', 'Title'], cells: (r) => [text(r.id), fullName(r), text(r.email), text(r.title)] },
  customers: {
    headers: ['ID', 'Name', 'Email', 'Organization'],
    cells: (r) => [text(r.id), fullName(r), text(r.email), text(r.organization)],
  },
  organizations: { headers: ['ID', 'Name', 'Domains'], cells: (r) => [text(r.id), text(r.name), text(r.domains)] },
  tickets: {
    headers: ['Number', 'Title', 'Status', 'Priority', 'Customer', 'Assignee'],
    cells: (r) => [text(r.number), text(r.title), text(r.status), text(r.priority), text(r.customerEmail), text(r.assigneeEmail)],
  },
};

interface ListOptions {
  json?: boolean;
  csv?: boolean;
  search?: string;
  page: number;
  pageSize: number;
}

async function list(context: CliContext, db: Database, kind: RecordKind, options: ListOptions): Promise<void> {
  const properties = await listProperties(db, kind);
  const page = await listRecords(db, kind, { page: options.page, pageSize: options.pageSize, search: options.search });
  if (options.json) {
    const items = page.items.map((r) => recordJson(properties, r));
    await context.print(JSON.stringify({ items, total: page.total, page: page.page, pageSize: page.pageSize }, null, 2) + '\n');
    return;
  }
  if (options.csv) {
    await context.print(csvRow(csvHeader(properties)) + page.items.map((r) => csvRow(csvCells(properties, r))).join(''));
    return;
  }
  const table = TABLES[kind];
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const where = pages > 1 ? ` (page ${page.page} of ${pages})` : '';
  const body = page.items.length > 0 ? formatTable(table.headers, page.items.map(table.cells)) : '';
  await context.print(`${body}${page.items.length} of ${page.total} ${kind}${where}\n`);
}

async function exportAll(context: CliContext, db: Database, kind: RecordKind, format: 'json' | 'csv'): Promise<void> {
  const properties: Property[] = await listProperties(db, kind);
  if (format === 'csv') {
    // The same chunks GET /api/{kind}/export.csv streams: one file, whichever way it is asked for.
    for await (const chunk of recordsCsv(properties, allRecordPages(db, kind))) await context.print(chunk);
    return;
  }
  // A JSON array written element by element: valid JSON at the end, one record per line on the way.
  let first = true;
  await context.print('[');
  for await (const items of allRecordPages(db, kind)) {
    const chunk = items.map((r) => JSON.stringify(recordJson(properties, r))).join(',\n');
    await context.print((first ? '\n' : ',\n') + chunk);
    first = false;
  }
  await context.print(first ? ']\n' : '\n]\n');
}

/** `roster <users|customers|organizations|tickets> list|export`. */
export function registerRecords(program: Command, context: CliContext): void {
  for (const kind of RECORD_KINDS) {
    const group = commandGroup(program, kind, GROUPS[kind]);
    group
      .command('list')
      .description(`Show one page of ${kind} (a table by default)`)
      .addOption(new Option('--json', 'print the page as JSON: { items, total, page, pageSize }').conflicts('csv'))
      .option('--csv', 'print the page as CSV, like export')
      .option('--search <text>', kind === 'tickets' ? 'only tickets whose title contains the text' : `only ${kind} matching the text`)
      .option('--page <n>', 'page number', wholeNumber(1), 1)
      .option('--page-size <n>', 'records per page, at most 500', wholeNumber(1, 500), 50)
      .addHelpText('after', `\nExamples:\n  roster ${kind} list --search acme\n  roster ${kind} list --json --page 2 --page-size 100\n`)
      .action((options: ListOptions) => context.withDatabase((db) => list(context, db, kind, options)));
    group
      .command('export')
      .description(`Write every ${kind.replace(/s$/, '')} record to stdout (CSV by default)`)
      .addOption(new Option('--json', 'a JSON array of records, values exact').conflicts('csv'))
      .option('--csv', 'CSV with property labels as the header (default); text cells that could run as formulas get a leading quote')
      .addHelpText('after', `\nExamples:\n  roster ${kind} export > ${kind}.csv\n  roster ${kind} export --json | jq length\n`)
      .action((options: { json?: boolean }) => context.withDatabase((db) => exportAll(context, db, kind, options.json ? 'json' : 'csv')));
  }
}
