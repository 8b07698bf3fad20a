import type { Database } from '../../db/database.js';
import { getImportRow } from '../../db/imports/import-records.js';

/**
 * Throws `not_found` when no import has this id. For callers that must answer "no such import"
 * before they commit to a response, e.g. before a download or an event stream starts.
 */
export async function requireImport(db: Database, id: number): Promise<void> {
  await getImportRow(db, id);
}
