import { randomBytes } from 'node:crypto';
import { RosterError } from '../../core/errors.js';
import type { Database } from '../database.js';
import type { InvitationsTable } from '../schema.js';
import { newPasswordHash, storePassword, tokenHash, toPrincipal, type Executor, type Principal } from './auth.js';
import { now } from './now.js';
import { findPersonByEmail } from './people.js';
import { pendingInvitationExpiry } from './sign-in-access.js';

/**
 * Why a sign-in link was made: an `invitation` lets a user who never had a password choose one; a
 * `password_reset` lets one who forgot it choose another. Both end the same way: the user's new
 * password is set and they are signed in.
 */
export type SignInLinkPurpose = InvitationsTable['purpose'];

/** How long an invitation works: a week, long enough to come back from holidays. */
export const INVITATION_DAYS = 7;
/** How long a password reset works: a day; whoever asks for one means to use it at once. */
export const RESET_HOURS = 24;

/** A link just made: its token, shown once (in the link), and whom it is for. */
export interface IssuedSignInLink {
  token: string;
  purpose: SignInLinkPurpose;
  userId: number;
  email: string;
  firstName: string;
  lastName: string;
  expiresAt: string;
}

/** What a link's token says when it is opened. */
export interface SignInLinkInfo {
  purpose: SignInLinkPurpose;
  email: string;
  firstName: string;
  lastName: string;
  expiresAt: string;
  /** Only a `valid` link can be accepted. */
  state: 'valid' | 'expired' | 'used' | 'revoked';
}

type UserRow = { id: number; kind: string; email: string; role: string | null; status: string; passwordHash: string | null };

