import { RosterError } from '../../core/errors.js';
import type { Database } from '../../db/database.js';
import { getImportRow } from '../../db/imports/import-records.js';
import { withRunner } from '../../db/imports/sql-runner.js';
import { undoImportRows } from '../../db/imports/undo-rows.js';
import { buildImportReport, effectiveStatus } from '../report/import-report.js';
import type { ImportEntity, ImportReport } from '../types.js';

/**
 * Undoes an import: records it created are removed, records it updated get the values it
 * replaced, and records edited since the import are kept and listed (report.undo.kept) rather
 * than clobbered. The undo is recorded on the import (status `undone`, `undoneAt`, `undo`).
 * A running import cannot be undone; an interrupted one can (what it committed is undone).
 */
export async function undoImport(db: Database, id: number): Promise<ImportReport> {
  const row = await getImportRow(db, id);
  const status = effectiveStatus(row);
  if (status === 'undone') throw new RosterError('import_state', `Import ${id} was already undone on ${row.undoneAt}.`);
  if (status === 'running')
    throw new RosterError('import_state', `Import ${id} is still running; wait for it to finish (or stop it) before undoing it.`);
  if (row.dryRun === 1) throw new RosterError('import_state', `Import ${id} was a dry run; it wrote nothing, so there is nothing to undo.`);
  // An upload that was only analysed, or discarded before it ran, never wrote a record.
  if (status === 'analysed' || status === 'discarded') {
    throw new RosterError('import_state', `Import ${id} was never run (it is ${status}); there is nothing to undo.`);
  }
  const entity = row.entity as ImportEntity;
  const savedColumns = JSON.parse(row.columns) as string[];
  await withRunner(db, (runner) => undoImportRows(runner, { importId: id, entity, savedColumns }));
  return buildImportReport(db, id);
}
