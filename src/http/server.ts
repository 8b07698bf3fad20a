import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { RosterConfig } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';
import { pruneSessions } from '../db/repositories/auth.js';
import { pruneSignInLinks } from '../db/repositories/invitations.js';
import { pruneSignInFailures } from '../db/repositories/sign-in-failures.js';
import { discardExpiredImports } from '../import/use-cases/discard-expired-imports.js';
import { localFileStore } from '../import/file-store.js';
import { restoreIndexesWhenIdle } from '../import/speed/restore-indexes.js';
import { buildApp } from './app.js';
import { requestLogger } from './request-log.js';
import { startSmtpListener, type SmtpListener } from './smtp.js';

export interface StartServerOptions {
  port: number;
  host: string;
  config: RosterConfig;
  /** pino log level; defaults to config.logLevel (ROSTER_LOG_LEVEL, else "info"). */
  logLevel?: string;
  /** Start the inbound email (SMTP) listener on this port (0 picks a free one); none when undefined. */
  smtpPort?: number | undefined;
  /** The address the SMTP listener listens on; defaults to `host`. */
  smtpHost?: string | undefined;
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** The inbound email listener, when one was asked for. */
  smtp?: SmtpListener;
  /** Stops listening, lets open requests finish, then closes the database. */
  close(): Promise<void>;
}

const HOUSEKEEPING_INTERVAL_MS = 6 * 3_600_000;

/**
 * Removes expired sessions and ended sign-in windows, discards uploads and dry runs left unfinished past the retention
 * (ROSTER_IMPORT_RETENTION_HOURS) and rebuilds the people indexes an interrupted import left
 * dropped. Every instance may run it: each step is safe to repeat and to race. A failure is
 * logged and never stops the server.
 */
export async function housekeeping(db: Database, log: FastifyBaseLogger, config: RosterConfig): Promise<void> {
  try {
    await pruneSessions(db);
    await pruneSignInFailures(db);
    await pruneSignInLinks(db);
    const expired = await discardExpiredImports(db, {
      fileStore: localFileStore(config.dataDir),
      olderThan: new Date(Date.now() - config.importRetentionHours * 3_600_000),
    });
    if (expired.discarded.length > 0) log.info({ importIds: expired.discarded }, 'discarded expired imports');
    const rebuilt = await restoreIndexesWhenIdle(db);
    if (rebuilt > 0) log.info({ indexes: rebuilt }, 'rebuilt the people indexes an interrupted import had deferred');
  } catch (error) {
    log.error({ err: error }, 'housekeeping failed');
  }
}

/**
 * Opens the configured database, builds the app and listens; SIGINT/SIGTERM close it cleanly.
 * `roster serve` calls this.
 *
 * @example
 * await startServer({ port: 3000, host: '127.0.0.1', config: configFromEnv() });
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const db = await openDatabase(options.config);
  let app: FastifyInstance;
  try {
    app = await buildApp({ db, config: options.config, logger: requestLogger(options.logLevel ?? options.config.logLevel) });
    await housekeeping(db, app.log, options.config);
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await db.close();
    throw error;
  }
  let smtp: SmtpListener | undefined;
  if (options.smtpPort !== undefined) {
    try {
      smtp = await startSmtpListener({
        db,
        port: options.smtpPort,
        host: options.smtpHost ?? options.host,
        maxBytes: options.config.smtpMaxBytes,
        log: app.log,
      });
    } catch (error) {
      await app.close();
      await db.close();
      throw error;
    }
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  console.log(`Roster is running at ${url} (API docs at ${url}/api/docs)`);
  if (smtp) {
    const smtpHost = smtp.host.includes(':') ? `[${smtp.host}]` : smtp.host;
    console.log(`Receiving email (SMTP) at ${smtpHost}:${smtp.port}`);
  }
  // A server may run for weeks: housekeeping repeats, and never keeps the process alive by itself.
  const housekeepingTimer = setInterval(() => void housekeeping(db, app.log, options.config), HOUSEKEEPING_INTERVAL_MS);
  housekeepingTimer.unref();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(housekeepingTimer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      try {
        await smtp?.close();
        await app.close();
      } finally {
        await db.close();
      }
    })();
    return closing;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    console.log(`Received ${signal}; shutting down.`);
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { app, url, ...(smtp ? { smtp } : {}), close };
}
