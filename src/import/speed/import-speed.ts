import { stat } from 'node:fs/promises';
import type { Database } from '../../db/database.js';
import { peopleCount, shouldDeferIndexes, type IndexDeferral } from '../../db/imports/deferred-indexes.js';
import type { StageSpec } from '../../db/imports/stage-spec.js';
import type { ImportStore, RangeKeys } from '../import-store.js';
import { validateFile, type ValidatedBatch, type ValidateFileInput } from '../validate/validate-file.js';
import { keyFilter } from './key-filter.js';
import { NewKeys } from './new-keys.js';
import type { ImportTuning } from './tuning.js';
import { readAheadOf, validatedBatches, WORKER_MIN_BYTES, workerWanted } from './validated-batches.js';

/**
 * The speed machinery of one import run, behind the one switch `tuning.fast` (see README.md).
 * The commit asks it four things: to read the file, what to note of each batch it stages,
 * what is known of a range's keys when it merges it, and whether to drop the people indexes
 * before it writes. `plainSpeed` answers as if the machinery did not exist; `FastSpeed` with it.
 * Both give the same import.
 */
export interface ImportSpeed {
  /**
   * The file's validated batches. Plain: read here, without a Bloom filter (every valid row keeps
   * its cells). Fast: large files read on a worker thread, and a Bloom filter of keys (refilled
   * with the keys read before `resumed`'s cursor) keeps the cells of the rows that may repeat one.
   */
  readFile(input: Omit<ValidateFileInput, 'bloom'>, resumed: { after: number; merged: number }): Promise<AsyncIterable<ValidatedBatch>>;
  /** Starts watching the keys of the rows this run stages after `stagedAfter` (new-key tracking). */
  watchNewKeys(stagedAfter: number): Promise<void>;
  /** Notes a batch's valid rows before it is staged. */
  noteKeys(rowNos: readonly number[], keys: readonly string[]): Promise<void>;
  /** What is known of the keys of rows (from, to], which picks how they are merged. */
  keysOf(from: number, to: number): RangeKeys;
  /** Drops the deferrable people indexes for the import's writes, if the file is large. */
  deferIndexesIfLarge(): Promise<void>;
}

/** The speed machinery off: read here, every row a duplicate candidate, every range planned in full, every index kept. */
export const plainSpeed: ImportSpeed = {
  readFile: async (input) => validateFile({ ...input, bloom: null }),
  watchNewKeys: async () => undefined,
  noteKeys: async () => undefined,
  keysOf: () => 'existing',
  deferIndexesIfLarge: async () => undefined,
};

export interface FastSpeedContext {
  db: Database;
  store: ImportStore;
  spec: StageSpec;
  tuning: ImportTuning;
  /** The import's hold on the deferrable indexes (released by the commit, whatever the switch). */
  indexes: IndexDeferral;
  dryRun: boolean;
  /** The bytes the run may read: the file's size, or about a test sample's. */
  fileBytes: number;
  /** Forces reading on a worker thread or here, whatever the file's size (tests). */
  readInWorker?: boolean;
}

/** The speed machinery on. */
export class FastSpeed implements ImportSpeed {
  /** Off until watchNewKeys: a dry run merges nothing, and a run resumed while merging staged nothing. */
  private newKeys: NewKeys;

  constructor(private readonly context: FastSpeedContext) {
    this.newKeys = NewKeys.off(context.store);
  }

  async readFile(input: Omit<ValidateFileInput, 'bloom'>, resumed: { after: number; merged: number }) {
    const { db, tuning, store } = this.context;
    const worker =
      this.context.readInWorker ?? (workerWanted(db.dialect, tuning.readInWorker) && (await stat(input.filePath)).size >= WORKER_MIN_BYTES);
    const bloom = await keyFilter(store, { ...resumed, shared: worker });
    return validatedBatches({ ...input, bloom: bloom.buffer }, { worker, readAhead: readAheadOf(tuning.batchRows, tuning.readAhead) });
  }

  async watchNewKeys(stagedAfter: number): Promise<void> {
    const { db, store, spec, dryRun, fileBytes } = this.context;
    if (dryRun) return;
    const people = spec.entity === 'organizations' ? 0 : await peopleCount(db);
    this.newKeys = await NewKeys.load(store, { entity: spec.entity, people, fileBytes, stagedAfter });
  }

  noteKeys(rowNos: readonly number[], keys: readonly string[]): Promise<void> {
    return this.newKeys.note(rowNos, keys);
  }

  keysOf(from: number, to: number): RangeKeys {
    return this.newKeys.of(from, to);
  }

  /** Only an import that writes people, and only for its writes: a dry run writes none. */
  async deferIndexesIfLarge(): Promise<void> {
    const { db, spec, dryRun, fileBytes, tuning, indexes } = this.context;
    if (dryRun || spec.entity === 'organizations') return;
    if (shouldDeferIndexes(fileBytes, await peopleCount(db), tuning.deferIndexesFromBytes)) await indexes.defer();
  }
}
