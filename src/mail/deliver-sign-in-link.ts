import type { Mailer } from './outbound.js';
import { readableTime, signInLinkMail } from './sign-in-link-mail.js';

/** A sign-in link just made (see issueSignInLink in src/db/repositories/invitations.ts). */
export interface SignInLinkToDeliver {
  token: string;
  purpose: 'invitation' | 'password_reset';
  userId: number;
  email: string;
  firstName: string;
  expiresAt: string;
}

/** What became of a link: mailed, or to be handed over by whoever made it. */
export interface DeliveredLink {
  userId: number;
  email: string;
  purpose: 'invitation' | 'password_reset';
  expiresAt: string;
  /** True when the mail server accepted the message. */
  mailed: boolean;
  /** The link, when it was not mailed: the admin copies it to the user. Never given once mailed. */
  url?: string;
  /** Why the mail was not sent, when a mailer was set up but the message was refused. */
  mailError?: string;
}

/** The page of the web app that a link opens: `/invitation/<token>` or `/reset-password/<token>`. */
export function signInLinkUrl(baseUrl: string, link: Pick<SignInLinkToDeliver, 'token' | 'purpose'>): string {
  const page = link.purpose === 'invitation' ? 'invitation' : 'reset-password';
  return `${baseUrl.replace(/\/+$/, '')}/${page}/${link.token}`;
}

/**
 * Mails a sign-in link when a mailer is set up, else hands the link back for whoever made it to
 * copy. A mail the server refuses also hands the link back, with the reason: the link is made
 * already, and copying it is the way left.
 */
export async function deliverSignInLink(
  options: { mailer: Mailer | undefined; baseUrl: string; sentBy?: string | undefined },
  link: SignInLinkToDeliver,
): Promise<DeliveredLink> {
  const url = signInLinkUrl(options.baseUrl, link);
  const delivered = { userId: link.userId, email: link.email, purpose: link.purpose, expiresAt: link.expiresAt };
  if (!options.mailer) return { ...delivered, mailed: false, url };
  try {
    await options.mailer.send(signInLinkMail({ ...link, url, sentBy: options.sentBy }));
    return { ...delivered, mailed: true };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ...delivered, mailed: false, url, mailError: `The mail server did not take the message: ${reason}` };
  }
}

/** One sentence saying what became of a link, for the admin who made it (the API's `message`, the CLI's output). */
export function deliveryMessage(delivered: DeliveredLink): string {
  const what = delivered.purpose === 'invitation' ? 'An invitation' : 'A password reset link';
  const until = `it works once, until ${readableTime(delivered.expiresAt)}`;
  if (delivered.mailed) return `${what} was sent to ${delivered.email}; ${until}.`;
  if (delivered.mailError) return `${delivered.mailError}. Copy the link to ${delivered.email} instead; ${until}.`;
  return `No mail is set up (ROSTER_SMTP_URL), so nothing was sent: copy the link to ${delivered.email}; ${until}.`;
}
