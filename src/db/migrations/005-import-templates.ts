import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.js';
import { withId } from './column-types.js';

// Migrations see the database untyped and in snake_case, as the SQL it produces will.
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Saved mappings: a person names the mapping of a file so that it is offered again when a file
 * with the same headers comes. Headers, mapping and date formats are JSON text (the file's header
 * labels; header → key or null; header → format), as the imports table keeps them; a name is
 * unique per record kind, so saving it again replaces the template.
 */
export function importTemplates(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('import_templates'), dialect)
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('headers', 'text', (c) => c.notNull())
        .addColumn('mapping', 'text', (c) => c.notNull())
        .addColumn('date_formats', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('on_existing', 'text', (c) => c.notNull().defaultTo('update'))
        .addColumn('all_or_nothing', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('import_templates_entity_name').on('import_templates').columns(['entity', 'name']).unique().execute();
    },
  };
}
