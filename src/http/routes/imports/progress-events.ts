import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { RosterError } from '../../../core/errors.js';
import { getImport } from '../../../import/use-cases/list-imports.js';
import { progressReader } from '../../../import/report/progress-reader.js';

export interface StreamOptions {
  /** How often the import record is read (ms). */
  pollMs: number;
  /** How many errors the final `done` report carries. */
  errorLimit: number;
  /** A comment line every so often keeps proxies from closing an idle stream (ms). */
  keepAliveMs?: number;
}

function write(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/**
 * Streams an import's progress as server-sent events until it stops running, then sends `done`
 * with its report and ends. Progress is read from the database, not from this process's
 * callbacks, so a client connected to any app instance sees an import that another one runs.
 * Returns when the stream ends, whether the import finished or the client went away.
 */
export async function streamImportEvents(
  db: FastifyInstance['db'],
  id: number,
  res: ServerResponse,
  options: StreamOptions,
): Promise<void> {
  let closed = false;
  let wake: (() => void) | undefined;
  const stop = () => {
    closed = true;
    wake?.();
  };
  res.on('close', stop);
  const read = progressReader(db, id);
  let last = '';
  let lastWrite = Date.now();
  try {
    while (!closed) {
      const progress = await read();
      if (progress.status !== 'running') {
        write(res, 'done', await getImport(db, id, { errorLimit: options.errorLimit }));
        break;
      }
      const key = `${progress.phase}:${progress.rowsDone}:${progress.totalRows}`;
      if (key !== last) {
        write(res, 'progress', progress);
        last = key;
        lastWrite = Date.now();
      } else if (Date.now() - lastWrite >= (options.keepAliveMs ?? 15_000)) {
        res.write(': still running\n\n');
        lastWrite = Date.now();
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } catch (error) {
    // The headers are sent, so the error handler cannot answer; tell the client in the stream.
    if (!closed) {
      const message =
        error instanceof RosterError ? error.message : 'Reading the import failed on the server; the details are in the server log.';
      write(res, 'error', { message });
    }
    if (!(error instanceof RosterError)) throw error;
  } finally {
    res.off('close', stop);
    if (!res.writableEnded) res.end();
  }
}

/** Ends every open stream (the server is shutting down), so closing does not wait on them. */
export function endAll(streams: Set<ServerResponse>): void {
  for (const res of streams) if (!res.writableEnded) res.end();
}
