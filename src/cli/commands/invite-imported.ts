import { RosterError } from '../../core/errors.js';
import type { Database } from '../../db/database.js';
import { inviteImportedUsers } from '../../import/use-cases/invite-imported-users.js';
import { deliverSignInLink, deliveryMessage, type DeliveredLink } from '../../mail/deliver-sign-in-link.js';
import { createMailer } from '../../mail/outbound.js';
import type { CliContext } from '../context.js';

export interface ImportInvitations {
  invited: DeliveredLink[];
  problems: { userId: number; email: string; message: string }[];
}

/**
 * `roster import users FILE --invite`: after the import, invites the users it created, as
 * `roster users invite` does: mailed with ROSTER_SMTP_URL, else the links are handed back to print.
 */
export async function inviteAfterImport(context: CliContext, db: Database, importId: number): Promise<ImportInvitations> {
  const config = context.config();
  const baseUrl = config.publicUrl?.trim() || 'http://127.0.0.1:3000';
  if (!config.publicUrl?.trim())
    process.stderr.write(`roster: ROSTER_PUBLIC_URL is not set; the links start with ${baseUrl}, roster serve's default address.\n`);
  const mailer = createMailer(config);
  try {
    return await inviteImportedUsers(db, importId, (link) => deliverSignInLink({ mailer, baseUrl }, link));
  } finally {
    mailer?.close();
  }
}

/** The invitations as lines for a person: what was mailed, and the links to hand over when no mail is set up. */
export function describeInvitations(result: ImportInvitations): string {
  const lines: string[] = [];
  if (result.invited.length === 0 && result.problems.length === 0) lines.push('Invitations: the import created no user to invite.');
  const mailed = result.invited.filter((d) => d.mailed);
  const toCopy = result.invited.filter((d) => !d.mailed);
  for (const delivered of mailed) lines.push(deliveryMessage(delivered));
  if (toCopy.length > 0) {
    const why = toCopy.some((d) => d.mailError)
      ? 'The mail server did not take every invitation'
      : 'No mail is set up (ROSTER_SMTP_URL), so nothing was sent';
    lines.push(`${why}: copy each link to its user; each works once, for 7 days.`);
    for (const delivered of toCopy) lines.push(`  ${delivered.email}  ${delivered.url}`);
  }
  for (const problem of result.problems) lines.push(`Not invited: ${problem.message}`);
  return lines.join('\n') + '\n';
}

/** A usage check of `--invite`: it invites the users an import writes, so only a users import that writes. */
export function inviteRefusal(kind: string, dryRun: boolean): RosterError | undefined {
  if (kind !== 'users') return new RosterError('validation', `--invite invites imported users: it does not go with an import of ${kind}.`);
  if (dryRun) return new RosterError('validation', '--invite does not go with --dry-run: a dry run creates nobody to invite.');
  return undefined;
}
