import { RosterError } from '../../../core/errors.js';
import type { Database } from '../../../db/database.js';
import { getImportRow, type ImportRow } from '../../../db/imports/import-records.js';
import { storedImport, storedOptions, type StoredImport } from '../../commit/stored-import.js';
import { missingProperties } from '../resume-import.js';
import type { ImportEntity } from '../../types.js';

/** A dry run kept for the wizard, with what reading its staged rows needs. */
export interface KeptDryRun extends StoredImport {
  defaultCountry: string | null;
}

/** Whether an import is a dry run that kept its staged rows (it can be checked over, corrected and committed). */
export function isKeptDryRun(row: Pick<ImportRow, 'status' | 'phase'>): boolean {
  return row.status === 'dry-run' && row.phase === 'merging';
}

/**
 * The kept dry run `id` with its row layout and stage spec. Throws `not_found`, and
 * `import_state` with a sentence when the import keeps no staged rows (not a dry run, committed,
 * discarded, or a dry run run without keeping them).
 */
export async function keptDryRun(db: Database, id: number): Promise<KeptDryRun> {
  const row = await getImportRow(db, id);
  if (!isKeptDryRun(row)) {
    throw new RosterError(
      'import_state',
      `Import ${id} is not a kept dry run (it is ${row.status}), so its rows are not kept for checking over; dry-run the file again.`,
    );
  }
  const pending = await missingProperties(db, row.entity as ImportEntity, storedOptions(row).newProperties);
  const stored = await storedImport(db, row, pending);
  return { ...stored, defaultCountry: stored.settings.defaultCountry ?? null };
}
