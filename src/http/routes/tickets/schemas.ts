import { z } from 'zod';
import { TICKET_MESSAGE_SOURCES } from '../../../core/ticket-message.js';
import type { TicketListOptions } from '../../../db/repositories/tickets.js';
import { fieldValue, pageOf, pageQuery, recordSchema, sortQuery } from '../common-schemas.js';

/** A yes-or-no filter as a query string writes it; absent means either. */
const yesNo = z.enum(['true', 'false']);

export const ticketQuery = pageQuery.extend({
  ...sortQuery.shape,
  status: z.enum(['open', 'pending', 'resolved', 'closed']).optional(),
  customerId: z.coerce.number().int().positive().optional().describe('Only the tickets of this customer.'),
  assigneeId: z
    .union([z.literal('unassigned'), z.coerce.number().int().positive()])
    .optional()
    .describe('Only the tickets assigned to this user; `unassigned`: those assigned to nobody (a pending assignee included).'),
  imported: yesNo.optional().describe('`true`: only the tickets an import created; `false`: only the others.'),
  importId: z.coerce.number().int().positive().optional().describe('Only the tickets this import created.'),
  pending: yesNo
    .optional()
    .describe(
      '`true`: only the imported tickets waiting for their customer or assignee to be created (see pendingCustomerEmail); `false`: none of those.',
    ),
});

/** The list query as listTickets takes it: the yes-or-no filters as booleans. */
export function ticketListOptions(query: z.infer<typeof ticketQuery>): TicketListOptions {
  const { imported, pending, ...rest } = query;
  return {
    ...rest,
    ...(imported !== undefined ? { imported: imported === 'true' } : {}),
    ...(pending !== undefined ? { pending: pending === 'true' } : {}),
  };
}

export const ticketPage = pageOf(recordSchema);

/** A new ticket's fields; with `requesterEmail`, the requester is found or created as a customer (see submitTicket). */
export const ticketCreateBody = z
  .object({
    requesterEmail: z
      .string()
      .optional()
      .describe('Who asks: their customer, or a new customer (source api_ticket) when nobody has this email. Not with customerEmail.'),
    requesterName: z.string().optional().describe('The requester’s whole name, for a new customer; with requesterEmail only.'),
  })
  .catchall(fieldValue)
  .describe('Property key → value. GET /api/properties/tickets lists the keys; null clears a value.');

/** What became of `requesterEmail`: the customer the ticket is linked to, or why it is linked to none. */
export const requesterSchema = z.union([
  z.object({ email: z.string(), linked: z.literal(true), customerId: z.number().int(), created: z.boolean() }),
  z.object({ email: z.string(), linked: z.literal(false), reason: z.string() }),
]);

/** A created ticket; `requester` only when the request named one. */
export const createdTicket = z.object({ id: z.number().int(), requester: requesterSchema.optional() }).catchall(fieldValue);

/** A message of a ticket's conversation: plain text, never HTML. */
export const ticketMessageSchema = z.object({
  id: z.number().int(),
  ticketId: z.number().int(),
  authorEmail: z.string(),
  authorId: z.number().int().nullable().describe('The person whose email wrote it, if any.'),
  body: z.string().describe('Plain text.'),
  createdAt: z.string(),
  source: z.enum(TICKET_MESSAGE_SOURCES),
});

export const ticketMessageList = z.object({ items: z.array(ticketMessageSchema) });
