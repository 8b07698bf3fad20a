import { z } from 'zod';
import { VALUE_LIMITS } from '../../../core/value-limits.js';

/** What the public support form sends; the lengths are the ticket's and the customer's own limits. */
export const supportTicketBody = z
  .object({
    name: z
      .string()
      .max(VALUE_LIMITS.name)
      .optional()
      .describe('The sender’s whole name; without one, a new customer is named after the email.'),
    email: z.string().max(VALUE_LIMITS.email),
    subject: z.string().min(1).max(VALUE_LIMITS.name),
    message: z.string().min(1).max(VALUE_LIMITS.long),
  })
  .strict();

/** The whole answer: the ticket's number and a sentence, nothing about who else is known. */
export const supportTicketAnswer = z.object({ number: z.number().int(), message: z.string() });
