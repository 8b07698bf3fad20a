import type { Command } from 'commander';
import { getSettings, updateSettings, type Settings } from '../../db/repositories/settings.js';
import type { CliContext } from '../context.js';
import { booleanWord, countryCode } from '../options.js';
import { formatTable } from '../output/format-table.js';

function describe(settings: Settings): string {
  return formatTable(
    ['Setting', 'Value'],
    [
      ['Auto-create organizations', settings.autoCreateOrganizations ? 'true' : 'false'],
      ['Default country', settings.defaultCountry ?? '(none)'],
    ],
  );
}

/** `roster settings show|set`: directory-wide settings. */
export function registerSettings(program: Command, context: CliContext): void {
  const settings = program.command('settings').description('Show or change directory-wide settings');
  settings
    .command('show')
    .description('Show the settings')
    .option('--json', 'print them as JSON')
    .action((options: { json?: boolean }) =>
      context.withDatabase(async (db) => {
        const current = await getSettings(db);
        await context.print(options.json ? JSON.stringify(current, null, 2) + '\n' : describe(current));
      }),
    );
  settings
    .command('set')
    .description('Change one or more settings')
    .option('--auto-create-organizations <true|false>', 'create an organization for a new customer’s company email domain', booleanWord)
    .option('--default-country <code>', 'country for phone numbers written without +prefix (e.g. FR), or "none"', countryCode)
    .addHelpText('after', '\nExample:\n  roster settings set --auto-create-organizations false --default-country FR\n')
    .action((options: { autoCreateOrganizations?: boolean; defaultCountry?: string }, command: Command) => {
      const changes: Partial<Settings> = {};
      if (options.autoCreateOrganizations !== undefined) changes.autoCreateOrganizations = options.autoCreateOrganizations;
      if (options.defaultCountry !== undefined) changes.defaultCountry = options.defaultCountry || null;
      if (Object.keys(changes).length === 0)
        command.error('error: give at least one setting to change; see roster settings set --help.', { exitCode: 2 });
      return context.withDatabase(async (db) => context.print(describe(await updateSettings(db, changes))));
    });
}
