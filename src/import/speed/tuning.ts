/**
 * How an import trades memory and plainness for speed. `fast` is the one switch: off, an import
 * reads on the importing thread, keeps every row's cells, plans every range in full and never
 * drops an index, and gets the same result more slowly. The other fields size the batches and are
 * read from the environment by `src/config.ts` (see speed/README.md for what each costs and saves).
 */
export interface ImportTuning {
  /** ROSTER_IMPORT_FAST=0 turns the speed machinery off. */
  fast: boolean;
  /** Rows per staging batch (ROSTER_IMPORT_BATCH_ROWS); why 5,000: speed/README.md. */
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

/** The tuning of one run: DEFAULT_TUNING, overridden by each layer in turn, field by field (undefined fields override nothing). */
export function tuningOf(...layers: (Partial<ImportTuning> | undefined)[]): ImportTuning {
  let tuning = DEFAULT_TUNING;
  for (const layer of layers) {
    const set = Object.entries(layer ?? {}).filter(([, value]) => value !== undefined);
    tuning = { ...tuning, ...(Object.fromEntries(set) as Partial<ImportTuning>) };
  }
  return { ...tuning, batchRows: Math.max(1, Math.trunc(tuning.batchRows)) };
}

/**
 * Rows per merge transaction: mergeRows, else 100,000 with the default staging batch, else five
 * staging batches (a small batch size, as the crash tests set, keeps several merge transactions
 * in a small file).
 *
 * Why larger than a staging batch: the emails of a batch are spread over the whole `lower(email)`
 * index, so every merge transaction dirties most of its leaf pages, and on SQLite each COMMIT
 * appends every dirty page to the WAL again. Fewer, larger transactions write each page fewer
 * times; each is still all or nothing with its cursor.
 */
export function mergeRowsOf(tuning: Pick<ImportTuning, 'batchRows' | 'mergeRows'>): number {
  if (tuning.mergeRows !== null) return tuning.mergeRows;
  return tuning.batchRows === DEFAULT_TUNING.batchRows ? 100_000 : tuning.batchRows * 5;
}
