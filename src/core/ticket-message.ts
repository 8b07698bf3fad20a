/**
 * How a ticket's message came, stored in `ticket_messages.source`: `email` (the inbound SMTP
 * listener), `web`, `import` or `api`.
 */
export const TICKET_MESSAGE_SOURCES = ['email', 'web', 'import', 'api'] as const;

export type TicketMessageSource = (typeof TICKET_MESSAGE_SOURCES)[number];

/** The title of a ticket whose email had an empty subject. */
export const NO_SUBJECT = '(no subject)';

/**
 * The ticket number an email's subject refers to, written `[#123]` as replies quote it
 * ("Re: Printer jammed [#123]"); the first such reference counts. Undefined when there is none,
 * or when the number is too large to be a ticket's.
 *
 * @example
 * ticketReference('Re: [#42] Printer jammed'); // → 42
 */
export function ticketReference(subject: string): number | undefined {
  const match = /\[#(\d{1,9})\]/.exec(subject);
  if (!match) return undefined;
  const n = Number(match[1]);
  return n >= 1 ? n : undefined;
}

/** An attachment as a message lists it: its file name (if it has one) and its size in bytes. */
export interface AttachmentNote {
  filename?: string | null | undefined;
  size: number;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * An email's text with its attachments listed at the end by name and size (the files themselves
 * are not kept): "Attachments (not stored):" then one "- name (size)" line each.
 *
 * @example
 * withAttachmentList('See the log.', [{ filename: 'log.txt', size: 2048 }]);
 * // → 'See the log.\n\nAttachments (not stored):\n- log.txt (2.0 KB)'
 */
export function withAttachmentList(text: string, attachments: readonly AttachmentNote[]): string {
  const body = text.trim();
  if (attachments.length === 0) return body;
  const lines = attachments.map((a) => `- ${a.filename?.trim() || 'unnamed attachment'} (${formatSize(a.size)})`);
  return [body, `Attachments (not stored):\n${lines.join('\n')}`].filter((part) => part !== '').join('\n\n');
}

/** A ticket's title from an email's subject: trimmed, spaces collapsed, "(no subject)" when empty, cut to `max` characters. */
export function titleFromSubject(subject: string | null | undefined, max: number): string {
  const title = (subject ?? '').replace(/\s+/g, ' ').trim();
  return title === '' ? NO_SUBJECT : title.slice(0, max);
}

/** An email as it was parsed (parseInboundMessage): text only (HTML already converted), attachments by name and size. */
export interface InboundEmail {
  fromEmail: string;
  /** The From display name, decoded ("Zoë Müller"); none for a bare address. */
  fromName?: string | null | undefined;
  subject?: string | null | undefined;
  text: string;
  attachments: readonly AttachmentNote[];
}
