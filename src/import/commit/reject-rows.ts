import type { StageBatch } from '../import-store.js';
import type { ImportIssue } from '../types.js';

/**
 * The batch with the valid rows that `issues` name moved to its rejected rows (with their
 * original cells from `cellsOf`) and the issues added; the batch itself when there are none.
 */
export function rejectRows(batch: StageBatch, issues: readonly ImportIssue[], cellsOf: (i: number) => readonly string[]): StageBatch {
  if (issues.length === 0) return batch;
  const byRow = new Map<number, ImportIssue[]>();
  for (const issue of issues) byRow.set(issue.row, [...(byRow.get(issue.row) ?? []), issue]);
  const kept = {
    ...batch,
    rowNos: [] as number[],
    keys: [] as string[],
    cells: [] as (string | null)[],
    values: [] as (string | null)[],
    rejected: [...batch.rejected],
    issues: [...batch.issues],
  };
  batch.rowNos.forEach((row, i) => {
    const rowIssues = byRow.get(row);
    if (rowIssues) {
      kept.rejected.push({ row, cells: cellsOf(i) });
      kept.issues.push(...rowIssues);
      return;
    }
    kept.rowNos.push(row);
    kept.keys.push(batch.keys[i]!);
    kept.cells.push(batch.cells[i] ?? null);
    for (let j = 0; j < batch.width; j++) kept.values.push(batch.values[i * batch.width + j] ?? null);
  });
  kept.rejected.sort((a, b) => a.row - b.row);
  return kept;
}
