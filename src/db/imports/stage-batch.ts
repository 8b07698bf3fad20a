import type { StageBatch } from '../../import/import-store.js';
import { now } from '../repositories/now.js';
import { insertIssues, insertRejected } from './issue-rows.js';
import type { BulkRows, SqlRunner } from './sql-runner.js';
import { stageTable, type StageSpec } from './stage-spec.js';

export type { StageBatch };

/**
 * Writes one batch in one transaction together with the import's cursor and failed count, so a
 * crash leaves either the whole batch or none of it: resuming re-reads the file after `lastRow`.
 * The staged rows go in with the runner's bulk insert (see SqlRunner.bulkInsert); the stage
 * table has no unique index for a duplicate to abort it.
 */
export async function writeStageBatch(runner: SqlRunner, spec: StageSpec, batch: StageBatch): Promise<void> {
  const columns = ['row_no', 'row_key', 'row_cells', ...spec.columns.map((c) => c.name)];
  await runner.transaction(
    async () => {
      await runner.bulkInsert(stageTable(spec), columns, stagedRows(batch));
      await insertIssues(runner, spec.importId, batch.issues);
      await insertRejected(runner, spec.importId, 'failed', batch.rejected);
      await runner.run(`UPDATE imports SET rows_read = ?, failed = failed + ?, heartbeat_at = ? WHERE id = ?`, [
        batch.lastRow,
        batch.rejected.length,
        now(),
        spec.importId,
      ]);
    },
    { flushLater: true },
  );
}

/** The batch's rows in the stage table's column order: row number, key, cells, then the values. */
function stagedRows(batch: StageBatch): BulkRows {
  return {
    count: batch.rowNos.length,
    push(i, into) {
      into.push(batch.rowNos[i], batch.keys[i], batch.cells[i] ?? null);
      for (let j = i * batch.width; j < (i + 1) * batch.width; j++) into.push(batch.values[j] ?? null);
    },
  };
}
