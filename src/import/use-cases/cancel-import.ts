import { RosterError } from '../../core/errors.js';
import type { Database } from '../../db/database.js';
import { fileKeyInUse } from '../../db/imports/discard.js';
import { getImportRow, patchImport, requestCancel } from '../../db/imports/import-records.js';
import { withRunner } from '../../db/imports/sql-runner.js';
import { dropStageTable } from '../../db/imports/stage-table.js';
import { now } from '../../db/repositories/now.js';
import type { FileStore } from '../file-store.js';
import { buildImportReport, effectiveStatus } from '../report/import-report.js';
import type { ImportReport } from '../types.js';

/**
 * Asks a running import to stop. The flag is in the database, so the process that runs it, on
 * whichever instance, sees it at its next batch boundary: it keeps what it committed, becomes
 * `cancelled` and says so in its message, and can be undone. An interrupted import (its process
 * is gone) becomes `cancelled` at once. Returns the report (`cancelRequested` while the import
 * still runs). Throws `not_found`, and `import_state` for an import that is not running.
 *
 * @example
 * await cancelImport(db, 12, { fileStore });
 * // …later: getImport(db, 12) → status 'cancelled'; undoImport(db, 12) removes what it wrote
 */
export async function cancelImport(db: Database, id: number, { fileStore }: { fileStore: FileStore }): Promise<ImportReport> {
  const row = await getImportRow(db, id);
  const status = effectiveStatus(row);
  if (status === 'interrupted') {
    const committed = row.created + row.updated + row.unchanged + row.skipped;
    await patchImport(db, id, {
      status: 'cancelled',
      phase: 'done',
      cancelRequestedAt: now(),
      finishedAt: now(),
      fileKey: null,
      error:
        row.dryRun === 1 || row.rowsCommitted <= 1
          ? 'Cancelled after it was interrupted, before any record was written; there is nothing to undo.'
          : `Cancelled after it was interrupted, with the rows up to row ${row.rowsCommitted} of the file committed (${committed} rows); undo the import to remove what it wrote.`,
    });
    await withRunner(db, (runner) => dropStageTable(runner, { importId: id }));
    if (row.fileKey && !(await fileKeyInUse(db, row.fileKey, id))) await fileStore.remove(row.fileKey);
    return buildImportReport(db, id);
  }
  if (status !== 'running' || !(await requestCancel(db, id, now()))) {
    throw new RosterError(
      'import_state',
      `Import ${id} is ${status === 'running' ? 'no longer running' : status}; only a running import can be cancelled.`,
    );
  }
  return buildImportReport(db, id);
}
