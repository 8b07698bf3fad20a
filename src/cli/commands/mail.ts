import fs from 'node:fs/promises';
import type { Command } from 'commander';
import { RosterError } from '../../core/errors.js';
import type { InboundEmail } from '../../core/ticket-message.js';
import { receiveEmail } from '../../db/repositories/inbound-email.js';
import { parseInboundMessage, splitMailbox } from '../../mail/inbound-message.js';
import type { CliContext } from '../context.js';

/**
 * `roster mail import FILE…`: stored messages (.eml, or an .mbox of many) filed as the SMTP
 * listener files what it receives: a new ticket for its sender, or a message of the ticket its
 * subject names with `[#N]`. A message that cannot be filed is named with its reason; the others
 * are filed all the same.
 */
export function registerMail(program: Command, context: CliContext): void {
  program
    .command('mail')
    .description('Email to the helpdesk, from stored messages')
    .command('import')
    .description('File .eml or .mbox messages as tickets (or as replies to the ticket their subject names, [#N])')
    .argument('<files...>', '.eml files (one message each) or .mbox files')
    .option('--json', 'print one JSON object per message')
    .addHelpText('after', '\nExamples:\n  roster mail import support-archive.mbox\n  roster mail import message.eml --json\n')
    .action(async (files: string[], options: { json?: boolean }) => {
      const maxBytes = context.config().smtpMaxBytes;
      let failed = 0;
      await context.withDatabase(async (db) => {
        for (const file of files) {
          const messages = splitMailbox(await fs.readFile(file));
          for (const [i, raw] of messages.entries()) {
            const where = messages.length > 1 ? `${file}, message ${i + 1}` : file;
            const result = await fileOne(raw, maxBytes, async (email) => receiveEmail(db, email));
            if (!result.ok) failed++;
            const line = result.ok
              ? `${where}: ${result.received.kind === 'reply' ? 'added to' : 'filed as'} ticket #${result.received.ticketNumber}`
              : `${where}: not filed: ${result.reason}`;
            await context.print((options.json ? JSON.stringify({ file, message: i + 1, ...result }) : line) + '\n');
          }
        }
      });
      if (failed > 0) process.exitCode = 1;
    });
}

type Filed<T> = { ok: true; from: string; received: T } | { ok: false; reason: string };

async function fileOne<T>(raw: Buffer, maxBytes: number, receive: (email: InboundEmail) => Promise<T>): Promise<Filed<T>> {
  if (raw.length > maxBytes)
    return { ok: false, reason: `it is ${raw.length} bytes, more than the ${maxBytes} a message may have (ROSTER_SMTP_MAX_BYTES)` };
  const email = await parseInboundMessage(raw);
  if (!email) return { ok: false, reason: 'it names no sender (no From address)' };
  try {
    return { ok: true, from: email.fromEmail, received: await receive(email) };
  } catch (error) {
    if (error instanceof RosterError && error.code === 'validation') return { ok: false, reason: error.message };
    throw error;
  }
}
