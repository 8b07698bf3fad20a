import { sql, type Kysely, type Migration } from 'kysely';

// Migrations see the database untyped and in snake_case, as the SQL it produces will.
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * `people.source`: how a person came to be. 'manual' (by hand, in the UI, the API or the CLI),
 * 'import', 'ticket_form' (the public support form), 'email' or 'api_ticket' (an authenticated
 * API ticket that named a new requester). The default is 'manual', so every writer that does not
 * say otherwise (setup, the people routes, the CLI) keeps working; an import writes 'import' in
 * its INSERT. The people already stored were created by an import exactly when they carry the
 * import that created them.
 */
export function personSource(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('people')
        .addColumn('source', 'text', (c) =>
          c
            .notNull()
            .defaultTo('manual')
            .check(sql`source in ('manual', 'import', 'ticket_form', 'email', 'api_ticket')`),
        )
        .execute();
      await db.updateTable('people').set({ source: 'import' }).where('created_import_id', 'is not', null).execute();
    },
  };
}
