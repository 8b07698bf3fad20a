import type { ExpressionBuilder } from 'kysely';
import type { Tables } from '../schema.js';
import { now } from './now.js';

/** How a user may sign in, as user records show it. */
export type SignInAccess = 'active' | 'invited' | 'none' | 'deactivated';

/**
 * A user's access: `deactivated` (whatever else holds), `active` (has a password), `invited`
 * (an invitation that still works) or `none`.
 */
export function signInAccess(row: { status: string; passwordHash: string | null }, invitationExpiresAt: string | null): SignInAccess {
  if (row.status === 'deactivated') return 'deactivated';
  if (row.passwordHash) return 'active';
  return invitationExpiresAt ? 'invited' : 'none';
}

/**
 * A correlated subquery for a people query: when the person's invitation that still works ends,
 * or null. Select it next to `people.*` and pass it to signInAccess.
 */
export function pendingInvitationExpiry(eb: ExpressionBuilder<Tables, 'people'>) {
  return eb
    .selectFrom('invitations')
    .select((inner) => inner.fn.max('invitations.expiresAt').as('expiresAt'))
    .whereRef('invitations.personId', '=', 'people.id')
    .where('invitations.purpose', '=', 'invitation')
    .where('invitations.usedAt', 'is', null)
    .where('invitations.revokedAt', 'is', null)
    .where('invitations.expiresAt', '>', now())
    .as('invitationExpiresAt');
}
