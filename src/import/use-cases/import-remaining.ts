import { RosterError } from '../../core/errors.js';
import type { Database } from '../../db/database.js';
import { getImportRow } from '../../db/imports/import-records.js';
import { storedOptions } from '../commit/stored-import.js';
import { reusingStore } from './dry-run-upload.js';
import type { FileStore } from '../file-store.js';
import { keptFile } from './kept-file.js';
import { effectiveStatus } from '../report/import-report.js';
import { runImport, type RunImportOptions } from './run-import.js';
import type { ImportReport } from '../types.js';

export interface ImportRemainingOptions extends Pick<RunImportOptions, 'actor' | 'errorLimit' | 'onProgress' | 'tuning'> {
  fileStore: FileStore;
  /** A dry run kept for the wizard (the default), or false to import the rows at once (the CLI). */
  dryRun?: boolean;
}

/**
 * Imports the rest of a file after a test sample: a new import of the sample's kept file with the
 * same mapping and options, covering the rows after the sample's last row (they keep the file's
 * row numbers). By default it is a dry run kept for the wizard, to check over and commit as any
 * other. A completed sample keeps its file for this (until ROSTER_IMPORT_RETENTION_HOURS pass).
 * Throws `not_found`, and `import_state` for an import that is not a completed sample or whose
 * file is no longer kept.
 *
 * @example
 * const sample = await runImport(db, { entity: 'customers', filePath, fileStore, sample: 5 });
 * const rest = await importRemaining(db, sample.id, { fileStore }); // rest.status → 'dry-run'
 */
export async function importRemaining(db: Database, id: number, options: ImportRemainingOptions): Promise<ImportReport> {
  const row = await getImportRow(db, id);
  const stored = storedOptions(row);
  const status = effectiveStatus(row);
  if (row.dryRun === 1 || stored.sample === null || status !== 'completed' || row.lastRow === null) {
    throw new RosterError(
      'import_state',
      `Import ${id} is not a completed test sample (it is ${row.dryRun === 1 ? 'a dry run' : status}${stored.sample === null ? ', of the whole file' : ''}); only the rows after a sample can be imported this way.`,
    );
  }
  const kept = await keptFile(db, id, { fileStore: options.fileStore });
  const headers = JSON.parse(row.headers) as { label: string }[];
  const mapping = JSON.parse(row.mapping) as Record<string, string>;
  return runImport(db, {
    entity: kept.entity,
    filePath: kept.path,
    fileName: kept.fileName,
    fileStore: reusingStore(options.fileStore, kept.path, kept.file),
    dryRun: options.dryRun !== false,
    keepDryRun: options.dryRun !== false,
    // Every column as the sample had it, mapped or left out, whatever would be suggested now.
    mapping: Object.fromEntries(headers.map((h) => [h.label, mapping[h.label] ?? null])),
    afterRow: row.lastRow,
    onExisting: stored.onExisting,
    dateFormats: stored.dateFormats,
    allOrNothing: stored.allOrNothing,
    newProperties: stored.newProperties,
    ...(stored.valueMaps ? { valueMaps: stored.valueMaps } : {}),
    ...(stored.createMissingCustomers ? { createMissingCustomers: true } : {}),
    ...(stored.encodingOverride ? { encoding: stored.encodingOverride } : {}),
    ...(stored.delimiterOverride ? { delimiter: stored.delimiterOverride } : {}),
    ...(options.actor !== undefined ? { actor: options.actor } : {}),
    ...(options.errorLimit !== undefined ? { errorLimit: options.errorLimit } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.tuning ? { tuning: options.tuning } : {}),
  });
}
