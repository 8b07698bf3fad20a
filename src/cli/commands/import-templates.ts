import { Argument, Option, type Command } from 'commander';
import { deleteImportTemplate, listImportTemplates } from '../../import/use-cases/import-templates.js';
import { templateCsv } from '../../import/use-cases/template-csv.js';
import { IMPORT_ENTITIES, type ImportEntity } from '../../import/types.js';
import { commandGroup } from '../command-group.js';
import type { CliContext } from '../context.js';
import { formatTable } from '../output/format-table.js';

/**
 * `roster import template KIND` (a CSV file to fill in) and `roster imports templates list|delete`
 * (saved mappings; `roster import … --template/--save-template` use and save them).
 */
export function registerImportTemplates(program: Command, context: CliContext): void {
  commandGroup(program, 'import', 'Import users, customers or organizations from a CSV file')
    .command('template')
    .description('Print a CSV file to fill in: one header row with every property of the kind, required ones first')
    .addArgument(new Argument('<kind>', 'users, customers or organizations').choices(IMPORT_ENTITIES))
    .addHelpText(
      'after',
      `
Example:
  roster import template customers > customers.csv

UTF-8 with a byte order mark (so Excel reads it right); importing the file maps every column.`,
    )
    .action((kind: ImportEntity) => context.withDatabase(async (db) => context.print(await templateCsv(db, kind))));

  const templates = commandGroup(program, 'imports', 'List, inspect, undo, resume or discard imports')
    .command('templates')
    .description('List or delete saved mappings (roster import KIND FILE --save-template NAME saves one)');
  templates
    .command('list')
    .description('List the saved templates, by kind and name')
    .addOption(new Option('--entity <kind>', 'only the templates of this kind').choices(IMPORT_ENTITIES))
    .option('--json', 'print them as JSON')
    .action((options: { entity?: ImportEntity; json?: boolean }) =>
      context.withDatabase(async (db) => {
        const list = await listImportTemplates(db, options.entity);
        if (options.json) {
          await context.print(JSON.stringify(list, null, 2) + '\n');
          return;
        }
        if (list.length === 0) {
          await context.print('No saved templates. Save one with roster import KIND FILE --save-template NAME.\n');
          return;
        }
        await context.print(
          formatTable(
            ['ID', 'Kind', 'Name', 'Columns', 'Mapped', 'On existing', 'Updated'],
            list.map((t) => [
              String(t.id),
              t.entity,
              t.name,
              String(t.headers.length),
              String(Object.values(t.mapping).filter((k) => k !== null).length),
              t.onExisting,
              t.updatedAt.replace('T', ' ').slice(0, 19),
            ]),
          ),
        );
      }),
    );
  templates
    .command('delete')
    .description('Delete a saved template')
    .argument('<name>', 'the template name')
    .addOption(new Option('--entity <kind>', 'the kind the template is for').choices(IMPORT_ENTITIES).makeOptionMandatory())
    .action((name: string, options: { entity: ImportEntity }) =>
      context.withDatabase(async (db) => {
        const deleted = await deleteImportTemplate(db, { entity: options.entity, name });
        await context.print(`Deleted the template "${deleted.name}" for ${deleted.entity}.\n`);
      }),
    );
}
