/**
 * The `roster` command line: parses arguments, calls the repositories, prints. No business rule
 * lives here. Every command opens the database through `context.withDatabase` (migrations run on
 * open) and closes it when done.
 *
 * Adding a command group: write `commands/<group>.ts` exporting `register<Group>(program, context)`
 * and add one line to the REGISTER list below. Use `commandGroup(program, name, description)` to
 * add a subcommand to an existing group (e.g. `users`) instead of creating it twice.
 *
 * Exit codes: 0 success; 1 the command failed (a RosterError or an unexpected error: one line
 * `roster: <message>` on stderr); 2 bad usage (unknown command or flag, a bad flag value).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { RosterError } from '../core/errors.js';
import { registerAdmin } from './commands/admin.js';
import { registerImport } from './commands/import.js';
import { registerImportTemplates } from './commands/import-templates.js';
import { registerImports } from './commands/imports.js';
import { registerMail } from './commands/mail.js';
import { registerProperties } from './commands/properties.js';
import { registerRecords } from './commands/records.js';
import { registerServe } from './commands/serve.js';
import { registerSettings } from './commands/settings.js';
import { registerToken } from './commands/token.js';
import { createContext, type CliContext } from './context.js';
import { boundHeapGrowth } from './heap-growth.js';

type Register = (program: Command, context: CliContext) => void;

/** Command groups in the order `roster --help` lists them. */
const REGISTER: Register[] = [
  registerServe,
  registerRecords,
  registerImport,
  registerImports,
  registerImportTemplates,
  registerMail,
  registerProperties,
  registerAdmin,
  registerToken,
  registerSettings,
];

const USAGE_EXIT = 2;

function version(): string {
  // dist/cli/main.js and src/cli/main.ts both sit two levels below package.json.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Builds the program with every command registered; exported for `--help` checks and docs. */
export function buildProgram(context: CliContext): Command {
  const program = new Command('roster')
    .description('Roster: a helpdesk people directory (users, customers, organizations, tickets).')
    .version(version(), '-v, --version')
    .showSuggestionAfterError(true)
    // One line on stderr for a usage error, in the same `roster: …` form as every other failure.
    .configureOutput({ outputError: (message, write) => write(oneLine(message.replace(/^error: /, 'roster: ')) + '\n') })
    .exitOverride()
    .addHelpText(
      'after',
      `
Environment:
  ROSTER_DATA_DIR  where the SQLite database lives (default ./data, file roster.db)
  DATABASE_URL     postgres://… to use PostgreSQL instead
  PORT             default port of roster serve

Examples:
  roster admin create --email ada@example.com
  roster properties customers add --key plan --label Plan --type choice --choices free,pro
  roster customers list --search acme
  roster customers export > customers.csv
  roster tickets export --json > tickets.json
  roster serve --port 8080

Exit codes: 0 ok, 1 the command failed, 2 bad usage. See docs/cli.md.`,
    );
  for (const register of REGISTER) register(program, context);
  return program;
}

/** Runs the CLI for `argv` (process.argv: node, script, arguments) and sets process.exitCode. */
export async function main(argv: string[]): Promise<void> {
  boundHeapGrowth();
  // `roster customers export | head` closes the pipe early; that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const context = createContext();
  const program = buildProgram(context);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = exitCodeFor(error, context);
  }
}

function oneLine(message: string): string {
  return message.trim().replace(/\s*\n\s*/g, ' ');
}

/** ROSTER_DEBUG, or false when the configuration cannot be read (that failure is the message already printed). */
function debugWanted(context: CliContext): boolean {
  try {
    return context.config().debug;
  } catch {
    return false;
  }
}

function exitCodeFor(error: unknown, context: CliContext): number {
  // Commander has already printed its message (or the help) before throwing; an InvalidArgumentError
  // thrown by a command's own action (a flag checked there) has not, and is printed here.
  if (error instanceof CommanderError) {
    if (error instanceof InvalidArgumentError) process.stderr.write(`roster: ${oneLine(error.message)}\n`);
    return error.exitCode === 0 ? 0 : USAGE_EXIT;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`roster: ${oneLine(message)}\n`);
  if (!(error instanceof RosterError) && error instanceof Error && debugWanted(context)) process.stderr.write(`${error.stack}\n`);
  return 1;
}
