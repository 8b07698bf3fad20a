import { sql, type Kysely, type Migration } from 'kysely';

// Migrations see the database untyped and in snake_case, as the SQL it produces will.
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * What a ticket import needs of the tickets table:
 * - `external_id`: the ticket's id in the helpdesk it came from; unique when given, so that the
 *   same export imported again updates its tickets instead of adding them twice.
 * - `pending_customer_email` / `pending_assignee_email`: the email an imported ticket named for a
 *   person who did not exist yet (lower case). Set while the link waits; cleared, and the ticket
 *   linked, when that person is created (see linkPendingTickets).
 * - `import_row`: the spreadsheet row the ticket came from, for the import's list of unlinked rows.
 * - `imports.links`: how a tickets import's tickets found their people (TicketLinks, as JSON).
 * The indexes on the pending emails are partial: only waiting tickets are in them, so looking for
 * tickets to link costs nothing when none wait.
 */
export function ticketImport(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('tickets').addColumn('external_id', 'text').execute();
      await db.schema.alterTable('tickets').addColumn('pending_customer_email', 'text').execute();
      await db.schema.alterTable('tickets').addColumn('pending_assignee_email', 'text').execute();
      await db.schema.alterTable('tickets').addColumn('import_row', 'integer').execute();
      await sql`CREATE UNIQUE INDEX tickets_external_id ON tickets (external_id) WHERE external_id IS NOT NULL`.execute(db);
      await sql`CREATE INDEX tickets_pending_customer ON tickets (pending_customer_email) WHERE pending_customer_email IS NOT NULL`.execute(
        db,
      );
      await sql`CREATE INDEX tickets_pending_assignee ON tickets (pending_assignee_email) WHERE pending_assignee_email IS NOT NULL`.execute(
        db,
      );
      await db.schema.alterTable('imports').addColumn('links', 'text').execute();
      await db.schema.createIndex('tickets_created_import').on('tickets').columns(['created_import_id', 'import_row']).execute();
      await db.schema.createIndex('tickets_status_number').on('tickets').columns(['status', 'number']).execute();
    },
  };
}
