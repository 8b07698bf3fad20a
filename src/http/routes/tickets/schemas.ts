import { z } from 'zod';
import { pageOf, pageQuery, recordSchema, sortQuery } from '../common-schemas.js';

export const ticketQuery = pageQuery.extend({
  ...sortQuery.shape,
  status: z.enum(['open', 'pending', 'resolved', 'closed']).optional(),
  customerId: z.coerce.number().int().positive().optional(),
  assigneeId: z.coerce.number().int().positive().optional(),
});

export const ticketPage = pageOf(recordSchema);
