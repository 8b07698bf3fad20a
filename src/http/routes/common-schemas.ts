import { z } from 'zod';

/** One stored value as JSON: text, a number, a boolean or null (cleared). */
export const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** The body of a create or update: property key → value; the repository checks keys and values. */
export const recordBody = z
  .record(z.string(), fieldValue)
  .describe('Property key → value. GET /api/properties/{kind} lists the keys; null clears a value.');

/** A user, customer or ticket as the API shows it: its id and one field per property. */
export const recordSchema = z.object({ id: z.number().int() }).catchall(fieldValue);

export const idParams = z.object({ id: z.coerce.number().int().positive() });

/** Paging shared by every list; `pageSize` is capped so one request cannot read a whole table. */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
  search: z.string().optional().describe('Case-insensitive "contains"; %, _ and \\ are plain characters'),
});

export const sortQuery = z.object({
  sort: z.string().optional(),
  order: z.enum(['asc', 'desc']).optional(),
});

/** `{ items, total, page, pageSize }` of the given item schema. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    problems: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});

/** The error answers a signed-in route may give, listed in the OpenAPI description. */
export const errorResponses = {
  400: errorSchema.describe('The request does not fit: `field` names the field.'),
  401: errorSchema.describe('Not signed in.'),
  403: errorSchema.describe('Only an admin may do this.'),
  404: errorSchema.describe('No such record.'),
  409: errorSchema.describe('Conflicts with what is stored (for example an email already taken).'),
  429: errorSchema.describe('Too many failed attempts: wait the seconds that `Retry-After` gives.'),
};

export const noContent = z.null().describe('Done; no body.');
