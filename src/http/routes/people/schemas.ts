import { z } from 'zod';
import { PERSON_SOURCES } from '../../../core/person-source.js';
import { pageOf, pageQuery, recordSchema, sortQuery } from '../common-schemas.js';

export const peopleQuery = pageQuery.extend({
  ...sortQuery.shape,
  page: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe('A page by number, for the first few pages; deeper pages follow `cursor`, which costs the same at any depth.'),
  cursor: z
    .string()
    .max(2000)
    .optional()
    .describe(
      'The `nextCursor` of the previous page. Give the same sort, order, search and filters with it (else 400); `page` is then ignored.',
    ),
  search: z
    .string()
    .optional()
    .describe(
      'Word prefixes of the name, email or organization ("and" finds Anders), an email or its start, or a phone number in any format. Every character is plain text; a phone number\'s leading punctuation alone (`+`, `(`) searches nothing yet. Without `sort`, ranked: the exact email first, then names, then the rest.',
    ),
  sort: z.string().optional().describe('A sortable property key, createdAt or updatedAt; by default lastName, or the rank with a search.'),
  organizationId: z.coerce.number().int().positive().optional(),
  status: z.enum(['active', 'deactivated']).optional(),
  role: z.enum(['admin', 'agent']).optional().describe('Users only: admins or agents.'),
  importId: z.coerce.number().int().positive().optional().describe('Only people this import created or last wrote.'),
  createdSince: z
    .string()
    .regex(
      /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z?)?$/,
      'A date (2026-12-01) or a UTC date and time (2026-12-01T09:30:00Z).',
    )
    .optional()
    .describe('Only people created at or after this date or UTC time.'),
});

/** A user or customer: the record's fields, and how they came to be (read-only: a create or update refuses both). */
export const personSchema = recordSchema.extend({
  source: z
    .enum(PERSON_SOURCES)
    .describe(
      'How the person came to be: manual (by hand), import, ticket_form (the support form), email, or api_ticket (an API ticket naming a new requester). Read-only.',
    ),
  createdImportId: z.number().int().nullable().describe('The import that created the person, if one did. Read-only.'),
  access: z
    .enum(['active', 'invited', 'none', 'deactivated'])
    .optional()
    .describe(
      'Users only: active (has a password), invited (an invitation still works), none, or deactivated. Read-only; see POST /api/users/{id}/invitation.',
    ),
  invitationExpiresAt: z.string().nullable().optional().describe('Users only: when the pending invitation stops working. Read-only.'),
});

export const peoplePage = pageOf(personSchema).extend({
  total: z
    .number()
    .int()
    .describe('How many match: exact up to 10,000, an estimate beyond it (then `totalIsEstimate` is true): "about 1.2 million".'),
  totalIsEstimate: z.literal(true).optional().describe('Present when `total` is an estimate.'),
  nextCursor: z.string().optional().describe('Pass it as `cursor` for the next page; absent on the last page.'),
});

export const passwordBody = z.object({ password: z.string() });

/** The filters of a list, for an export of everything it holds or of a selection in it. */
export const peopleExportQuery = z.object({
  search: peopleQuery.shape.search,
  organizationId: peopleQuery.shape.organizationId,
  status: peopleQuery.shape.status,
  role: peopleQuery.shape.role,
  ids: z
    .string()
    .regex(/^\d+(,\d+){0,499}$/, 'A comma-separated list of up to 500 ids, e.g. 12,40,41.')
    .optional()
    .describe('Only these people (a selection), comma-separated; the other filters still apply.'),
});

export const peopleCsv = z
  .any()
  .describe(
    'text/csv, the same file as `roster {kind} export`: property labels as the header, then one line per person, oldest first. Formula cells are neutralised.',
  );

export const bulkBody = z.object({
  action: z.enum(['deactivate', 'delete']).describe('delete is for admins only.'),
  ids: z.array(z.number().int().positive()).min(1).max(500).describe('The people to act on, at most 500.'),
});

export const bulkAnswer = z.object({
  results: z
    .array(
      z.object({
        id: z.number().int(),
        ok: z.boolean(),
        code: z.string().optional().describe('Why it failed: not_found, conflict (the last admin), forbidden.'),
        message: z.string().optional().describe('Why it failed, in a sentence.'),
      }),
    )
    .describe('One per id, in the order given: each succeeds or fails on its own.'),
  succeeded: z.number().int(),
  failed: z.number().int(),
});
