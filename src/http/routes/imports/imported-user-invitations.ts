import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Principal } from '../../../db/repositories/auth.js';
import { inviteImportedUsers } from '../../../import/use-cases/invite-imported-users.js';
import { getImport } from '../../../import/use-cases/list-imports.js';
import { deliverSignInLink, deliveryMessage } from '../../../mail/deliver-sign-in-link.js';
import { createMailer } from '../../../mail/outbound.js';
import { deliveredLink } from '../invitations/schemas.js';
import { linkBase } from '../invitations/index.js';

export const commitBody = z
  .strictObject({
    invite: z
      .boolean()
      .optional()
      .describe(
        'Users imports only: once the commit has finished, invite every user it created to choose a password, as POST /api/users/invitations does. ' +
          'Follow GET /api/imports/{id}/invitations for the outcome (and the links to copy when no mail is set up).',
      ),
  })
  // No body at all (the commit takes no other option) is `null` to Fastify.
  .nullish();

export const importInvitations = z.object({
  state: z
    .enum(['none', 'pending', 'done'])
    .describe('none: this server was not asked to invite for this import; pending: the commit or the invitations are still running; done'),
  mailConfigured: z.boolean().describe('ROSTER_SMTP_URL is set: the links are mailed rather than listed here'),
  items: z.array(deliveredLink).describe('One per user invited'),
  problems: z.array(z.object({ userId: z.number().int(), email: z.string(), message: z.string() })).describe('Users not invited, and why'),
});

type Outcome = z.infer<typeof importInvitations>;

/** How many imports' outcomes the server keeps: enough for the wizards open at once. */
const KEPT = 200;

/**
 * The invitations a users import's commit asked for (`invite: true`). They run after the commit,
 * on the server that ran it, and their outcome, links included when no mail is set up, is kept in
 * memory only: a link is shown to the admin who imported, never stored readable.
 */
export function importedUserInvitations(app: FastifyInstance) {
  const mailer = createMailer(app.rosterConfig);
  app.addHook('onClose', async () => mailer?.close());
  const outcomes = new Map<number, Outcome>();
  const keep = (id: number, outcome: Outcome) => {
    outcomes.delete(id);
    outcomes.set(id, outcome);
    if (outcomes.size > KEPT) outcomes.delete(outcomes.keys().next().value!);
  };
  const empty = { mailConfigured: mailer !== undefined, items: [], problems: [] };
  return {
    /** Invites once `committed` settles, if the commit completed; the returned promise never rejects. */
    after(id: number, committed: Promise<void>, principal: Principal, log: FastifyBaseLogger): Promise<void> {
      keep(id, { state: 'pending', ...empty });
      return committed.then(async () => {
        try {
          const report = await getImport(app.db, id, { errorLimit: 0 });
          if (report.status !== 'completed') {
            keep(id, { state: 'done', ...empty });
            return;
          }
          const sentBy = `${principal.firstName} ${principal.lastName}`.trim() || principal.email;
          const result = await inviteImportedUsers(
            app.db,
            id,
            async (link) => {
              const delivered = await deliverSignInLink({ mailer, baseUrl: linkBase(app), sentBy }, link);
              return { ...delivered, message: deliveryMessage(delivered) };
            },
            { createdBy: principal.id },
          );
          keep(id, { state: 'done', ...empty, items: result.invited, problems: result.problems });
        } catch (error) {
          log.error({ importId: id, err: error }, 'inviting the imported users failed');
          keep(id, {
            state: 'done',
            ...empty,
            problems: [{ userId: 0, email: '', message: 'Inviting the imported users failed; see the server log.' }],
          });
        }
      });
    },
    outcome(id: number): Outcome {
      return outcomes.get(id) ?? { state: 'none', ...empty };
    },
  };
}
