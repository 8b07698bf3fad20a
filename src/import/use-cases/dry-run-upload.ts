import type { Database } from '../../db/database.js';
import type { FileStore, StoredFile } from '../file-store.js';
import type { ImportTuning } from '../speed/tuning.js';
import { keptFile } from './kept-file.js';
import { runImport, type RunImportOptions } from './run-import.js';
import type { ImportReport } from '../types.js';

/** What a person can change between dry runs of the same file. */
export type DryRunUploadOptions = Pick<
  RunImportOptions,
  | 'mapping'
  | 'encoding'
  | 'delimiter'
  | 'dateFormats'
  | 'onExisting'
  | 'sample'
  | 'allOrNothing'
  | 'newProperties'
  | 'actor'
  | 'errorLimit'
  | 'template'
  | 'valueMaps'
  | 'createMissingCustomers'
>;

/**
 * A store that hands back the upload's own stored file when runImport saves that file again,
 * so a dry run from an upload shares its file instead of copying it (a 1 GB upload stays 1 GB).
 */
export function reusingStore(store: FileStore, localPath: string, file: StoredFile): FileStore {
  return { ...store, save: async (source, fileName) => (source === localPath ? file : store.save(source, fileName)) };
}

/**
 * Dry-runs the kept file of an upload (or of an earlier dry run) with a mapping and options and
 * keeps the result, so it can be confirmed with `startCommit`/`commitDryRun`. The dry run is a
 * new import that shares the file of `id`; without an encoding or delimiter the ones picked at
 * upload apply. Throws `not_found`, `import_state` (the file is gone) and what runImport throws
 * for options that cannot run (`import_mapping`, `validation`); row problems are in the report.
 *
 * @example
 * const report = await dryRunUpload(db, uploadId, { mapping: { 'E-mail': 'email' }, errorLimit: 100 }, { fileStore });
 * // report.status → 'dry-run', report.id → the id to commit
 */
export async function dryRunUpload(
  db: Database,
  id: number,
  options: DryRunUploadOptions,
  { fileStore, tuning }: { fileStore: FileStore; tuning?: Partial<ImportTuning> },
): Promise<ImportReport> {
  const kept = await keptFile(db, id, { fileStore });
  const encoding = options.encoding ?? kept.options.encodingOverride;
  const delimiter = options.delimiter ?? kept.options.delimiterOverride;
  return runImport(db, {
    entity: kept.entity,
    filePath: kept.path,
    fileName: kept.fileName,
    fileStore: reusingStore(fileStore, kept.path, kept.file),
    dryRun: true,
    keepDryRun: true,
    ...(tuning ? { tuning } : {}),
    ...(options.errorLimit !== undefined ? { errorLimit: options.errorLimit } : {}),
    ...(options.actor !== undefined ? { actor: options.actor } : {}),
    ...(options.mapping ? { mapping: options.mapping } : {}),
    ...(encoding ? { encoding } : {}),
    ...(delimiter ? { delimiter } : {}),
    ...(options.dateFormats ? { dateFormats: options.dateFormats } : {}),
    ...(options.onExisting ? { onExisting: options.onExisting } : {}),
    ...(options.sample !== undefined ? { sample: options.sample } : {}),
    ...(options.allOrNothing !== undefined ? { allOrNothing: options.allOrNothing } : {}),
    ...(options.newProperties ? { newProperties: options.newProperties } : {}),
    ...(options.template !== undefined ? { template: options.template } : {}),
    ...(options.valueMaps ? { valueMaps: options.valueMaps } : {}),
    ...(options.createMissingCustomers !== undefined ? { createMissingCustomers: options.createMissingCustomers } : {}),
  });
}
