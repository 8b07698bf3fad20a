/**
 * How an import trades memory and plainness for speed. `fast` is the one switch: off, an import
 * reads on the importing thread, keeps every row's cells, plans every range in full and never
 * drops an index, and gets the same result more slowly. The other fields size the batches and are
 * read from the environment by `src/config.ts` (see speed/README.md for what each costs and saves).
 */
export interface ImportTuning {
  /** ROSTER_IMPORT_FAST=0 turns the speed machinery off. */
  fast: boolean;
  /** Rows per staging batch (ROSTER_IMPORT_BATCH_ROWS). */
  batchRows: number;
  /** Rows per merge transaction (ROSTER_IMPORT_MERGE_ROWS); null: derived from batchRows. */
  mergeRows: number | null;
  /** Read on a worker thread (ROSTER_IMPORT_WORKER=1 or 0); null: on SQLite yes, on PostgreSQL no. */
  readInWorker: boolean | null;
  /** Batches the reading thread may read ahead (ROSTER_IMPORT_READ_AHEAD); null: derived from batchRows. */
  readAhead: number | null;
  /** Files from this size up may defer the people indexes (ROSTER_IMPORT_DEFER_INDEXES_BYTES). */
  deferIndexesFromBytes: number;
  /** How many emails of the other kind of person are held in memory while reading. */
  otherKindInMemory: number;
}

export const DEFAULT_TUNING: ImportTuning = {
  fast: true,
  batchRows: 5_000,
  mergeRows: null,
  readInWorker: null,
  readAhead: null,
  deferIndexesFromBytes: 16 * 1024 * 1024,
  otherKindInMemory: 50_000,
};
