import type { InboundEmail } from '../core/ticket-message.js';

/**
 * The parts of a raw message (RFC 5322, as the SMTP listener receives it or an .eml file holds it)
 * that a ticket uses: the sender from the From header, else the envelope's MAIL FROM; undefined
 * when neither names one.
 */
export async function parseInboundMessage(raw: Buffer, envelopeFrom?: string): Promise<InboundEmail | undefined> {
  // Loaded on the first message: mailparser brings an HTML parser that other commands do without.
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(raw);
  const from = mail.from?.value.find((a) => a.address) ?? undefined;
  const fromEmail = from?.address ?? envelopeFrom;
  if (!fromEmail) return undefined;
  return {
    fromEmail,
    fromName: from?.name || null,
    subject: mail.subject ?? null,
    // mailparser's `text` is the text part, or the HTML part converted to text when there is none: HTML is never kept.
    text: mail.text ?? '',
    attachments: mail.attachments.map((a) => ({ filename: a.filename ?? null, size: a.size })),
  };
}

/**
 * The messages of an mbox file (each starts at a line `From sender date`; a body line that
 * starts with `>From ` had one quote added, which comes off) or, for any other file, the file
 * as one message (.eml).
 */
export function splitMailbox(file: Buffer): Buffer[] {
  const text = file.toString('latin1');
  if (!text.startsWith('From ')) return [file];
  return text
    .split(/\r?\n(?=From )/)
    .map((part) => part.replace(/^From [^\n]*\n/, '').replace(/^>(>*From )/gm, '$1'))
    .filter((part) => part.trim() !== '')
    .map((part) => Buffer.from(part, 'latin1'));
}
