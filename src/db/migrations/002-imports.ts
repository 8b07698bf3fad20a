import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.js';
import { withId } from './column-types.js';

// Migrations see the database untyped and in snake_case, as the SQL it produces will.
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The import's state lives in the database so that a restarted process still shows it and can
 * resume it: one row per import (its file, mapping, options, cursors and counts), the problems
 * of its rows, the original cells of rejected rows (for the error report) and, for every record
 * it updated, the values it replaced (for undo). Staged rows live in a table per import
 * (`import_stage_<id>`), created and dropped by the import itself.
 */
export function imports(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('imports'), dialect)
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        // Where a running import is: staging (reading the file), merging (writing records), done.
        .addColumn('phase', 'text', (c) => c.notNull().defaultTo('staging'))
        .addColumn('dry_run', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('file_size', 'bigint', (c) => c.notNull())
        .addColumn('file_sha256', 'text', (c) => c.notNull())
        .addColumn('file_key', 'text')
        .addColumn('encoding', 'text', (c) => c.notNull())
        .addColumn('delimiter', 'text', (c) => c.notNull())
        .addColumn('headers', 'text', (c) => c.notNull())
        .addColumn('mapping', 'text', (c) => c.notNull())
        .addColumn('suggestions', 'text', (c) => c.notNull())
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('columns', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('actor', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('heartbeat_at', 'text')
        .addColumn('pid', 'integer')
        .addColumn('host', 'text')
        // Cursors: the last spreadsheet row staged, and the last one merged into the records.
        .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('rows_committed', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('last_row', 'integer')
        .addColumn('rows', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('duplicates', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error', 'text')
        .addColumn('undone_at', 'text')
        .addColumn('undo', 'text')
        .execute();
      await db.schema.createIndex('imports_status').on('imports').column('status').execute();

      await withId(db.schema.createTable('import_issues'), dialect)
        .addColumn('import_id', 'integer', (c) => c.notNull().references('imports.id').onDelete('cascade'))
        .addColumn('row', 'integer', (c) => c.notNull())
        .addColumn('column_name', 'text')
        .addColumn('value', 'text')
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('import_issues_row').on('import_issues').columns(['import_id', 'row']).execute();

      await db.schema
        .createTable('import_rejected_rows')
        .addColumn('import_id', 'integer', (c) => c.notNull().references('imports.id').onDelete('cascade'))
        .addColumn('row', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('cells', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('import_rejected_rows_pk', ['import_id', 'row'])
        .execute();

      await db.schema
        .createTable('import_changes')
        .addColumn('import_id', 'integer', (c) => c.notNull().references('imports.id').onDelete('cascade'))
        .addColumn('record_id', 'integer', (c) => c.notNull())
        .addColumn('before', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('import_changes_pk', ['import_id', 'record_id'])
        .execute();

      await db.schema.createIndex('organizations_created_import').on('organizations').column('created_import_id').execute();
    },
  };
}
