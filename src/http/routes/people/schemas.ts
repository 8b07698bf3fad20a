import { z } from 'zod';
import { pageOf, pageQuery, recordSchema, sortQuery } from '../common-schemas.js';

export const peopleQuery = pageQuery.extend({
  ...sortQuery.shape,
  organizationId: z.coerce.number().int().positive().optional(),
  status: z.enum(['active', 'deactivated']).optional(),
});

export const peoplePage = pageOf(recordSchema);

export const passwordBody = z.object({ password: z.string() });
