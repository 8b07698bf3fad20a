import type { ServerResponse } from 'node:http';
import { RosterError } from '../../../core/errors.js';
import type { Database } from '../../../db/database.js';
import { getImportRow, type ImportRow } from '../../../db/imports/import-records.js';
import { getImport } from '../../../import/list-imports.js';
import { effectiveStatus } from '../../../import/report/import-report.js';
import type { ImportPhase } from '../../../import/types.js';

export interface ProgressEvent {
  id: number;
  status: string;
  phase: ImportPhase;
  rowsDone: number;
  totalRows: number | null;
  rowsPerSec: number;
  etaSeconds: number | null;
}

/**
 * Progress as the import record tells it: the staging cursor (rows_read) while the file is read,
 * the merge cursor (rows_committed) against the last row while records are written. Cursors are
 * spreadsheet rows (header = 1), as the engine's own progress meter counts them.
 */
function cursorOf(row: ImportRow): { phase: ImportPhase; done: number; total: number | null } {
  const phase = row.phase as ImportPhase;
  if (phase === 'staging') return { phase, done: Math.max(row.rowsRead - 1, 0), total: null };
  const total = Math.max((row.lastRow ?? row.rowsRead) - 1, 0);
  if (phase === 'merging') return { phase, done: Math.min(Math.max(row.rowsCommitted - 1, 0), total), total };
  return { phase, done: total, total };
}

/** Rows/s and ETA from how the cursor moved since this stream first saw the current phase. */
class RateMeter {
  private start: { phase: ImportPhase; done: number; at: number } | undefined;

  event(row: ImportRow, status: string, at = Date.now()): ProgressEvent {
    const { phase, done, total } = cursorOf(row);
    if (!this.start || this.start.phase !== phase || done < this.start.done) this.start = { phase, done, at };
    const seconds = (at - this.start.at) / 1000;
    const rowsPerSec = seconds > 0 ? Math.round((done - this.start.done) / seconds) : 0;
    const etaSeconds = total !== null && rowsPerSec > 0 ? Math.round((total - done) / rowsPerSec) : null;
    return { id: row.id, status, phase, rowsDone: done, totalRows: total, rowsPerSec, etaSeconds };
  }
}

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
export async function streamImportEvents(db: Database, id: number, res: ServerResponse, options: StreamOptions): Promise<void> {
  let closed = false;
  let wake: (() => void) | undefined;
  const stop = () => {
    closed = true;
    wake?.();
  };
  res.on('close', stop);
  const meter = new RateMeter();
  let last = '';
  let lastWrite = Date.now();
  try {
    while (!closed) {
      const row = await getImportRow(db, id);
      const status = effectiveStatus(row);
      if (status !== 'running') {
        write(res, 'done', await getImport(db, id, { errorLimit: options.errorLimit }));
        break;
      }
      const progress = meter.event(row, status);
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
