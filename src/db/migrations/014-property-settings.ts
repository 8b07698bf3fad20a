import { sql, type Kysely, type Migration } from 'kysely';

// Migrations see the database untyped and in snake_case, as the SQL it produces will.
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * `property_settings`: what an admin chose for one property of a record kind (`entity`, `key`):
 * its place in forms and lists (`position`, NULL: where it comes by default, after the placed
 * ones), whether a custom property must be filled (`required`), and whether a standard one is
 * left out of the web forms (`hidden`). A property without a row keeps its defaults, so the
 * standard properties need no rows and a new release may add one. Flags are 0/1 integers, the
 * same on both databases. A custom property's row goes with it (removeProperty).
 */
export function propertySettings(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('property_settings')
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('position', 'integer')
        .addColumn('required', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`required in (0, 1)`),
        )
        .addColumn('hidden', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`hidden in (0, 1)`),
        )
        .addPrimaryKeyConstraint('property_settings_pk', ['entity', 'key'])
        .execute();
    },
  };
}
