import { fileOutweighsPeople } from '../../db/imports/deferred-indexes.js';
import type { ImportStore, RangeKeys } from '../import-store.js';
import type { ImportEntity } from '../types.js';
import { BloomFilter } from './bloom-filter.js';

/** Above this share of a batch's keys in the filter, the batch is taken as matching without asking. */
const MANY_HITS = 0.05;

/**
 * Which rows of a people import may match a person who already exists, learnt as they are
 * staged, so that a merge range of new people needs no probe of the email index (mergeRange).
 *
 * How: the emails of the people present when the run begins go into a Bloom filter (nothing to
 * read when there are none, the usual first import). A staged batch is clean when none of its
 * keys is in the filter, or when the few that are (false positives) are asked in one query and
 * belong to nobody; a batch with many keys in the filter is taken as matching without asking. A
 * range of clean batches is merged as creates only, and falls back to the full plan if an email
 * was taken since; a range with a matching batch gets the full plan at once; rows staged by an
 * earlier run are 'unknown' and probed row by row. Organizations are always 'unknown': their key
 * is lower-cased by JavaScript, which SQLite's `lower()` does not match beyond ASCII.
 *
 * The filter is read only when the file may bring at least as many rows as `people` holds (as for
 * deferred indexes): reading every email then costs less than probing every row. It takes 16
 * bits a person (what that costs and saves: speed/README.md).
 */
export class NewKeys {
  /** Spans of spreadsheet rows of batches that matched a record when staged. */
  private readonly matching: { first: number; last: number }[] = [];

  private constructor(
    private readonly store: ImportStore,
    /** null: there was nobody to match; 'off': not watched. */
    private readonly filter: BloomFilter | null | 'off',
    /** Rows up to this one were staged by an earlier run. */
    private readonly stagedAfter: number,
  ) {}

  /** Nothing known: every range is probed. */
  static off(store: ImportStore): NewKeys {
    return new NewKeys(store, 'off', Number.MAX_SAFE_INTEGER);
  }

  /** Watches the keys of this run's rows (after `stagedAfter`) of a file of `fileBytes` into a directory of `people`. */
  static async load(
    store: ImportStore,
    options: { entity: ImportEntity; people: number; fileBytes: number; stagedAfter: number },
  ): Promise<NewKeys> {
    if (options.entity === 'organizations') return NewKeys.off(store);
    if (options.people === 0) return new NewKeys(store, null, options.stagedAfter);
    if (!fileOutweighsPeople(options.fileBytes, options.people)) return NewKeys.off(store);
    const filter = new BloomFilter(Math.min(30, Math.max(16, Math.ceil(Math.log2(options.people * 16)))));
    for await (const keys of store.peopleKeys()) for (const key of keys) filter.addAndCheck(key);
    return new NewKeys(store, filter, options.stagedAfter);
  }

  /** Notes a batch about to be staged: its valid rows' numbers and keys, in row order. */
  async note(rowNos: readonly number[], keys: readonly string[]): Promise<void> {
    const filter = this.filter;
    if (filter === 'off' || filter === null || keys.length === 0) return;
    const hits = keys.filter((key) => filter.has(key));
    if (hits.length === 0) return;
    const matches = hits.length > keys.length * MANY_HITS || (await this.store.existingKeys(hits)).size > 0;
    if (matches) this.matching.push({ first: rowNos[0]!, last: rowNos[rowNos.length - 1]! });
  }

  /** What is known of the keys of rows (from, to]. */
  of(from: number, to: number): RangeKeys {
    if (this.filter === 'off' || from < this.stagedAfter) return 'unknown';
    return this.matching.some((span) => span.last > from && span.first <= to) ? 'existing' : 'new';
  }
}