async function userRow(db: Executor, userId: number): Promise<UserRow & { firstName: string; lastName: string }> {
  const row = await db
    .selectFrom('people')
    .select(['id', 'kind', 'email', 'role', 'status', 'passwordHash', 'firstName', 'lastName'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!row || row.kind !== 'user') throw new RosterError('not_found', `User ${userId} was not found.`);
  return row;
}

/** The unused, unrevoked links of a user (expired ones included: revoking them changes nothing but is harmless). */
function pendingLinks(db: Executor, userId: number) {
  return db
    .updateTable('invitations')
    .set({ revokedAt: now() })
    .where('personId', '=', userId)
    .where('usedAt', 'is', null)
    .where('revokedAt', 'is', null);
}

/**
 * Makes a new sign-in link for a user and revokes any link they had: a user has at most one link
 * that works, so "resend" is this call again. An invitation is for a user who cannot sign in yet;
 * a reset for one who can (a user without a password asked a reset gets an invitation, so that a
 * lost invitation can be asked for again). A deactivated user gets neither. `unlessInvited` refuses a
 * user whose invitation still works, rather than replacing it. `expiresAt` overrides the
 * default lifetime (INVITATION_DAYS, RESET_HOURS); tests pass one in the past.
 *
 * @example
 * const link = await issueSignInLink(db, 12, 'invitation', { createdBy: admin.id });
 * const url = `${publicUrl}/invitation/${link.token}`;
 */
export async function issueSignInLink(
  db: Database,
  userId: number,
  asked: SignInLinkPurpose,
  options: { createdBy?: number | null; expiresAt?: Date; unlessInvited?: boolean } = {},
): Promise<IssuedSignInLink> {
  const token = randomBytes(32).toString('base64url');
  const created = new Date();
  return db.kysely.transaction().execute(async (trx) => {
    // On PostgreSQL two resends at once queue on the user's row, so only the later link works.
    if (db.dialect === 'postgres') await trx.selectFrom('people').select('id').where('id', '=', userId).forUpdate().execute();
    const user = await userRow(trx, userId);
    if (user.status !== 'active')
      throw new RosterError('conflict', `${user.email} is deactivated and cannot sign in; make them active first.`);
    if (asked === 'invitation' && user.passwordHash)
      throw new RosterError('conflict', `${user.email} can already sign in; reset their password instead.`);
    if (options.unlessInvited) {
      // Checked under the same lock as the insert, so that two callers at once invite once.
      const { invitationExpiresAt } = await trx
        .selectFrom('people')
        .select(pendingInvitationExpiry)
        .where('id', '=', userId)
        .executeTakeFirstOrThrow();
      if (invitationExpiresAt)
        throw new RosterError(
          'conflict',
          `${user.email} was already invited; their link works until ${invitationExpiresAt.slice(0, 10)}. Resend their invitation to replace it.`,
        );
    }
    // A user who never had a password is invited, whatever the caller asked: their list shows them invited.
    const purpose: SignInLinkPurpose = user.passwordHash ? asked : 'invitation';
    const lifetime = purpose === 'invitation' ? INVITATION_DAYS * 86_400_000 : RESET_HOURS * 3_600_000;
    const expiresAt = (options.expiresAt ?? new Date(created.getTime() + lifetime)).toISOString();
    await pendingLinks(trx, userId).execute();
    await trx
      .insertInto('invitations')
      .values({
        tokenHash: tokenHash(token),
        personId: userId,
        purpose,
        createdBy: options.createdBy ?? null,
        createdAt: created.toISOString(),
        expiresAt,
        usedAt: null,
        revokedAt: null,
      })
      .execute();
    return { token, purpose, userId, email: user.email, firstName: user.firstName, lastName: user.lastName, expiresAt };
  });
}

/**
 * Revokes a user's pending invitation (and any other unused link of theirs); returns whether
 * there was one. Revoking nothing is not an error: the outcome the caller wants holds.
 */
export async function revokeSignInLinks(db: Database, userId: number): Promise<boolean> {
  await userRow(db.kysely, userId);
  const result = await pendingLinks(db.kysely, userId).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * The link to send someone who says they forgot their password, or undefined when the email is
 * nobody's who may sign in (unknown, a customer, a deactivated user). A user who never had a
 * password gets a new invitation instead (see issueSignInLink).
 * The caller answers the same either way, so that the answer does not tell who has an account.
 */
export async function requestPasswordReset(db: Database, email: string): Promise<IssuedSignInLink | undefined> {
  const person = await findPersonByEmail(db, email);
  if (!person || person.kind !== 'user' || person.status !== 'active') return undefined;
  return issueSignInLink(db, person.id, 'password_reset');
}

function linkState(row: { expiresAt: string; usedAt: string | null; revokedAt: string | null }, at: string): SignInLinkInfo['state'] {
  if (row.usedAt) return 'used';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt > at ? 'valid' : 'expired';
}

/** What the link with `token` is for and whether it still works; undefined for a token that was never issued. */
export async function describeSignInLink(db: Executor, token: string): Promise<SignInLinkInfo | undefined> {
  const row = await db
    .selectFrom('invitations')
    .innerJoin('people', 'people.id', 'invitations.personId')
    .select([
      'invitations.purpose',
      'invitations.expiresAt',
      'invitations.usedAt',
      'invitations.revokedAt',
      'people.email',
      'people.firstName',
      'people.lastName',
      'people.status',
    ])
    .where('invitations.tokenHash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row) return undefined;
  const state = row.status === 'active' ? linkState(row, now()) : 'revoked';
  return { purpose: row.purpose, email: row.email, firstName: row.firstName, lastName: row.lastName, expiresAt: row.expiresAt, state };
}

const UNKNOWN_LINK = 'This link is not valid: check that it was copied whole, or ask an admin for a new one.';

/** The sentence for a link that cannot be accepted. */
function refusal(info: SignInLinkInfo | undefined): RosterError {
  if (!info) return new RosterError('not_found', UNKNOWN_LINK);
  const again = info.purpose === 'invitation' ? 'ask an admin to send a new invitation' : 'ask for a new password reset';
  switch (info.state) {
    case 'expired':
      return new RosterError('conflict', `This link expired on ${info.expiresAt.slice(0, 10)}; ${again}.`);
    case 'used':
      return new RosterError('conflict', `This link has already been used; sign in, or ${again}.`);
    case 'revoked':
    case 'valid':
      return new RosterError('conflict', `This link was revoked or replaced by a newer one; use the newest, or ${again}.`);
  }
}

/**
 * Uses a sign-in link: sets the user's password, ends every session they had and returns them, to
 * be signed in. The link is claimed by one conditional update (unused, unrevoked, not expired) in
 * the transaction that sets the password, so of two uses at once exactly one succeeds; the
 * password is checked and hashed before, so a refused password leaves the link unused.
 */
export async function acceptSignInLink(db: Database, token: string, password: string): Promise<Principal> {
  const passwordHash = await newPasswordHash(password);
  const principal = await db.kysely.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('invitations')
      .set({ usedAt: now() })
      .where('tokenHash', '=', tokenHash(token))
      .where('usedAt', 'is', null)
      .where('revokedAt', 'is', null)
      .where('expiresAt', '>', now())
      .returning('personId')
      .executeTakeFirst();
    if (!claimed) return undefined;
    const user = await userRow(trx, claimed.personId);
    if (user.status !== 'active') return undefined;
    await storePassword(trx, user, passwordHash);
    return toPrincipal(user);
  });
  if (!principal) throw refusal(await describeSignInLink(db.kysely, token));
  return principal;
}

/** How long a link that can no longer be used is kept: its page can say "expired" or "already used" rather than "unknown". */
export const ENDED_LINKS_KEPT_DAYS = 30;

/** Deletes the sign-in links that ended (expired, used or revoked) more than ENDED_LINKS_KEPT_DAYS ago; returns how many. */
export async function pruneSignInLinks(db: Database, at = new Date()): Promise<number> {
  const before = new Date(at.getTime() - ENDED_LINKS_KEPT_DAYS * 86_400_000).toISOString();
  const result = await db.kysely
    .deleteFrom('invitations')
    .where((eb) => eb.or([eb('expiresAt', '<', before), eb('usedAt', '<', before), eb('revokedAt', '<', before)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
