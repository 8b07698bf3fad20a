import type { Database } from '../../db/database.js';
import { restoreDeferredIndexes } from '../../db/imports/deferred-indexes.js';
import { listRunningImportRows } from '../../db/imports/import-records.js';
import { effectiveStatus } from '../report/import-report.js';

/**
 * Builds the people indexes a large import deferred (see IndexDeferral) when no import is
 * running any more: an import killed mid-way leaves them dropped, and nobody may ever resume it.
 * Left alone while an import runs, which rebuilds them itself at its end. Returns how many it built.
 * The server's housekeeping calls it at start and then every few hours.
 */
export async function restoreIndexesWhenIdle(db: Database): Promise<number> {
  const running = await listRunningImportRows(db);
  if (running.some((row) => effectiveStatus(row) === 'running')) return 0;
  return restoreDeferredIndexes(db);
}
