import type { Kysely, Migration } from 'kysely';

// Migrations see the database untyped and in snake_case, as the SQL it produces will.
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The spreadsheet row of the file that created a record (with `created_import_id`). An import
 * finds a later row that repeats a record it created by that record, and names the first row
 * from here, so the rows it creates need no entry of their own in its keys table (see
 * rememberKeys).
 */
export function importRow(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('people').addColumn('import_row', 'integer').execute();
      await db.schema.alterTable('organizations').addColumn('import_row', 'integer').execute();
    },
  };
}
