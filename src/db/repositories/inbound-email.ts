import { ticketReference, titleFromSubject, withAttachmentList, type InboundEmail } from '../../core/ticket-message.js';
import { clip, VALUE_LIMITS } from '../../core/value-limits.js';
import type { Database } from '../database.js';
import { addTicketMessage } from './ticket-messages.js';
import { customerForSender, submitTicket, type TicketRequester } from './ticket-submission.js';

export type { InboundEmail };

/** What an email became: a message added to an existing ticket, or a new ticket (with its requester). */
export type ReceivedEmail =
  | { kind: 'reply'; ticketId: number; ticketNumber: number; messageId: number; senderCreated: boolean }
  | { kind: 'ticket'; ticketId: number; ticketNumber: number; requester: TicketRequester };

/**
 * Files an email sent to the helpdesk. A subject carrying an existing ticket's reference `[#N]`
 * adds the email to ticket N as a message, from its sender, who becomes a customer if nobody has
 * their email (as the sender of a new ticket does); otherwise it becomes a new ticket for its sender, as
 * submitTicket files one with source 'email' (an unknown sender becomes a customer, an agent's
 * email gives an unlinked ticket), its text kept as the ticket's description and first message.
 * The text is cut to what a description holds; attachments are listed at its end, not kept.
 */
export async function receiveEmail(db: Database, email: InboundEmail): Promise<ReceivedEmail> {
  const body = clip(withAttachmentList(email.text, email.attachments), VALUE_LIMITS.long - 1);
  const reference = ticketReference(email.subject ?? '');
  if (reference !== undefined) {
    const ticket = await db.kysely.selectFrom('tickets').select(['id', 'number']).where('number', '=', reference).executeTakeFirst();
    if (ticket) {
      const sender = await customerForSender(db, { email: email.fromEmail, name: email.fromName }, 'email');
      const message = await addTicketMessage(db, { ticketId: ticket.id, authorEmail: email.fromEmail, body, source: 'email' });
      return {
        kind: 'reply',
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        messageId: message.id,
        senderCreated: sender?.created ?? false,
      };
    }
  }
  const { ticket, requester } = await submitTicket(db, {
    requesterEmail: email.fromEmail,
    requesterName: email.fromName?.trim().slice(0, VALUE_LIMITS.name) || null,
    title: titleFromSubject(email.subject, VALUE_LIMITS.name),
    description: body,
    source: 'email',
    firstMessageSource: 'email',
  });
  return { kind: 'ticket', ticketId: ticket.id, ticketNumber: Number(ticket.number), requester };
}
