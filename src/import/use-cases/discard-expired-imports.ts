import { RosterError } from '../../core/errors.js';
import type { Database } from '../../db/database.js';
import {
  fileKeyInUse,
  forgetFileKey,
  listExpiredCandidates,
  listKeptFilesOfFinished,
  listUnreleasedDiscards,
} from '../../db/imports/discard.js';
import { now } from '../../db/repositories/now.js';
import { discardImport, releaseDiscarded } from './discard-import.js';
import type { FileStore } from '../file-store.js';
import { effectiveStatus } from '../report/import-report.js';

export interface ExpiryResult {
  /** Imports discarded now, in id order. */
  discarded: number[];
  /** Candidates left alone, and why: another process took them over or they are still running. */
  skipped: { id: number; reason: string }[];
}

/**
 * Discards the uploads and kept dry runs nobody finished: those last touched before `olderThan`
 * (an upload when it was uploaded, a dry run when it finished or last showed a sign of life),
 * each as `discardImport` does, with a message saying so. A dry run that is still running is left
 * alone, and completed, undone and real imports are never touched (a completed test sample only
 * gives up the file it kept for its remaining rows). It also finishes discards that were cut short
 * before their file was removed. Expected outcomes are results, not errors;
 * it throws only when the database fails. The server calls it when it starts.
 *
 * @example
 * const hours = config.importRetentionHours; // configFromEnv()
 * await discardExpiredImports(db, { fileStore, olderThan: new Date(Date.now() - hours * 3_600_000) });
 * // → { discarded: [4, 7], skipped: [] }
 */
export async function discardExpiredImports(db: Database, options: { fileStore: FileStore; olderThan: Date }): Promise<ExpiryResult> {
  const result: ExpiryResult = { discarded: [], skipped: [] };
  for (const row of await listUnreleasedDiscards(db)) await releaseDiscarded(db, row, options.fileStore);
  const cutoff = options.olderThan.toISOString();
  // A finished test sample kept its file for its remaining rows; past the retention it goes too.
  for (const row of await listKeptFilesOfFinished(db, cutoff)) {
    await forgetFileKey(db, row.id);
    if (row.fileKey && !(await fileKeyInUse(db, row.fileKey, row.id))) await options.fileStore.remove(row.fileKey);
  }
  for (const row of await listExpiredCandidates(db, cutoff)) {
    if (effectiveStatus(row) === 'running') {
      result.skipped.push({ id: row.id, reason: 'it is still running' });
      continue;
    }
    try {
      await discardImport(db, row.id, {
        fileStore: options.fileStore,
        errorLimit: 0,
        message: `Discarded automatically on ${now()}: it was left unfinished since before ${cutoff} (ROSTER_IMPORT_RETENTION_HOURS).`,
      });
      result.discarded.push(row.id);
    } catch (error) {
      // Another process committed, resumed or discarded it between the list and now.
      if (!(error instanceof RosterError) || error.code !== 'import_state') throw error;
      result.skipped.push({ id: row.id, reason: error.message });
    }
  }
  return result;
}
