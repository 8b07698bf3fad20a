import type { Database } from '../../../db/database.js';
import { getImportRow } from '../../../db/imports/import-records.js';
import { correctionsOf, countCorrections, type CorrectionRow } from '../../../db/imports/review-rows.js';
import { withRunner } from '../../../db/imports/sql-runner.js';

/**
 * One page of the cells of an import corrected in Roster, in row order, each with the file's
 * value and the corrected one. Throws `not_found`.
 *
 * @example
 * const page = await importCorrections(db, 12, { offset: 0, limit: 50 });
 * // page.items[0] → { row: 4, column: 'Email', original: 'bob@', value: 'bob@example.com', … }
 */
export async function importCorrections(
  db: Database,
  id: number,
  page: { offset: number; limit: number },
): Promise<{ items: CorrectionRow[]; total: number; offset: number; limit: number }> {
  await getImportRow(db, id);
  return withRunner(db, async (runner) => ({
    items: await correctionsOf(runner, id, null, page),
    total: await countCorrections(runner, id),
    ...page,
  }));
}
