import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../database.js';
import { withId } from './column-types.js';

// Migrations see the database untyped and in snake_case, as the SQL it produces will.
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * `ticket_messages`: the conversation of a ticket, oldest first. Each message is text (never
 * HTML), written by someone known by email (`author_id` when that email is a person's, cleared
 * when the person is deleted), and goes with its ticket when the ticket is deleted. `source` says
 * how it came: 'email' (the inbound SMTP listener), 'web', 'import' or 'api'.
 */
export function ticketMessages(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('ticket_messages'), dialect)
        .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
        .addColumn('author_email', 'text', (c) => c.notNull())
        .addColumn('author_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('email', 'web', 'import', 'api')`))
        .execute();
      await db.schema.createIndex('ticket_messages_ticket').on('ticket_messages').columns(['ticket_id', 'id']).execute();
      await db.schema.createIndex('ticket_messages_author').on('ticket_messages').column('author_id').execute();
    },
  };
}
