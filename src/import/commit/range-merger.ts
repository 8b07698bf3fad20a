import type { ImportStore, RangeKeys } from '../import-store.js';

/**
 * Merges staged ranges in order, one at a time, in the background of the staging: `offer` starts
 * merging the rows staged after the last merged one once a merge transaction's worth of them wait
 * and no merge is under way, and returns at once.
 *
 * Why in the background: on PostgreSQL a merge runs for seconds in the server, on its own pool
 * connection, while this process reads, validates and stages the next rows (the stage is the
 * queue between the two, on disk, so memory stays flat). Each merge still commits its range with
 * its cursor, after every range before it, so a crash loses no row and doubles none. On SQLite
 * the one connection takes the merge and the next batch's writes in turn.
 */
export class RangeMerger {
  private running: Promise<void> | null = null;
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly store: ImportStore,
    /** What the import knows of a range's keys (see RangeKeys). */
    private readonly keysOf: (from: number, to: number) => RangeKeys,
    private committed: number,
    private readonly mergeRows: number,
  ) {}

  /** Starts merging (last merged row, lastRow] if it is time; throws the error of a merge that failed. */
  offer(lastRow: number): void {
    this.rethrow();
    if (this.running || lastRow - this.committed < this.mergeRows) return;
    const from = this.committed;
    this.running = this.store
      .mergeRange(from, lastRow, this.keysOf(from, lastRow))
      .then(
        () => {
          this.committed = lastRow;
        },
        (error: unknown) => {
          this.failure = { error };
        },
      )
      .finally(() => {
        this.running = null;
      });
  }

  /** Waits for the merge under way, if any; throws its error. */
  async settle(): Promise<void> {
    await this.running;
    this.rethrow();
  }

  private rethrow(): void {
    if (this.failure) throw this.failure.error;
  }
}
