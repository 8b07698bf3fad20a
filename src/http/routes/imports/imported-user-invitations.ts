import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Principal } from '../../../db/repositories/auth.js';
import { inviteImportedUsers } from '../../../import/use-cases/invite-imported-users.js';
import { deliverSignInLink, deliveryMessage } from '../../../mail/deliver-sign-in-link.js';
import { createMailer } from '../../../mail/outbound.js';
import { deliveredLink } from '../invitations/schemas.js';
import { linkBase } from '../invitations/index.js';

export const importInvitations = z.object({
  mailConfigured: z.boolean().describe('ROSTER_SMTP_URL is set: the links are mailed rather than listed here'),
  items: z.array(deliveredLink).describe('One per user invited by this request'),
  problems: z
    .array(z.object({ userId: z.number().int(), email: z.string(), message: z.string() }))
    .describe('Users not invited, and why (deactivated, or already invited by an earlier call: their link still works)'),
});

/**
 * Invites the users a completed users import created, in the request that asks: the links exist
 * readable only in this answer (the database keeps their hash), so no server keeps an outcome and
 * any instance can serve the call.
 */
export function importedUserInviter(app: FastifyInstance) {
  const mailer = createMailer(app.rosterConfig);
  app.addHook('onClose', async () => mailer?.close());
  return async (id: number, principal: Principal): Promise<z.infer<typeof importInvitations>> => {
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
    return { mailConfigured: mailer !== undefined, items: result.invited, problems: result.problems };
  };
}
