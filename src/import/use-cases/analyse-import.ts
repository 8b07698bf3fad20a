import type { Database } from '../../db/database.js';
import { analyseFile, type AnalyseFileOptions, type FileAnalysis } from './analyse-file.js';
import type { FileStore } from '../file-store.js';
import { keptFile } from './kept-file.js';

/**
 * Reads the kept file of an import again, as `analyseFile` does, e.g. with another encoding or
 * delimiter. Without one, the encoding and delimiter picked at upload apply, else detection.
 * Throws `not_found` for an unknown import and `import_state` when its file is gone.
 *
 * @example
 * const analysis = await analyseImport(db, 12, { encoding: 'windows-1252' }, { fileStore });
 */
export async function analyseImport(
  db: Database,
  id: number,
  overrides: AnalyseFileOptions,
  { fileStore }: { fileStore: FileStore },
): Promise<FileAnalysis> {
  const kept = await keptFile(db, id, { fileStore });
  const encoding = overrides.encoding ?? kept.options.encodingOverride;
  const delimiter = overrides.delimiter ?? kept.options.delimiterOverride;
  return analyseFile(db, kept.path, kept.entity, {
    ...(encoding ? { encoding } : {}),
    ...(delimiter ? { delimiter } : {}),
  });
}
