import { normalizeEmail } from '../../core/email.js';
import { notFound } from '../../core/errors.js';
import type { TicketMessageSource } from '../../core/ticket-message.js';
import { sql, type Selectable } from 'kysely';
import type { Database } from '../database.js';
import type { TicketMessagesTable } from '../schema.js';
import { now } from './now.js';
import { findPersonByEmail } from './people.js';

/** A message of a ticket as the API shows it (its row): text, never HTML. */
export type TicketMessage = Selectable<TicketMessagesTable>;

export interface NewTicketMessage {
  ticketId: number;
  authorEmail: string;
  body: string;
  source: TicketMessageSource;
}

/**
 * Adds a message to a ticket and moves the ticket's updated_at to it, in one transaction. The
 * author is linked to the person with that email (a user or a customer), if any; an unknown
 * author is kept by email only.
 */
export async function addTicketMessage(db: Database, input: NewTicketMessage): Promise<TicketMessage> {
  const authorEmail = normalizeEmail(input.authorEmail);
  return db.kysely.transaction().execute(async (trx) => {
    const tdb: Database = { ...db, kysely: trx };
    const t = now();
    const updated = await trx.updateTable('tickets').set({ updatedAt: t }).where('id', '=', input.ticketId).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw notFound(`Ticket ${input.ticketId}`);
    const person = await findPersonByEmail(tdb, authorEmail);
    return trx
      .insertInto('ticketMessages')
      .values({ ticketId: input.ticketId, authorEmail, authorId: person?.id ?? null, body: input.body, createdAt: t, source: input.source })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** A ticket's messages, oldest first; a ticket that does not exist is a not-found error. */
export async function listTicketMessages(db: Database, ticketId: number): Promise<TicketMessage[]> {
  const ticket = await db.kysely.selectFrom('tickets').select('id').where('id', '=', ticketId).executeTakeFirst();
  if (!ticket) throw notFound(`Ticket ${ticketId}`);
  return db.kysely.selectFrom('ticketMessages').selectAll().where('ticketId', '=', ticketId).orderBy('createdAt').orderBy('id').execute();
}

/** The ids of the tickets with these External IDs: External ID → ticket id (unknown ones are absent). */
export async function ticketIdsByExternalId(db: Database, externalIds: readonly string[]): Promise<Map<string, number>> {
  if (externalIds.length === 0) return new Map();
  const rows = await db.kysely
    .selectFrom('tickets')
    .select(['id', 'externalId'])
    .where('externalId', 'in', [...externalIds])
    .execute();
  return new Map(rows.map((r) => [r.externalId!, r.id]));
}

/**
 * Adds imported messages to their tickets in one transaction, each author linked by email when
 * known, and skips a message its ticket already has (same author, moment and body), so that a
 * messages file can be imported twice. Returns how many were added.
 */
export async function addImportedMessages(
  db: Database,
  messages: readonly { ticketId: number; authorEmail: string; createdAt: string; body: string }[],
): Promise<number> {
  if (messages.length === 0) return 0;
  return db.kysely.transaction().execute(async (trx) => {
    // The authors of the whole batch in one query, not one lookup per message.
    const emails = [...new Set(messages.map((m) => m.authorEmail))];
    const authors = new Map(
      (
        await trx
          .selectFrom('people')
          .select(['id', sql<string>`lower(email)`.as('key')])
          .where(sql`lower(email)`, 'in', emails)
          .execute()
      ).map((p) => [p.key, p.id]),
    );
    let added = 0;
    for (const m of messages) {
      const same = await trx
        .selectFrom('ticketMessages')
        .select('id')
        .where('ticketId', '=', m.ticketId)
        .where('authorEmail', '=', m.authorEmail)
        .where('createdAt', '=', m.createdAt)
        .where('body', '=', m.body)
        .executeTakeFirst();
      if (same) continue;
      await trx
        .insertInto('ticketMessages')
        .values({
          ticketId: m.ticketId,
          authorEmail: m.authorEmail,
          authorId: authors.get(m.authorEmail) ?? null,
          body: m.body,
          createdAt: m.createdAt,
          source: 'import',
        })
        .execute();
      added++;
    }
    return added;
  });
}
