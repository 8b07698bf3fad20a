import { z } from 'zod';
import { PERSON_SOURCES } from '../../../core/person-source.js';
import { pageOf, pageQuery, recordSchema, sortQuery } from '../common-schemas.js';

export const peopleQuery = pageQuery.extend({
  ...sortQuery.shape,
  organizationId: z.coerce.number().int().positive().optional(),
  status: z.enum(['active', 'deactivated']).optional(),
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

export const peoplePage = pageOf(personSchema);

export const passwordBody = z.object({ password: z.string() });
