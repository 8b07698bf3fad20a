import type { Kysely, Migration } from 'kysely';

// Migrations see the database untyped and in snake_case, as the SQL it produces will.
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The spreadsheet row of the file that created a person (with `created_import_id`). An import
 * finds a later row that repeats a person it created by that person, and names the first row
 * from here, so the rows it creates need no entry of their own in its keys table (see
 * rememberKeys). Organizations keep their keys there, so they need no such column.
 */
export function importRow(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('people').addColumn('import_row', 'integer').execute();
    },
  };
}
