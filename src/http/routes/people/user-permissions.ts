import { RosterError } from '../../../core/errors.js';
import type { Principal } from '../../../db/repositories/auth.js';
import type { PersonRecord } from '../../../db/repositories/people.js';

/**
 * Agents may create and edit users, but not make anyone an admin nor change an admin's record:
 * otherwise an agent could promote themselves, or lock the admins out by deactivating them.
 */
export function checkUserChange(principal: Principal, target: PersonRecord | undefined, input: Record<string, unknown>): void {
  if (principal.role === 'admin') return;
  if (typeof input.role === 'string' && input.role.trim().toLowerCase() === 'admin') {
    throw new RosterError('forbidden', 'Only an admin may make someone an admin.', { field: 'role' });
  }
  if (target?.role === 'admin') throw new RosterError('forbidden', "Only an admin may change an admin's record.");
}

/** Nobody deletes their own account: an admin who did would be signed in as nobody. */
export function checkUserDelete(principal: Principal, id: number): void {
  if (principal.id === id) throw new RosterError('conflict', 'You cannot delete your own account; ask another admin.');
}
