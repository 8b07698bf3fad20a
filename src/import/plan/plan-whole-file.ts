import type { ImportPatch, ImportRow } from '../../db/imports/import-records.js';
import { now } from '../../db/repositories/now.js';
import type { ImportStore, PlanCounts } from '../import-store.js';
import type { ProgressMeter } from '../report/progress.js';

/**
 * The plan stage of an import that sees the whole file before it writes (a dry run, an
 * all-or-nothing import). A plain import has no plan stage of its own: each merge range marks its
 * duplicates and plans itself, in its transaction (ImportStore.mergeRange).
 */

/** Marks the in-file duplicates of the whole staged file. */
export async function markDuplicatesOfFile(store: ImportStore, progress: ProgressMeter): Promise<void> {
  progress.enter('planning', null);
  progress.update(0, true);
  await store.markDuplicates();
}

/** How a planned import ends, or that it goes on to merge. */
export type PlanOutcome =
  | { ends: true; patch: ImportPatch; keepStage: boolean }
  /** An all-or-nothing import without failed rows merges them. */
  | { ends: false };

/**
 * What the counted plan of the whole file means: a dry run ends with the counts (keeping its
 * stage for the wizard when asked to); an all-or-nothing import with failed rows ends having
 * written nothing; else the rows are merged.
 */
export function outcomeOfPlan(row: ImportRow, plan: PlanCounts, options: { keepDryRun: boolean }): PlanOutcome {
  const failed = row.failed + plan.failed;
  if (row.dryRun === 1) {
    const { created, updated, unchanged, skipped } = plan;
    const phase = options.keepDryRun ? {} : { phase: 'done' };
    return {
      ends: true,
      patch: { created, updated, unchanged, skipped, failed, ...phase, status: 'dry-run', finishedAt: now() },
      keepStage: options.keepDryRun,
    };
  }
  if (failed === 0) return { ends: false };
  return {
    ends: true,
    patch: {
      skipped: plan.created + plan.updated + plan.skipped,
      unchanged: plan.unchanged,
      failed,
      phase: 'done',
      status: 'failed',
      finishedAt: now(),
      error: `Nothing was imported: ${failed} ${failed === 1 ? 'row has' : 'rows have'} errors and the import was run all-or-nothing.`,
    },
    keepStage: false,
  };
}
