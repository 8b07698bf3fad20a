import type { Kysely, Migration } from 'kysely';

// Migrations see the database untyped and in snake_case, as the SQL it produces will.
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * What the wizard's check-over step needs from a kept import:
 *
 * - `import_issues` paged by column and by code: one index each, led by the import, so a filtered
 *   page and the per-column and per-code counts read an index range instead of every problem of
 *   the import (a file of 1,000,000 rows can have as many).
 * - `import_corrections`: the cells a person corrected in Roster before committing a dry run, one
 *   row per cell, with the value the file had (`original`), so the error report can say so and a
 *   correction can be taken back.
 * - `imports.cancel_requested_at`: set by a cancel, read by the process that runs the import at
 *   each batch boundary, so an import stops whichever instance runs it.
 */
export function importReview(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.createIndex('import_issues_column').on('import_issues').columns(['import_id', 'column_name', 'row']).execute();
      await db.schema.createIndex('import_issues_code').on('import_issues').columns(['import_id', 'code', 'row']).execute();
      await db.schema
        .createTable('import_corrections')
        .addColumn('import_id', 'integer', (c) => c.notNull().references('imports.id').onDelete('cascade'))
        .addColumn('row', 'integer', (c) => c.notNull())
        .addColumn('column_name', 'text', (c) => c.notNull())
        .addColumn('original', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('corrected_at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text')
        .addPrimaryKeyConstraint('import_corrections_pk', ['import_id', 'row', 'column_name'])
        .execute();
      await db.schema.alterTable('imports').addColumn('cancel_requested_at', 'text').execute();
    },
  };
}
