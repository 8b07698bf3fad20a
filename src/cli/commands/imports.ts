import type { Command } from 'commander';
import type { Database } from '../../db/database.js';
import { cancelImport } from '../../import/use-cases/cancel-import.js';
import { discardImport } from '../../import/use-cases/discard-import.js';
import { localFileStore, type FileStore } from '../../import/file-store.js';
import type { ImportTuning } from '../../import/speed/tuning.js';
import { importRemaining } from '../../import/use-cases/import-remaining.js';
import { getImport, importIssues, listImports } from '../../import/use-cases/list-imports.js';
import { errorReportLines } from '../../import/report/error-report.js';
import { resumeImport } from '../../import/use-cases/resume-import.js';
import type { ImportIssue, ImportProgress, ImportReport } from '../../import/types.js';
import { undoImport } from '../../import/use-cases/undo-import.js';
import type { CliContext } from '../context.js';
import { wholeNumber } from '../options.js';
import { formatTable } from '../output/format-table.js';
import { progressBar } from './import.js';

/**
 * The documented `--json` object of an import (docs/import.md), keys in this order and no others.
 * `errors` holds every issue; it is streamed from the database so a file with a million bad rows
 * does not have to fit in memory.
 */
export async function printImportJson(
  context: CliContext,
  report: ImportReport,
  issues: AsyncIterable<ImportIssue>,
  /** Keys after `errors` (an import with --invite: `invitations`). */
  tail: Record<string, unknown> = {},
): Promise<void> {
  const head = {
    id: report.id,
    entity: report.entity,
    status: report.status,
    dryRun: report.dryRun,
    encoding: report.encoding,
    delimiter: report.delimiter,
    mapping: report.mapping,
    suggestions: report.suggestions,
    rows: report.rows,
    created: report.created,
    updated: report.updated,
    unchanged: report.unchanged,
    skipped: report.skipped,
    duplicates: report.duplicates,
    failed: report.failed,
    // Tickets: linked, unlinked, assigned, unassigned and the rows of those not linked or assigned.
    ...(report.links ? report.links : {}),
  };
  await context.print(JSON.stringify(head).slice(0, -1) + ',"errors":[');
  let first = true;
  for await (const issue of issues) {
    await context.print(
      (first ? '' : ',') + JSON.stringify({ row: issue.row, column: issue.column, value: issue.value, message: issue.message }),
    );
    first = false;
  }
  await context.print(
    ']' +
      JSON.stringify(tail)
        .slice(1, -1)
        .replace(/^(?=.)/, ',') +
      '}\n',
  );
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** The human summary of an import: what was read, the counts, the first errors. */
export function describeImport(report: ImportReport): string {
  const lines = [
    `Import ${report.id} of ${report.entity} from ${report.fileName}: ${report.status}${report.dryRun ? ' (dry run: nothing was written)' : ''}`,
    `Encoding ${report.encoding}, delimiter ${DELIMITER_NAMES[report.delimiter] ?? JSON.stringify(report.delimiter)}`,
    `Mapping: ${Object.entries(report.mapping)
      .map(([header, key]) => `${header} → ${key}`)
      .join(', ')}`,
  ];
  const ignored = Object.keys(report.suggestions).filter((h) => !(h in report.mapping));
  if (ignored.length > 0) {
    lines.push(`Ignored columns: ${ignored.map((h) => `${h} (${report.suggestions[h]?.reason ?? 'ignored'})`).join(', ')}`);
    // Said once, while the person is looking at what was left out: nothing is lost silently.
    const example = ignored[0]!.replaceAll('"', '');
    lines.push(`  To keep one: --map "${example}=KEY" for an existing property, or --new-property "${example}=KEY:TYPE" for a new one.`);
  }
  const verb = report.dryRun ? 'to create' : 'created';
  lines.push(
    `${report.rows} rows: ${report.created} ${verb}, ${report.updated} ${report.dryRun ? 'to update' : 'updated'}, ${report.unchanged} unchanged, ${report.skipped} skipped, ${report.duplicates} duplicates, ${report.failed} failed`,
  );
  if (report.links) lines.push(...describeLinks(report));
  if (report.message) lines.push(report.message);
  if (report.errors.length > 0) {
    lines.push(
      '',
      `Problems${report.errorCount > report.errors.length ? ` (first ${report.errors.length} of ${report.errorCount})` : ''}:`,
    );
    for (const e of report.errors) lines.push(`  ${e.message}`);
    lines.push('', `The rows and every reason: roster imports errors ${report.id} > errors.csv`);
  }
  if (report.undo) {
    lines.push(
      `Undone ${report.undoneAt}: ${report.undo.removed} removed, ${report.undo.restored} restored, ${report.undo.organizationsRemoved} organizations removed, ${report.undo.kept.length} kept`,
    );
    for (const k of report.undo.kept) lines.push(`  kept ${k.label} (${k.id}): ${k.reason}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * How a tickets import's tickets found their people, with the rows that did not and the advice
 * to import those people first: the ticket still imports, and links when they arrive.
 */
function describeLinks(report: ImportReport): string[] {
  const l = report.links!;
  const would = report.dryRun ? 'would be ' : '';
  const rows = (list: number[], n: number) =>
    n === 0 ? '' : ` (row${n === 1 ? '' : 's'} ${list.join(', ')}${n > list.length ? ', …' : ''})`;
  const lines = [
    `Tickets ${would}linked to their customer: ${l.linked}; unlinked: ${l.unlinked}${rows(l.unlinkedRows, l.unlinked)}`,
    `Tickets ${would}assigned to their user: ${l.assigned}; unassigned: ${l.unassigned}${rows(l.unassignedRows, l.unassigned)}`,
  ];
  if (l.customersCreated > 0) lines.push(`Customers ${report.dryRun ? 'to create' : 'created'} from Customer Email: ${l.customersCreated}`);
  if (l.unlinked + l.unassigned > 0) {
    lines.push(
      `  An unlinked or unassigned ticket ${report.dryRun ? 'will wait' : 'waits'} for its person and links when they are added: import people first (customers, then users), or use --create-missing-customers.`,
    );
  }
  if (!report.dryRun && (l.unlinked > 0 || l.unassigned > 0)) {
    lines.push(`  Still waiting now: ${l.pendingCustomersLeft} for their customer, ${l.pendingAssigneesLeft} for their assignee.`);
  }
  return lines;
}

/** `roster imports list|show|errors|undo|resume|cancel|remaining|discard`: inspect and manage past imports. */
/**
 * Runs an import step that reports progress (resume, remaining rows) behind the terminal's
 * progress bar, then prints its report as text or, with --json, as one object.
 */
async function runWithProgress(
  context: CliContext,
  db: Database,
  options: { json?: boolean },
  run: (onProgress: (p: ImportProgress) => void) => Promise<ImportReport>,
): Promise<void> {
  const bar = options.json ? { update: () => undefined, stop: () => undefined } : progressBar();
  try {
    const report = await run((p) => bar.update(p));
    bar.stop();
    if (options.json) await printImportJson(context, report, importIssues(db, report.id));
    else await context.print(describeImport(report));
  } finally {
    bar.stop();
  }
}

/**
 * What every run of the import engine started here gets: where files are kept, and how fast it may
 * go (ROSTER_IMPORT_*). Spread into the options rather than written at each call, so that use
 * cases whose options do not list `tuning` yet still receive it.
 */
function runOptions(context: CliContext): { fileStore: FileStore; tuning: ImportTuning } {
  const config = context.config();
  return { fileStore: localFileStore(config.dataDir), tuning: config.importTuning };
}

export function registerImports(program: Command, context: CliContext): void {
  const imports = program.command('imports').description('List, inspect, undo, resume, cancel, continue or discard imports');
  const id = wholeNumber(1);
  imports
    .command('list')
    .description('List imports, newest first, with their counts')
    .option('--json', 'print them as JSON')
    .action((options: { json?: boolean }) =>
      context.withDatabase(async (db) => {
        const list = await listImports(db);
        if (options.json) {
          await context.print(
            JSON.stringify(
              list.map(({ errors: _e, errorCount: _c, ...rest }) => rest),
              null,
              2,
            ) + '\n',
          );
          return;
        }
        await context.print(
          formatTable(
            ['ID', 'Kind', 'File', 'Status', 'Started', 'Rows', 'Created', 'Updated', 'Unchanged', 'Skipped', 'Duplicates', 'Failed'],
            list.map((r) => [
              String(r.id),
              r.entity,
              r.fileName,
              r.dryRun ? `${r.status}` : r.status,
              r.startedAt.replace('T', ' ').slice(0, 19),
              ...[r.rows, r.created, r.updated, r.unchanged, r.skipped, r.duplicates, r.failed].map(String),
            ]),
          ),
        );
      }),
    );
  imports
    .command('show')
    .description('Show one import: its file, mapping, options, counts and first errors')
    .argument('<id>', 'the import id', id)
    .option('--json', 'print it as JSON')
    .action((importId: number, options: { json?: boolean }) =>
      context.withDatabase(async (db) => {
        const report = await getImport(db, importId, { errorLimit: options.json ? 1000 : 20 });
        await context.print(options.json ? JSON.stringify(report, null, 2) + '\n' : describeImport(report));
      }),
    );
  imports
    .command('errors')
    .description('Print the error report (CSV: row, the original cells, the reasons) of an import')
    .argument('<id>', 'the import id', id)
    .action((importId: number) =>
      context.withDatabase(async (db) => {
        for await (const line of errorReportLines(db, importId)) await context.print(line);
      }),
    );
  imports
    .command('undo')
    .description('Undo an import: remove what it created, restore what it updated, keep what was edited since')
    .argument('<id>', 'the import id', id)
    .option('--json', 'print the result as JSON')
    .action((importId: number, options: { json?: boolean }) =>
      context.withDatabase(async (db) => {
        const report = await undoImport(db, importId);
        await context.print(options.json ? JSON.stringify(report, null, 2) + '\n' : describeImport(report));
      }),
    );
  imports
    .command('resume')
    .description('Finish an interrupted import from its last committed batch')
    .argument('<id>', 'the import id', id)
    .option('--json', 'print the report as one JSON object')
    .action((importId: number, options: { json?: boolean }) =>
      context.withDatabase((db) =>
        runWithProgress(context, db, options, (onProgress) =>
          resumeImport(db, importId, { ...runOptions(context), onProgress, errorLimit: 20 }),
        ),
      ),
    );
  imports
    .command('cancel')
    .description('Stop a running import at its next batch boundary; what it committed stays, and undo removes it')
    .argument('<id>', 'the import id', id)
    .option('--json', 'print the result as JSON')
    .action((importId: number, options: { json?: boolean }) =>
      context.withDatabase(async (db) => {
        const report = await cancelImport(db, importId, { fileStore: localFileStore(context.config().dataDir) });
        await context.print(options.json ? JSON.stringify(report, null, 2) + '\n' : describeImport(report));
      }),
    );
  imports
    .command('remaining')
    .description('Import the rows after a completed test sample (--sample N), with the same file, mapping and options')
    .argument('<id>', 'the id of the sample import', id)
    .option('--dry-run', 'validate and plan the rows, write no record')
    .option('--json', 'print the report as one JSON object')
    .action((importId: number, options: { dryRun?: boolean; json?: boolean }) =>
      context.withDatabase((db) =>
        runWithProgress(context, db, options, (onProgress) =>
          importRemaining(db, importId, {
            ...runOptions(context),
            dryRun: options.dryRun === true,
            onProgress,
            errorLimit: 20,
          }),
        ),
      ),
    );
  imports
    .command('discard')
    .description('Discard an upload, a kept dry run or an import that wrote nothing: drop its staged rows and kept file')
    .argument('<id>', 'the import id', id)
    .option('--json', 'print the result as JSON')
    .action((importId: number, options: { json?: boolean }) =>
      context.withDatabase(async (db) => {
        const report = await discardImport(db, importId, { fileStore: localFileStore(context.config().dataDir) });
        await context.print(options.json ? JSON.stringify(report, null, 2) + '\n' : describeImport(report));
      }),
    );
}
