import type { Transporter } from 'nodemailer';
import type { RosterConfig } from '../config.js';

/** A plain text message to one person. */
export interface OutboundMail {
  to: string;
  subject: string;
  text: string;
}

/** Sends Roster's own mail (invitations, password resets) through the SMTP server ROSTER_SMTP_URL names. */
export interface Mailer {
  /** Sends one message; rejects with the SMTP server's or the network's error when it is not accepted. */
  send(mail: OutboundMail): Promise<void>;
  /** Closes the connections the transport keeps. */
  close(): void;
}

/**
 * The mailer of the configuration, or undefined when no outbound mail is set up (ROSTER_SMTP_URL
 * unset): callers then show the link to copy instead. Nodemailer reads the URL itself, user,
 * password and query options included (`smtps://…` for TLS from the start; smtp:// upgrades with
 * STARTTLS when the server offers it).
 *
 * @example
 * const mailer = createMailer(configFromEnv());
 * await mailer?.send({ to: 'ada@example.com', subject: 'Hello', text: 'A plain text body.' });
 */
export function createMailer(config: Pick<RosterConfig, 'smtpUrl' | 'mailFrom'>): Mailer | undefined {
  const url = config.smtpUrl;
  if (!url) return undefined;
  // Nodemailer is loaded on the first message, so that a command that sends none starts without it.
  let transport: Promise<Transporter> | undefined;
  const open = () =>
    (transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(url, { from: config.mailFrom })));
  return {
    async send(mail) {
      await (await open()).sendMail({ to: mail.to, subject: mail.subject, text: mail.text });
    },
    close() {
      // A transport that never opened (a bad URL) has nothing to close; its error went to send's caller.
      void transport?.then(
        (t) => t.close(),
        () => undefined,
      );
    },
  };
}
