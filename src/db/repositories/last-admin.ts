import type { Transaction } from 'kysely';
import { RosterError } from '../../core/errors.js';
import type { DialectName } from '../database.js';
import type { Tables } from '../schema.js';

/** What a change leaves of a user: its role and status afterwards, or nothing (deleted). */
export type AdminChange = { role?: string | null; status?: string | null } | 'deleted';

/**
 * The sentence every adapter shows when a change would leave Roster without an admin who can sign
 * in: the API and the CLI as the error's message, an import as the row's problem.
 */
export function lastAdminMessage(email: string): string {
  return `${email} is the last active admin, and Roster must keep one who can sign in: make another user an admin first.`;
}

/**
 * Refuses (409 `conflict`) a change to user `personId` that would leave no active admin who can
 * sign in (role admin, status active, a password set): demoting, deactivating or deleting the
 * last one. Run it inside the transaction that makes the change. On PostgreSQL the active admins
 * are locked `FOR UPDATE`, so two transactions that each demote one of the last two admins run one
 * after the other and the second is refused; SQLite's single connection runs them in turn anyway.
 * The active admins are few, so reading them all costs nothing.
 */
export async function keepAnAdmin(trx: Transaction<Tables>, dialect: DialectName, personId: number, change: AdminChange): Promise<void> {
  if (change !== 'deleted' && change.role === undefined && change.status === undefined) return;
  // Every active admin, locked in id order so that concurrent changes queue instead of deadlocking.
  let query = trx
    .selectFrom('people')
    .select(['id', 'email'])
    .where('kind', '=', 'user')
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .where('passwordHash', 'is not', null)
    .orderBy('id');
  if (dialect === 'postgres') query = query.forUpdate();
  const admins = await query.execute();
  const person = admins.find((a) => a.id === personId);
  if (!person || admins.length > 1) return;
  if (change !== 'deleted') {
    const role = change.role === undefined ? 'admin' : change.role;
    const status = change.status === undefined ? 'active' : change.status;
    if (role === 'admin' && status === 'active') return;
  }
  const field = change === 'deleted' ? {} : { field: change.role !== undefined && change.role !== 'admin' ? 'role' : 'status' };
  throw new RosterError('conflict', lastAdminMessage(person.email), field);
}
