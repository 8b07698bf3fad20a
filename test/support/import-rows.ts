import type { Database } from '../../src/db/database.js';
import { insertImport, type NewImportRow } from '../../src/db/imports/import-records.js';
import { now } from '../../src/db/repositories/now.js';

/** Records an import row directly, as a test's starting point: an analysed customers upload unless `values` says otherwise. */
export function recordImport(db: Database, values: Partial<NewImportRow> = {}): Promise<number> {
  return insertImport(db, {
    entity: 'customers',
    status: 'analysed',
    fileName: 'people.csv',
    fileSize: 1,
    fileSha256: '0'.repeat(64),
    fileKey: null,
    encoding: 'utf-8',
    delimiter: ',',
    headers: '[]',
    mapping: '{}',
    suggestions: '{}',
    options: '{}',
    actor: null,
    startedAt: now(),
    ...values,
  });
}
