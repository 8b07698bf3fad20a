import { Option, type Command } from 'commander';
import { PROPERTY_TYPES, type PropertyType } from '../../core/properties.js';
import { RECORD_KINDS, type RecordKind } from '../../core/record-kind.js';
import { addProperty, listProperties } from '../../db/repositories/properties.js';
import type { CliContext } from '../context.js';
import { commaList } from '../options.js';
import { formatTable } from '../output/format-table.js';

interface AddOptions {
  key: string;
  label: string;
  type: PropertyType;
  choices?: string[];
}

/** `roster properties <kind> list|add`: the schema of each record kind. */
export function registerProperties(program: Command, context: CliContext): void {
  const group = program
    .command('properties')
    .description('Show or add the properties (fields) of users, customers, organizations or tickets');
  for (const kind of RECORD_KINDS) {
    const sub = group.command(kind).description(`Properties of ${kind}`);
    sub
      .command('list')
      .description(`List the properties of ${kind}: standard ones, then custom ones`)
      .option('--json', 'print the properties as a JSON array')
      .action((options: { json?: boolean }) =>
        context.withDatabase(async (db) => {
          const properties = await listProperties(db, kind);
          if (options.json) return context.print(JSON.stringify(properties, null, 2) + '\n');
          const rows = properties.map((p) => [
            p.key,
            p.label,
            p.type,
            p.required ? 'yes' : '',
            p.custom ? 'custom' : 'standard',
            (p.choices ?? []).join(', '),
          ]);
          return context.print(formatTable(['Key', 'Label', 'Type', 'Required', 'Origin', 'Choices'], rows));
        }),
      );
    sub
      .command('add')
      .description(`Add a custom property to ${kind}`)
      .requiredOption('--key <key>', 'camelCase key used by the API and JSON exports, e.g. loyaltyTier')
      .requiredOption('--label <label>', 'the name people see and CSV headers use, e.g. "Loyalty Tier"')
      .addOption(new Option('--type <type>', 'the kind of value').choices(PROPERTY_TYPES).makeOptionMandatory())
      .option('--choices <list>', 'for --type choice: the allowed values, comma-separated', commaList)
      .addHelpText(
        'after',
        `\nExample:\n  roster properties ${kind} add --key loyaltyTier --label "Loyalty Tier" --type choice --choices gold,silver\n`,
      )
      .action((options: AddOptions) =>
        context.withDatabase(async (db) => {
          const added = await addProperty(db, kind as RecordKind, {
            key: options.key,
            label: options.label,
            type: options.type,
            ...(options.choices ? { choices: options.choices } : {}),
          });
          await context.print(`Added the ${added.type} property "${added.label}" (${added.key}) to ${kind}.\n`);
        }),
      );
  }
}
