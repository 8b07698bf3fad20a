import type { Database } from '../../db/database.js';
import { getImportRow } from '../../db/imports/import-records.js';
import type { FileStore } from '../file-store.js';
import type { ImportTuning } from '../speed/tuning.js';
import { commitDryRun } from './resume-import.js';

export interface StartCommitOptions {
  fileStore: FileStore;
  /**
   * Called with the error of a commit that fails or stops, also when startCommit itself rejects
   * with it. Row problems are not errors: they are in the import's report.
   */
  onError: (error: unknown) => void;
  /** How often the import record is read while waiting for the claim (ms); defaults to 20. */
  pollMs?: number;
  /** The import's speed settings (see RunOptions.tuning). */
  tuning?: Partial<ImportTuning>;
}

/** A commit running in the background. */
export interface StartedCommit {
  /** Settles when the commit has finished, failed or stopped; never rejects (see onError). */
  done: Promise<void>;
}

/**
 * Confirms a kept dry run in the background (`commitDryRun`) and resolves once the commit has
 * claimed its import (status `running`), so a caller that then reads the import sees it running
 * and any instance can follow its progress from the database. A commit that is refused before
 * it claims the import (`not_found`, `import_state`: not a kept dry run, already taken) rejects
 * here; one that fails later reaches `onError`. Keep `done` to let the commit reach a batch
 * boundary before the database closes.
 *
 * @example
 * const { done } = await startCommit(db, dryRunId, { fileStore, onError: (e) => log.error(e) });
 * await getImport(db, dryRunId); // status 'running'
 */
export async function startCommit(db: Database, id: number, options: StartCommitOptions): Promise<StartedCommit> {
  const pollMs = options.pollMs ?? 20;
  // The report of a background commit is read from the database later, so it carries no errors.
  const commit = commitDryRun(db, id, {
    fileStore: options.fileStore,
    errorLimit: 0,
    ...(options.tuning ? { tuning: options.tuning } : {}),
  });
  let settled = false;
  const done = commit.then(
    () => {
      settled = true;
    },
    (error: unknown) => {
      settled = true;
      options.onError(error);
    },
  );
  const claimed = (async () => {
    while (!settled) {
      const row = await getImportRow(db, id);
      // commitDryRun claims the import (status running) and then clears its dry-run flag in a second
      // write: wait for both, or a caller could read a running import that still says dry run.
      if (row.status === 'running' && row.dryRun === 0) return;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  })();
  // A commit refused before its claim settles first, and its error is the caller's answer.
  await Promise.race([commit, claimed]);
  return { done };
}
