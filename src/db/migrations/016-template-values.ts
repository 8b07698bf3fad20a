import { sql, type Kysely, type Migration } from 'kysely';

// Migrations see the database untyped and in snake_case, as the SQL it produces will.
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * What a saved import template keeps beyond the mapping: the values mapped per column
 * (`value_maps`, JSON: header → value as written, lower case → the choice stored, as an import's
 * options hold them) and, for tickets, whether customers are created for Customer Emails that
 * match nobody (`create_missing_customers`, 0/1). A template saved before keeps neither.
 */
export function templateValues(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('import_templates')
        .addColumn('value_maps', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await db.schema
        .alterTable('import_templates')
        .addColumn('create_missing_customers', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`create_missing_customers in (0, 1)`),
        )
        .execute();
    },
  };
}
