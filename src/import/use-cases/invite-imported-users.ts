import { RosterError, validationError } from '../../core/errors.js';
import type { Database } from '../../db/database.js';
import { getImportRow } from '../../db/imports/import-records.js';
import { issueSignInLink, type IssuedSignInLink } from '../../db/repositories/invitations.js';

/** What became of inviting the users an import created: one outcome per invited user, and who could not be. */
export interface ImportedUserInvitations<Delivered> {
  invited: Delivered[];
  problems: { userId: number; email: string; message: string }[];
}

/**
 * Invites every user that completed import `id` created and who cannot sign in yet, as `roster users invite`
 * and POST /api/users/invitations do: a one-time link each. A user whose invitation still works is
 * not invited again but listed in `problems` as already invited, so that calling this twice (or
 * from two servers at once) sends each user one link, and the first links stay valid. `deliver`
 * is the adapter's: it mails the link or hands it back to copy (src/mail/deliver-sign-in-link.ts),
 * which the import, as a library below the adapters, does not choose. A user the import created
 * deactivated is listed in `problems`, as is anyone issueSignInLink refuses; the others are still
 * invited, in the file's order. Only a users import that wrote its rows (not a dry run) has users to invite.
 *
 * @example
 * const { invited } = await inviteImportedUsers(db, report.id, (link) => deliverSignInLink({ mailer, baseUrl }, link));
 */
export async function inviteImportedUsers<Delivered>(
  db: Database,
  id: number,
  deliver: (link: IssuedSignInLink) => Promise<Delivered>,
  options: { createdBy?: number | null } = {},
): Promise<ImportedUserInvitations<Delivered>> {
  const imported = await getImportRow(db, id);
  if (imported.entity !== 'users')
    throw validationError('entity', `Import ${id} is of ${imported.entity}: only imported users can be invited.`);
  if (imported.status !== 'completed')
    throw new RosterError('conflict', `Import ${id} has not completed (its status is ${imported.status}): invite its users once it has.`);
  if (imported.dryRun) throw validationError('invite', `Import ${id} is a dry run: it created nobody to invite.`);
  const users = await db.kysely
    .selectFrom('people')
    .select(['id', 'email'])
    .where('kind', '=', 'user')
    .where('createdImportId', '=', id)
    .where('passwordHash', 'is', null)
    .orderBy('importRow')
    .orderBy('id')
    .execute();
  const result: ImportedUserInvitations<Delivered> = { invited: [], problems: [] };
  for (const user of users) {
    try {
      result.invited.push(
        await deliver(await issueSignInLink(db, user.id, 'invitation', { createdBy: options.createdBy ?? null, unlessInvited: true })),
      );
    } catch (error) {
      if (!(error instanceof RosterError)) throw error;
      result.problems.push({ userId: user.id, email: user.email, message: error.message });
    }
  }
  return result;
}
