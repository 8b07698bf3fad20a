import { z } from 'zod';
import { TICKET_MESSAGE_SOURCES } from '../../../core/ticket-message.js';
import { fieldValue, pageOf, pageQuery, recordSchema, sortQuery } from '../common-schemas.js';

export const ticketQuery = pageQuery.extend({
  ...sortQuery.shape,
  status: z.enum(['open', 'pending', 'resolved', 'closed']).optional(),
  customerId: z.coerce.number().int().positive().optional(),
  assigneeId: z.coerce.number().int().positive().optional(),
});

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
