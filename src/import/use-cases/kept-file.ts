import { RosterError } from '../../core/errors.js';
import type { Database } from '../../db/database.js';
import { getImportRow } from '../../db/imports/import-records.js';
import type { FileStore, StoredFile } from '../file-store.js';
import { storedOptions } from '../commit/stored-import.js';
import type { ImportEntity, StoredOptions } from '../types.js';

/** An import's file as the store still keeps it, with what the import knows about it. */
export interface KeptFile {
  id: number;
  entity: ImportEntity;
  /** The name the person knows the file by. */
  fileName: string;
  /** A local path to read the file from (for a remote store, a downloaded copy). */
  path: string;
  file: StoredFile;
  /** As the import's record keeps them; an upload's lack what only a dry run sets. */
  options: Partial<StoredOptions>;
}

/**
 * The file an upload or a kept dry run still keeps, so the next step (analysis, dry run) can read
 * it again. Throws `not_found` for an unknown import and `import_state` when the file is gone
 * (discarded, expired, or the store lost it): the person has to upload it again.
 *
 * @example
 * const kept = await keptFile(db, 12, { fileStore });
 * // kept.path → '/data/uploads/…upload', kept.options.encodingOverride → 'windows-1252'
 */
export async function keptFile(db: Database, id: number, { fileStore }: { fileStore: FileStore }): Promise<KeptFile> {
  const row = await getImportRow(db, id);
  if (!row.fileKey || !(await fileStore.exists(row.fileKey))) {
    throw new RosterError('import_state', `Import ${id} no longer keeps its file ${row.fileName}; upload the file again.`);
  }
  return {
    id,
    entity: row.entity as ImportEntity,
    fileName: row.fileName,
    path: await fileStore.localPath(row.fileKey),
    file: { key: row.fileKey, size: Number(row.fileSize), sha256: row.fileSha256 },
    options: storedOptions(row),
  };
}
