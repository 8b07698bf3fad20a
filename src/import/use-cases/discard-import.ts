import { RosterError } from '../../core/errors.js';
import type { Database } from '../../db/database.js';
import { fileKeyInUse, markDiscarded, releaseFileKey } from '../../db/imports/discard.js';
import { getImportRow, type ImportRow } from '../../db/imports/import-records.js';
import { withRunner } from '../../db/imports/sql-runner.js';
import { dropStageTable } from '../../db/imports/stage-table.js';
import { now } from '../../db/repositories/now.js';
import type { FileStore } from '../file-store.js';
import { buildImportReport, effectiveStatus } from '../report/import-report.js';
import type { ImportReport, ImportStatus } from '../types.js';

export interface DiscardOptions {
  fileStore: FileStore;
  /** How many issues the returned report carries (default 1,000). */
  errorLimit?: number;
  /** The sentence recorded on the import (`message`); says when it was discarded by default. */
  message?: string;
}

/**
 * Why an import cannot be discarded, as a sentence, or null when it can. Only an import that
 * wrote no record can be: an upload, a dry run, or an import that stopped before its first merged
 * batch. Anything that wrote records is undone instead, so that its records are dealt with.
 */
export function discardRefusal(row: ImportRow, status: ImportStatus): string | null {
  const id = row.id;
  switch (status) {
    case 'analysed':
      return null;
    case 'dry-run':
      return row.phase === 'done' ? `Import ${id} is a finished dry run that kept nothing, so there is nothing to discard.` : null;
    case 'interrupted':
    case 'failed':
      return row.dryRun === 1 || row.rowsCommitted <= 1
        ? null
        : `Import ${id} is ${status} after writing records; resume it (roster imports resume ${id}) to finish it, or undo it (roster imports undo ${id}) to remove what it wrote.`;
    case 'running':
      return `Import ${id} is still running; wait for it to finish, and undo it if you do not want its records.`;
    case 'completed':
      return `Import ${id} is completed: its records were written, so it cannot be discarded; undo it instead (roster imports undo ${id}).`;
    case 'cancelled':
      return `Import ${id} was cancelled after writing records; undo it (roster imports undo ${id}) to remove them.`;
    case 'undone':
      return `Import ${id} was undone on ${row.undoneAt ?? 'an earlier date'}; there is nothing left to discard.`;
    case 'discarded':
      return `Import ${id} was already discarded${row.finishedAt ? ` on ${row.finishedAt}` : ''}.`;
  }
}

/**
 * Drops what a discarded import kept: its stage table, and its file unless another unfinished
 * import still uses it (a dry run shares its upload's file). Safe to run again after a crash.
 */
export async function releaseDiscarded(db: Database, row: Pick<ImportRow, 'id' | 'fileKey'>, fileStore: FileStore): Promise<void> {
  await withRunner(db, (runner) => dropStageTable(runner, { importId: row.id }));
  if (row.fileKey && !(await fileKeyInUse(db, row.fileKey, row.id))) await fileStore.remove(row.fileKey);
  await releaseFileKey(db, row.id);
}

/**
 * Discards an upload (`analysed`) or a kept dry run that will not be committed: its staged rows
 * are dropped, its kept file is removed from the file store when no other unfinished import uses
 * it, and it becomes `discarded`; the record stays for the history. An interrupted or failed
 * import that wrote nothing yet can be discarded too. Throws RosterError('import_state') with a
 * sentence for a running, completed or undone import (undo those instead), and not_found.
 *
 * @example
 * const report = await discardImport(db, 12, { fileStore: localFileStore(config.dataDir) });
 * // report.status → 'discarded'; commitDryRun(db, 12, …) is now refused
 */
export async function discardImport(db: Database, id: number, options: DiscardOptions): Promise<ImportReport> {
  const row = await getImportRow(db, id);
  const refusal = discardRefusal(row, effectiveStatus(row));
  if (refusal) throw new RosterError('import_state', refusal);
  const claimed = await markDiscarded(db, row, options.message ?? `Discarded on ${now()}; nothing from it was imported.`);
  if (!claimed) throw new RosterError('import_state', `Import ${id} was taken over by another process just now; look at it again.`);
  await releaseDiscarded(db, row, options.fileStore);
  return buildImportReport(db, id, { errorLimit: options.errorLimit });
}
