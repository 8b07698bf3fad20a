import { Option, type Command } from 'commander';
import { validationError } from '../../core/errors.js';
import { PROPERTY_TYPES, type ListedProperty, type PropertyType } from '../../core/properties.js';
import { RECORD_KINDS, type RecordKind } from '../../core/record-kind.js';
import {
  addProperty,
  changeProperty,
  listProperties,
  orderProperties,
  propertyUsage,
  removeProperty,
} from '../../db/repositories/properties.js';
import type { CliContext } from '../context.js';
import { commaList } from '../options.js';
import { formatTable } from '../output/format-table.js';

interface AddOptions {
  key: string;
  label: string;
  type: PropertyType;
  choices?: string[];
}

const values = (n: number) => `${n} ${n === 1 ? 'value' : 'values'}`;

/** The keys of `all` with `key` moved just before or after `anchor`. */
function movedKeys(all: readonly ListedProperty[], key: string, place: { before?: string; after?: string }): string[] {
  const anchor = place.before ?? place.after!;
  if (anchor === key) throw validationError(place.before !== undefined ? 'before' : 'after', `${key} cannot move next to itself.`);
  const keys = all.map((p) => p.key).filter((k) => k !== key);
  const at = keys.indexOf(anchor);
  // An unknown key or anchor is passed on as it is, for orderProperties to name in its refusal.
  if (at === -1) return [...keys, key, anchor];
  keys.splice(place.before !== undefined ? at : at + 1, 0, key);
  return keys;
}

/**
 * `roster properties <kind> list|add|rename|choices|require|optional|hide|show|order|move|usage|remove`:
 * the schema of each record kind, as Settings › Properties shows it.
 */
export function registerProperties(program: Command, context: CliContext): void {
  const group = program
    .command('properties')
    .description('Show, add, change, order or remove the properties (fields) of users, customers, organizations or tickets');
  for (const kind of RECORD_KINDS) registerKind(group.command(kind).description(`Properties of ${kind}`), kind, context);
}

function registerKind(sub: Command, kind: RecordKind, context: CliContext): void {
  sub
    .command('list')
    .description(`List the properties of ${kind} in their order`)
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
          p.hidden ? 'yes' : '',
          p.custom ? 'custom' : 'standard',
          (p.choices ?? []).join(', '),
        ]);
        return context.print(formatTable(['Key', 'Label', 'Type', 'Required', 'Hidden', 'Origin', 'Choices'], rows));
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
    .command('choices')
    .description(`Replace the choices of a custom choice property of ${kind}`)
    .argument('<key>', 'the key of the custom choice property')
    .requiredOption('--choices <list>', 'the whole new list of allowed values, comma-separated', commaList)
    .addHelpText('after', `\nExample:\n  roster properties ${kind} choices loyaltyTier --choices gold,silver,bronze\n`)
    .action((key: string, options: { choices: string[] }) =>
      context.withDatabase(async (db) => {
        const changed = await changeProperty(db, kind, key, { choices: options.choices });
        await context.print(`The choices of ${changed.key} of ${kind} are ${(changed.choices ?? []).join(', ')} now.\n`);
      }),
    );
  const hideable = kind === 'organizations' ? 'domains' : kind === 'tickets' ? 'externalId' : 'title';
  const flag = (name: string, description: string, change: { required?: boolean; hidden?: boolean }, done: string, example: string) =>
    sub
      .command(name)
      .description(description)
      .argument('<key>', 'the key of the property')
      .addHelpText('after', `\nExample:\n  roster properties ${kind} ${name} ${example}\n`)
      .action((key: string) =>
        context.withDatabase(async (db) => {
          const changed = await changeProperty(db, kind, key, change);
          await context.print(`The property ${changed.key} of ${kind} ${done}.\n`);
        }),
      );
  flag(
    'require',
    `Make a custom property of ${kind} required: new records must have it; records without a value keep none until given one`,
    { required: true },
    'is required now',
    'loyaltyTier',
  );
  flag('optional', `Make a custom property of ${kind} optional again`, { required: false }, 'is optional now', 'loyaltyTier');
  flag(
    'hide',
    `Leave a standard property of ${kind} out of the web forms (the API and imports still take it)`,
    { hidden: true },
    'is hidden from the web forms now',
    hideable,
  );
  flag(
    'show',
    `Show a hidden standard property of ${kind} in the web forms again`,
    { hidden: false },
    'is shown in the web forms now',
    hideable,
  );
  sub
    .command('order')
    .description(`Put the properties of ${kind} in a new order: every key, once, comma-separated`)
    .argument('<keys>', 'every property key of the kind, in the new order', commaList)
    .addHelpText('after', `\nSee the keys and their order with: roster properties ${kind} list\n`)
    .action((keys: string[]) =>
      context.withDatabase(async (db) => {
        const ordered = await orderProperties(db, kind, keys);
        await context.print(`The properties of ${kind} are in this order now: ${ordered.map((p) => p.key).join(', ')}.\n`);
      }),
    );
  sub
    .command('move')
    .description(`Move one property of ${kind} just before or after another`)
    .argument('<key>', 'the key of the property to move')
    .addOption(new Option('--before <key>', 'the property it goes before').conflicts('after'))
    .addOption(new Option('--after <key>', 'the property it goes after'))
    .addHelpText(
      'after',
      `\nExample:\n  roster properties ${kind} move ${kind === 'tickets' ? 'priority --before title' : 'title --after email'}\n`,
    )
    .action((key: string, options: { before?: string; after?: string }, command: Command) => {
      if (options.before === undefined && options.after === undefined)
        command.error('error: give --before <key> or --after <key>.', { exitCode: 2, code: 'roster.usage' });
      return context.withDatabase(async (db) => {
        const ordered = await orderProperties(db, kind, movedKeys(await listProperties(db, kind), key, options));
        await context.print(`The properties of ${kind} are in this order now: ${ordered.map((p) => p.key).join(', ')}.\n`);
      });
    });
  sub
    .command('usage')
    .description(`Count the records of ${kind} that have a value for a custom property`)
    .argument('<key>', 'the key of the custom property')
    .action((key: string) =>
      context.withDatabase(async (db) => {
        const n = await propertyUsage(db, kind, key);
        await context.print(`${n} of the ${kind} ${n === 1 ? 'has' : 'have'} a value for ${key}.\n`);
      }),
    );
  sub
    .command('remove')
    .description(`Remove a custom property of ${kind} and erase its values (see how many first with usage)`)
    .argument('<key>', 'the key of the custom property')
    .addHelpText('after', `\nExample:\n  roster properties ${kind} usage loyaltyTier\n  roster properties ${kind} remove loyaltyTier\n`)
    .action((key: string) =>
      context.withDatabase(async (db) => {
        const { property, values: n } = await removeProperty(db, kind, key);
        await context.print(
          `Removed the property "${property.label}" (${property.key}) from ${kind}; ${values(n)} ${n === 1 ? 'was' : 'were'} erased.\n`,
        );
      }),
    );
}
