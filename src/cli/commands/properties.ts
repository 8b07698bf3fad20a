import { Option, type Command } from 'commander';
import { PROPERTY_TYPES, type PropertyType } from '../../core/properties.js';
import { RECORD_KINDS } from '../../core/record-kind.js';
import { addProperty, changeProperty, listProperties, removeProperty } from '../../db/repositories/properties.js';
import type { CliContext } from '../context.js';
import { commaList } from '../options.js';
import { formatTable } from '../output/format-table.js';

interface AddOptions {
  key: string;
  label: string;
  type: PropertyType;
  choices?: string[];
}

/** `roster properties <kind> list|add|rename|remove`: the schema of each record kind. */
export function registerProperties(program: Command, context: CliContext): void {
  const group = program
    .command('properties')
    .description('Show, add, rename or remove the properties (fields) of users, customers, organizations or tickets');
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
          const added = await addProperty(db, kind, {
            key: options.key,
            label: options.label,
            type: options.type,
            ...(options.choices ? { choices: options.choices } : {}),
          });
          await context.print(`Added the ${added.type} property "${added.label}" (${added.key}) to ${kind}.\n`);
        }),
      );
    sub
      .command('rename')
      .description(`Give a custom property of ${kind} another label (its key stays)`)
      .argument('<key>', 'the key of the custom property')
      .requiredOption('--label <label>', 'the new label, which CSV headers use')
      .addHelpText('after', `\nExample:\n  roster properties ${kind} rename loyaltyTier --label "Loyalty Level"\n`)
      .action((key: string, options: { label: string }) =>
        context.withDatabase(async (db) => {
          const changed = await changeProperty(db, kind, key, { label: options.label });
          await context.print(`The property ${changed.key} of ${kind} is labelled "${changed.label}" now.\n`);
        }),
      );
    sub
      .command('remove')
      .description(`Remove a custom property of ${kind} and erase its values`)
      .argument('<key>', 'the key of the custom property')
      .addHelpText('after', `\nExample:\n  roster properties ${kind} remove loyaltyTier\n`)
      .action((key: string) =>
        context.withDatabase(async (db) => {
          const { property, values } = await removeProperty(db, kind, key);
          await context.print(
            `Removed the property "${property.label}" (${property.key}) from ${kind}; ${values} ${values === 1 ? 'value was' : 'values were'} erased.\n`,
          );
        }),
      );
  }
}
