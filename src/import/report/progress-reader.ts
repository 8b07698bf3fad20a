import type { Database } from '../../db/database.js';
import { getImportRow, type ImportRow } from '../../db/imports/import-records.js';
import { effectiveStatus } from './import-report.js';
import type { ImportPhase, ImportStatus } from '../types.js';

/** How far an import has come, as the wizard's progress bar shows it. */
export interface ProgressEvent {
  id: number;
  status: ImportStatus;
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

/** Rows/s and ETA from how the cursor moved since this reader first saw the current phase. */
class RateMeter {
  private start: { phase: ImportPhase; done: number; at: number } | undefined;

  event(row: ImportRow, status: ImportStatus, at = Date.now()): ProgressEvent {
    const { phase, done, total } = cursorOf(row);
    if (!this.start || this.start.phase !== phase || done < this.start.done) this.start = { phase, done, at };
    const seconds = (at - this.start.at) / 1000;
    const rowsPerSec = seconds > 0 ? Math.round((done - this.start.done) / seconds) : 0;
    const etaSeconds = total !== null && rowsPerSec > 0 ? Math.round((total - done) / rowsPerSec) : null;
    return { id: row.id, status, phase, rowsDone: done, totalRows: total, rowsPerSec, etaSeconds };
  }
}

/**
 * A reader of one import's progress from its record in the database, not from this process's
 * callbacks, so any app instance can follow an import another one runs. Each call reads the
 * record once; the rate and ETA come from how far the cursor moved between calls, so keep one
 * reader per follower. Stop reading once `status` is no longer `running`. Throws `not_found`.
 *
 * @example
 * const read = progressReader(db, 12);
 * for (let p = await read(); p.status === 'running'; p = await read()) show(p.rowsDone, p.totalRows);
 */
export function progressReader(db: Database, id: number): () => Promise<ProgressEvent> {
  const meter = new RateMeter();
  return async () => {
    const row = await getImportRow(db, id);
    return meter.event(row, effectiveStatus(row));
  };
}
