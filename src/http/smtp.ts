import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { RosterError } from '../core/errors.js';
import type { Database } from '../db/database.js';
import { receiveEmail } from '../db/repositories/inbound-email.js';
import { parseInboundMessage } from '../mail/inbound-message.js';

/** What the log needs: pino's, Fastify's, or a test's. */
export interface SmtpLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface SmtpListenerOptions {
  db: Database;
  port: number;
  host: string;
  /** The largest message accepted, in bytes; a larger one is refused with 552 during DATA. */
  maxBytes: number;
  log: SmtpLog;
}

export interface SmtpListener {
  /** The port it listens on (the one picked when asked for 0). */
  port: number;
  host: string;
  /** Stops accepting connections and waits for open ones to end. */
  close(): Promise<void>;
}

/** An SMTP reply to a message: smtp-server sends `responseCode` and the error's message. */
function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** Reads a message's DATA into memory up to `maxBytes`; beyond that it only drains the stream (smtp-server sets sizeExceeded). */
function readData(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= maxBytes) chunks.push(chunk);
    });
    stream.on('end', () => resolve(stream.sizeExceeded || bytes > maxBytes ? undefined : Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/**
 * Starts the inbound email listener: each message received becomes a ticket, or a message of the
 * ticket its subject names with `[#N]` (receiveEmail). It asks for no authentication and offers
 * no STARTTLS: it is meant to sit behind the organisation's mail relay, which does both. A message
 * larger than `maxBytes` is answered 552 and nothing is stored; a message without a sender 550; a
 * failure to store it 451, so the relay tries again later. It keeps nothing in memory between
 * messages: every instance may run one.
 */
export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const { db, log, maxBytes } = options;
  const onData = (stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void) => {
    void (async () => {
      const raw = await readData(stream, maxBytes);
      if (!raw) return callback(smtpError(552, `Message exceeds the fixed maximum message size of ${maxBytes} bytes`));
      const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
      const email = await parseInboundMessage(raw, envelopeFrom || undefined);
      if (!email) return callback(smtpError(550, 'The message names no sender'));
      try {
        const received = await receiveEmail(db, email);
        log.info({ ...received, from: email.fromEmail }, 'email received');
        return callback(null, `Filed as ticket #${received.ticketNumber}`);
      } catch (error) {
        if (error instanceof RosterError && error.code === 'validation') {
          log.warn({ err: error, from: email.fromEmail }, 'email refused');
          return callback(smtpError(550, error.message));
        }
        throw error;
      }
    })().catch((error: unknown) => {
      log.error({ err: error }, 'storing an email failed');
      callback(smtpError(451, 'The message could not be stored; try again later'));
    });
  };
  const server = new SMTPServer({
    banner: 'Roster helpdesk',
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    size: maxBytes,
    logger: false,
    // A relay that keeps an idle connection open must not hold a shutdown for smtp-server's default 30 s.
    closeTimeout: 5_000,
    onData,
  });
  server.on('error', (error) => log.error({ err: error }, 'SMTP listener error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    host: options.host,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
