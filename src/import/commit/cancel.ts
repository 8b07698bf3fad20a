import type { Database } from '../../db/database.js';
import { cancelRequested, type ImportRow } from '../../db/imports/import-records.js';

/** Thrown at a batch boundary of an import that was asked to stop (see cancelImport). */
export class ImportCancelled extends Error {}

/**
 * Throws ImportCancelled when someone asked import `id` to stop. A cancel is a flag in the
 * database, so the process running the import sees it whichever instance was asked; it is read at
 * each batch boundary, where stopping loses nothing.
 */
export async function stopIfCancelled(db: Database, id: number): Promise<void> {
  if (await cancelRequested(db, id)) throw new ImportCancelled();
}

/** What a cancelled import says: what it committed, and that undo removes it. */
export function cancelledMessage(row: ImportRow): string {
  if (row.dryRun === 1) return 'Cancelled on request; a dry run writes nothing.';
  if (row.rowsCommitted <= 1) return 'Cancelled on request before any record was written; there is nothing to undo.';
  const committed = row.created + row.updated + row.unchanged + row.skipped;
  const n = (value: number) => value.toLocaleString('en-US');
  return (
    `Cancelled on request after committing the rows up to row ${n(row.rowsCommitted)} of the file: ${n(committed)} ${committed === 1 ? 'row' : 'rows'} ` +
    `(${n(row.created)} created, ${n(row.updated)} updated, ${n(row.unchanged)} unchanged, ${n(row.skipped)} skipped); the rows after it were not imported. ` +
    `Undo the import to remove what it wrote.`
  );
}
