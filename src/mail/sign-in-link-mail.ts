import type { OutboundMail } from './outbound.js';

/** What a sign-in link's message says: whom it is for, what the link does, and until when. */
export interface SignInLinkMessage {
  purpose: 'invitation' | 'password_reset';
  email: string;
  firstName: string;
  url: string;
  expiresAt: string;
  /** The name of the admin who sent it; unset when the user asked for it themselves. */
  sentBy?: string | undefined;
}

/** "6 December 2026 at 10:15 UTC": a date anyone reads the same way, whatever their locale. */
export function readableTime(iso: string): string {
  const date = new Date(iso);
  const day = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return `${day} at ${time} UTC`;
}

/**
 * The plain text message that carries a sign-in link: an invitation to choose a first password,
 * or a password reset. Plain text on purpose: it reads the same in every mail client, and the
 * link is the one thing to click.
 */
export function signInLinkMail(message: SignInLinkMessage): OutboundMail {
  const hello = message.firstName ? `Hello ${message.firstName},` : 'Hello,';
  const until = `The link works once, until ${readableTime(message.expiresAt)}.`;
  if (message.purpose === 'invitation') {
    const who = message.sentBy ? `${message.sentBy} invited you` : 'You are invited';
    return {
      to: message.email,
      subject: 'You are invited to Roster',
      text: [
        hello,
        '',
        `${who} to sign in to Roster, your helpdesk's people directory, as ${message.email}.`,
        'Open this link to choose your password:',
        '',
        `  ${message.url}`,
        '',
        until,
        'If you did not expect this invitation, you can ignore this message.',
        '',
      ].join('\n'),
    };
  }
  const who = message.sentBy ? `${message.sentBy} asked` : 'Someone (we hope you) asked';
  return {
    to: message.email,
    subject: 'Reset your Roster password',
    text: [
      hello,
      '',
      `${who} to reset the password you sign in to Roster with, as ${message.email}.`,
      'Open this link to choose a new password:',
      '',
      `  ${message.url}`,
      '',
      until,
      'If you did not ask for this, you can ignore this message: your password stays as it is.',
      '',
    ].join('\n'),
  };
}
