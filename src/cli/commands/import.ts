import os from 'node:os';
import { Argument, InvalidArgumentError, Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { PROPERTY_TYPES, type PropertyType } from '../../core/properties.js';
import { localFileStore } from '../../import/file-store.js';
import { saveImportTemplate, templateInputFromReport } from '../../import/use-cases/import-templates.js';
import { importIssues } from '../../import/use-cases/list-imports.js';
import { importTicketMessages } from '../../import/use-cases/import-ticket-messages.js';
import { runImport } from '../../import/use-cases/run-import.js';
import {
  IMPORT_ENTITIES,
  ON_EXISTING,
  type ImportEntity,
  type ImportProgress,
  type ImportReport,
  type NewPropertyOption,
  type OnExisting,
} from '../../import/types.js';
import type { CliContext } from '../context.js';
import { wholeNumber } from '../options.js';
import { describeImport, printImportJson } from './imports.js';
import { describeInvitations, inviteAfterImport, inviteRefusal, type ImportInvitations } from './invite-imported.js';

/** `Header=value` → [header, value], split at the last `=` (a header may contain one; keys never do). */
function pair(flag: string): (value: string, previous: [string, string][]) => [string, string][] {
  return (value, previous) => {
    const at = value.lastIndexOf('=');
    if (at <= 0) throw new InvalidArgumentError(`Expected "Header=…" for ${flag}, e.g. ${flag} "Email=email".`);
    return [...previous, [value.slice(0, at), value.slice(at + 1).trim()]];
  };
}

function newProperties(pairs: [string, string][]): NewPropertyOption[] {
  return pairs.map(([header, spec]) => {
    const [key, type] = spec.split(':').map((s) => s.trim());
    if (!key || !type || !PROPERTY_TYPES.includes(type as PropertyType)) {
      throw new InvalidArgumentError(
        `Expected --new-property "Header=key:type" with a type among ${PROPERTY_TYPES.join(', ')}; got "${header}=${spec}".`,
      );
    }
    return { header, key, type: type as PropertyType };
  });
}

interface ImportFlags {
  map: [string, string][];
  encoding?: string;
  delimiter?: string;
  dateFormat: [string, string][];
  onExisting?: OnExisting;
  sample?: number;
  dryRun?: boolean;
  allOrNothing?: boolean;
  json?: boolean;
  newProperty: [string, string][];
  template?: string;
  saveTemplate?: string;
  value: [string, string, string][];
  createMissingCustomers?: boolean;
  invite?: boolean;
}

/** `--value "Header:written=value"` (repeatable) → [header, written, value] triples, checked as the flag is read. */
function valuePair(value: string, previous: [string, string, string][]): [string, string, string][] {
  const equals = value.lastIndexOf('=');
  const colon = value.indexOf(':');
  if (colon <= 0 || equals <= colon + 1 || equals === value.length - 1) {
    throw new InvalidArgumentError(`Expected "Header:value in the file=Roster's value", e.g. --value "Status:Solved=resolved".`);
  }
  return [...previous, [value.slice(0, colon), value.slice(colon + 1, equals), value.slice(equals + 1).trim()]];
}

/** The --value triples as runImport takes them: header → written value → property value. */
function valueMaps(triples: [string, string, string][]): Record<string, Record<string, string>> {
  const maps: Record<string, Record<string, string>> = {};
  for (const [header, written, value] of triples) (maps[header] ??= {})[written] = value;
  return maps;
}

/** A progress bar on stderr, only when stderr is a terminal (scripts and pipes get nothing). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): { update(p: ImportProgress): void; stop(): void } {
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream, format: ' {phase} [{bar}] {percentage}% | {rowsDone} rows | {rowsPerSec} rows/s | ETA {eta_formatted}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const payload = { phase: p.phase.padEnd(8), rowsDone: p.rowsDone, rowsPerSec: p.rowsPerSec };
      const value = Math.round((p.fraction ?? 0) * 1000);
      if (!started) {
        bar.start(1000, value, payload);
        started = true;
      } else bar.update(value, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** `roster import users|customers|organizations FILE`: the import engine from the command line. */
export function registerImport(program: Command, context: CliContext): void {
  program
    .command('import')
    .description('Import users, customers, organizations or tickets from a CSV file')
    .addArgument(
      new Argument('<kind>', 'users, customers, organizations, tickets, or ticket-messages (the conversation of imported tickets)').choices(
        [...IMPORT_ENTITIES, 'ticket-messages'],
      ),
    )
    .argument('<file>', 'the CSV file (any encoding and delimiter Roster detects)')
    .option('--map <Header=key>', 'map a column to a property key; "Header=" ignores the column (repeatable)', pair('--map'), [])
    .option('--encoding <name>', 'read the file in this encoding: utf-8, windows-1252, iso-8859-1, utf-16le, utf-16be')
    .option('--delimiter <char>', 'the delimiter: , ; | or tab')
    .option(
      '--date-format <Header=format>',
      'read a date column in dd/mm/yyyy, mm/dd/yyyy, dd.mm.yyyy, dd-mm-yyyy, yyyy/mm/dd or iso-datetime (repeatable)',
      pair('--date-format'),
      [],
    )
    .addOption(
      // No commander default: a template's own policy applies unless the flag is given.
      new Option('--on-existing <policy>', 'what to do with a row matching an existing record (default: update)').choices(ON_EXISTING),
    )
    .option(
      '--value <Header:written=value>',
      'read a value of a choice column as one of its values, e.g. "Status:Solved=resolved" (repeatable)',
      valuePair,
      [],
    )
    .option(
      '--create-missing-customers',
      'tickets: create a customer for each Customer Email nobody has (named from Customer Name, else the email)',
    )
    .option('--sample <n>', 'import only the first N data rows', wholeNumber(1))
    .option('--dry-run', 'validate and plan the whole file without writing anything')
    .option('--all-or-nothing', 'write nothing if any row fails')
    .option(
      '--new-property <Header=key:type>',
      'create a custom property for a column before importing (repeatable)',
      pair('--new-property'),
      [],
    )
    .option('--template <name>', "use a saved template's mapping and options (flags given here win)")
    .option('--save-template <name>', 'after the run, save its mapping and options as a template (replacing one of that name)')
    .option('--invite', 'users only: invite the users the import creates to choose a password (mailed, or the links printed)')
    .option('--json', 'print the report as one JSON object')
    .addHelpText(
      'after',
      `
Examples:
  roster import customers customers.csv
  roster import customers clients.csv --map "Société=organization" --date-format "Client depuis=dd/mm/yyyy" \\
      --new-property "Client depuis=clientSince:date" --dry-run
  roster import users staff.csv --on-existing skip --json
  roster import users staff.csv --invite          # then invite the users it created
  roster import customers crm.csv --map "Name=fullName" --save-template "CRM export"
  roster import customers crm-june.csv --template "CRM export"
  roster import template customers > template.csv
  roster import tickets zendesk-export.csv --value "Status:Triage=open" --dry-run
  roster import ticket-messages comments.csv      # External ID, Author Email, Date, Body

Exit code 0 when the import ran (even with failed rows; see "failed" and "errors"), 1 when it
could not run (unreadable file, a required property not mapped). See docs/import.md.`,
    )
    .action(async (kind: ImportEntity | 'ticket-messages', file: string, flags: ImportFlags) => {
      if (kind === 'ticket-messages') return importMessages(context, file, flags);
      if (flags.invite) {
        const refused = inviteRefusal(kind, flags.dryRun === true);
        if (refused) throw refused;
      }
      const mapping = Object.fromEntries(flags.map.map(([h, k]) => [h, k === '' ? null : k]));
      const bar = flags.json ? { update: () => undefined, stop: () => undefined } : progressBar();
      const actor = `cli:${os.userInfo().username}`;
      let savedLine = '';
      let invitations: ImportInvitations | undefined;
      const report: ImportReport = await context
        .withDatabase(async (db) => {
          const result = await runImport(db, {
            entity: kind,
            filePath: file,
            mapping,
            ...(flags.encoding ? { encoding: flags.encoding } : {}),
            ...(flags.delimiter ? { delimiter: flags.delimiter } : {}),
            dateFormats: Object.fromEntries(flags.dateFormat),
            valueMaps: valueMaps(flags.value),
            ...(flags.createMissingCustomers ? { createMissingCustomers: true } : {}),
            ...(flags.onExisting ? { onExisting: flags.onExisting } : {}),
            ...(flags.sample ? { sample: flags.sample } : {}),
            dryRun: flags.dryRun === true,
            ...(flags.allOrNothing ? { allOrNothing: true } : {}),
            ...(flags.template !== undefined ? { template: flags.template } : {}),
            newProperties: newProperties(flags.newProperty),
            actor,
            fileStore: localFileStore(context.config().dataDir),
            tuning: context.config().importTuning,
            onProgress: (p) => bar.update(p),
            errorLimit: 20,
          });
          bar.stop();
          if (flags.saveTemplate !== undefined) {
            const saved = await saveImportTemplate(db, templateInputFromReport(result, flags.saveTemplate, actor));
            savedLine = `${saved.replaced ? 'Replaced' : 'Saved'} the template "${saved.template.name}" for ${kind} (roster import ${kind} FILE --template "${saved.template.name}").\n`;
          }
          // An import that stopped short (failed, cancelled) says so in its report; it invites nobody.
          if (flags.invite && result.status === 'completed') invitations = await inviteAfterImport(context, db, result.id);
          if (flags.json) await printImportJson(context, result, importIssues(db, result.id), invitations ? { invitations } : {});
          return result;
        })
        .finally(() => bar.stop());
      if (!flags.json) await context.print(describeImport(report) + savedLine + (invitations ? describeInvitations(invitations) : ''));
    });
}

/** `roster import ticket-messages FILE`: messages added to imported tickets by External ID (importTicketMessages). */
async function importMessages(context: CliContext, file: string, flags: ImportFlags): Promise<void> {
  const report = await context.withDatabase((db) =>
    importTicketMessages(db, {
      filePath: file,
      mapping: Object.fromEntries(flags.map),
      ...(flags.encoding ? { encoding: flags.encoding } : {}),
      ...(flags.delimiter ? { delimiter: flags.delimiter } : {}),
      errorLimit: flags.json ? Number.MAX_SAFE_INTEGER : 20,
    }),
  );
  if (flags.json) {
    await context.print(JSON.stringify(report) + '\n');
    return;
  }
  const lines = [
    `Messages from ${report.fileName} (${report.encoding}): ${report.rows} rows: ${report.added} added, ${report.unchanged} already there, ${report.failed} failed`,
    `Mapping: ${Object.entries(report.mapping)
      .map(([header, column]) => `${header} → ${column}`)
      .join(', ')}`,
  ];
  if (report.errors.length > 0) lines.push('', 'Problems:', ...report.errors.map((e) => `  ${e.message}`));
  await context.print(lines.join('\n') + '\n');
}
