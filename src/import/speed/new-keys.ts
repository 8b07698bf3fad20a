import type { Database } from '../../db/database.js';
import { fileOutweighsPeople, peopleCount } from '../../db/imports/deferred-indexes.js';
import type { RangeKeys } from '../../db/imports/merge-rows.js';
import { withRunner } from '../../db/imports/sql-runner.js';
import { existingPeopleKeys, peopleKeys } from '../../db/imports/stage-rows.js';
import type { StageSpec } from '../../db/imports/stage-spec.js';
import { BloomFilter } from './bloom-filter.js';

/** Above this share of a batch's keys in the filter, the batch is taken as matching without asking. */
const MANY_HITS = 0.05;
const PAGE = 50_000;

/**
 * Which rows of a people import may match a person who already exists, learnt as they are
 * staged, so that a merge range of new people needs no probe of the email index (mergeChunk).
 *
 * How: the emails of the people present when the run begins go into a Bloom filter (nothing to
 * read when there are none, the usual first import). A staged batch is clean when none of its
 * keys is in the filter, or when the few that are (false positives) are asked in one query and
 * belong to nobody; a batch with many keys in the filter is taken as matching without asking. A
 * range of clean batches is merged as creates only, and falls back to the full plan if an email
 * was taken since; a range with a matching batch gets the full plan at once; rows staged by an
 * earlier run are 'unknown' and probed as before. Organizations are always 'unknown': their key
 * is lower-cased by JavaScript, which SQLite's `lower()` does not match beyond ASCII.
 *
 * The filter is read only when the file may bring at least as many rows as `people` holds (as for
 * deferred indexes): reading every email then costs less than probing every row. At 16 bits a
 * person it holds 2 MB for 1M people, with ~0.3% false positives.
 */
export class NewKeys {
  /** Spans of spreadsheet rows of batches that matched a record when staged. */
  private readonly matching: { first: number; last: number }[] = [];

  private constructor(
    private readonly db: Database,
    /** null: there was nobody to match; 'off': not watched. */
    private readonly filter: BloomFilter | null | 'off',
    /** Rows up to this one were staged by an earlier run. */
    private readonly stagedAfter: number,
  ) {}

  /** Nothing known: every range is probed, as before this existed. */
  static off(db: Database): NewKeys {
    return new NewKeys(db, 'off', Number.MAX_SAFE_INTEGER);
  }

  static async load(db: Database, spec: Pick<StageSpec, 'entity'>, options: { fileBytes: number; stagedAfter: number }): Promise<NewKeys> {
    if (spec.entity === 'organizations') return NewKeys.off(db);
    const count = await peopleCount(db);
    if (count === 0) return new NewKeys(db, null, options.stagedAfter);
    if (!fileOutweighsPeople(options.fileBytes, count)) return NewKeys.off(db);
    const filter = new BloomFilter(Math.min(30, Math.max(16, Math.ceil(Math.log2(count * 16)))));
    for (let afterKey = ''; ;) {
      const keys = await withRunner(db, (runner) => peopleKeys(runner, afterKey, PAGE));
      for (const key of keys) filter.addAndCheck(key);
      if (keys.length < PAGE) break;
      afterKey = keys[keys.length - 1]!;
    }
    return new NewKeys(db, filter, options.stagedAfter);
  }

  /** Notes a batch about to be staged: its valid rows' numbers and keys, in row order. */
  async note(rowNos: readonly number[], keys: readonly string[]): Promise<void> {
    const filter = this.filter;
    if (filter === 'off' || filter === null || keys.length === 0) return;
    const hits = keys.filter((key) => filter.has(key));
    if (hits.length === 0) return;
    const matches =
      hits.length > keys.length * MANY_HITS || (await withRunner(this.db, (runner) => existingPeopleKeys(runner, hits))).size > 0;
    if (matches) this.matching.push({ first: rowNos[0]!, last: rowNos[rowNos.length - 1]! });
  }

  /** What is known of the keys of rows (from, to]. */
  of(from: number, to: number): RangeKeys {
    if (this.filter === 'off' || from < this.stagedAfter) return 'unknown';
    return this.matching.some((span) => span.last > from && span.first <= to) ? 'existing' : 'new';
  }
}
