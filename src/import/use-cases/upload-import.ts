import type { Database } from '../../db/database.js';
import { insertImport } from '../../db/imports/import-records.js';
import { now } from '../../db/repositories/now.js';
import type { FileAnalysis } from './analyse-file.js';
import type { StoredFile } from '../file-store.js';
import type { ImportEntity, StoredOptions } from '../types.js';

export interface UploadRecord {
  entity: ImportEntity;
  /** The file as the store saved it. */
  stored: StoredFile;
  /** The name the person knows the file by. */
  fileName: string;
  /** Who uploaded it (an email, "cli:<user>"). */
  actor: string;
  /** What `analyseFile` read from the stored file. */
  analysis: FileAnalysis;
  /** The encoding the person picked, if any; later steps read the file with it again. */
  encoding?: string;
  /** The delimiter the person picked, if any. */
  delimiter?: string;
}

/**
 * Records an uploaded, analysed file as an import in status `analysed` and returns its id. The
 * import keeps the file, the detected encoding and delimiter, the headers, the suggested mapping
 * and default options (update existing records, no sample), so a later dry run of the upload
 * starts from what the person saw; any instance can take that next step.
 *
 * @example
 * const stored = await fileStore.save(stream, 'people.csv');
 * const analysis = await analyseFile(db, await fileStore.localPath(stored.key), 'customers');
 * const id = await recordUpload(db, { entity: 'customers', stored, fileName: 'people.csv', actor: 'ann@example.com', analysis });
 */
export async function recordUpload(db: Database, upload: UploadRecord): Promise<number> {
  const { entity, stored, fileName, actor, analysis, encoding, delimiter } = upload;
  const options: StoredOptions = {
    onExisting: 'update',
    dateFormats: {},
    sample: null,
    allOrNothing: false,
    newProperties: [],
    overrides: {},
    ...(encoding ? { encodingOverride: encoding } : {}),
    ...(delimiter ? { delimiterOverride: delimiter } : {}),
  };
  return insertImport(db, {
    entity,
    status: 'analysed',
    fileName,
    fileSize: stored.size,
    fileSha256: stored.sha256,
    fileKey: stored.key,
    encoding: analysis.encoding,
    delimiter: analysis.delimiter,
    headers: JSON.stringify(analysis.headers.map((h) => ({ index: h.index, label: h.label }))),
    mapping: JSON.stringify(analysis.suggestedMapping),
    suggestions: JSON.stringify(analysis.suggestions),
    options: JSON.stringify(options),
    actor,
    startedAt: now(),
  });
}
