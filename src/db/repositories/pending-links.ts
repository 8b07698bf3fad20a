import { sql } from 'kysely';
import type { Database } from '../database.js';

/**
 * Pending links: an imported ticket that named a customer or an assignee nobody had yet keeps
 * that email (`pending_customer_email`, `pending_assignee_email`, lower case) and is linked as
 * soon as a person of the right kind has it, however that person is created: by hand, by an
 * import, by a ticket or an email. One statement per link, set-based, through the partial indexes
 * on the pending emails, so it costs next to nothing when no ticket waits.
 */
export const LINK_PENDING_TICKETS_SQL: readonly string[] = (
  [
    ['customer', 'customer'],
    ['assignee', 'user'],
  ] as const
).map(
  ([link, kind]) =>
    `UPDATE tickets SET ${link}_id = (SELECT p.id FROM people p WHERE lower(p.email) = tickets.pending_${link}_email AND p.kind = '${kind}'), pending_${link}_email = NULL
     WHERE pending_${link}_email IS NOT NULL AND EXISTS (SELECT 1 FROM people p WHERE lower(p.email) = tickets.pending_${link}_email AND p.kind = '${kind}')`,
);

/** Links the tickets waiting for people who exist now (see LINK_PENDING_TICKETS_SQL); `db` may be a transaction's. */
export async function linkPendingTickets(db: Database): Promise<void> {
  for (const statement of LINK_PENDING_TICKETS_SQL) await sql.raw(statement).execute(db.kysely);
}
