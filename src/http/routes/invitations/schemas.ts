import { z } from 'zod';

const purpose = z
  .enum(['invitation', 'password_reset'])
  .describe('invitation: the user chooses a first password; password_reset: they replace the one they had');

/** What became of a sign-in link an admin made: mailed, or to be copied. */
export const deliveredLink = z.object({
  userId: z.number().int(),
  email: z.string(),
  purpose,
  expiresAt: z.string().describe('When the link stops working (ISO-8601, UTC)'),
  mailed: z.boolean().describe('The mail server accepted the message'),
  url: z.string().optional().describe('The link to copy to the user; only when it was not mailed'),
  mailError: z.string().optional().describe('Why mail set up with ROSTER_SMTP_URL was not sent'),
  message: z.string().describe('What happened, in a sentence for the admin'),
});

export const bulkInvitationBody = z.object({
  ids: z.array(z.number().int().positive()).min(1).max(500).describe('The users to invite (or invite again)'),
});

export const bulkInvitationAnswer = z.object({
  items: z.array(deliveredLink).describe('One per user invited'),
  problems: z
    .array(z.object({ userId: z.number().int(), message: z.string() }))
    .describe('The users not invited, and why (not found, deactivated, can already sign in)'),
});

export const tokenParams = z.object({ token: z.string().min(1).max(200) });

export const signInLinkInfo = z.object({
  purpose,
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  expiresAt: z.string(),
  state: z.enum(['valid', 'expired', 'used', 'revoked']).describe('Only a valid link can be accepted'),
});

export const acceptBody = z.object({ password: z.string() });

export const passwordResetBody = z.object({ email: z.string().min(1).max(320) });

export const passwordResetAnswer = z.object({
  message: z.string().describe('The same sentence whether or not the email has an account'),
});

export const mailStatus = z.object({
  configured: z.boolean().describe('Roster can send mail (ROSTER_SMTP_URL is set): password resets by email work'),
});
