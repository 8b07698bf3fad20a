import type { ImportIssue, TicketLinks } from './types.js';

/**
 * One batch of the file as the commit stage hands it to storage: valid rows in flat arrays (row
 * `i` is `rowNos[i]`, `keys[i]`, `cells[i]` and `values[i * width … (i + 1) * width)`, aligned
 * with the row layout's columns), rejected rows with their issues, and the cursor after it.
 */
export interface StageBatch {
  width: number;
  rowNos: readonly number[];
  keys: readonly string[];
  /**
   * The original cells as JSON for rows whose key may repeat an earlier one (every row when the
   * speed machinery is off, else those the Bloom filter flags), for a duplicate's report; else null.
   */
  cells: readonly (string | null)[];
  values: readonly (string | null)[];
  /** Rows that failed to parse or validate, with their original cells. */
  rejected: { row: number; cells: readonly string[] }[];
  issues: ImportIssue[];
  /** The last spreadsheet row this batch read; resuming starts after it. */
  lastRow: number;
}

/** What merging rows does (or would do, for a dry run), counted. */
export interface PlanCounts {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  /** Rows refused when merged: the email belongs to the other kind of person, or the row would leave no admin. */
  failed: number;
}

/**
 * What the import learnt of a range's keys while staging it, which picks how the range is merged:
 * 'new' when none matched a record then (created without a probe of the email index),
 * 'existing' when one may match (plan every row: the plain path, which the speed machinery off
 * always takes), 'unknown' when it does not know (rows staged by an earlier run, a dry run's):
 * storage then finds out itself.
 */
export type RangeKeys = 'new' | 'existing' | 'unknown';

export type PersonKind = 'user' | 'customer';

/**
 * Where one import keeps its rows on their way into the directory: the pipeline's only way to
 * storage for the commit. The pipeline says what happens, in order (stage each batch, plan,
 * merge each range); `src/db/imports` says how, in SQL for each database. Every write commits
 * with the import's cursor, so a crash between two calls loses no row and doubles none.
 */
export interface ImportStore {
  /** Stage: creates the stage if needed; true when it had to forget rows staged after the last merge (they are read again). */
  openStage(cursor: { rowsRead: number; rowsCommitted: number }): Promise<boolean>;
  /** Data rows an interrupted staging already read (staged and failed), for --sample. */
  countReadRows(): Promise<number>;
  /** Writes one batch with the read cursor, in one transaction. */
  stageBatch(batch: StageBatch): Promise<void>;
  /** Removes the stage (the import is done with it). */
  dropStage(): Promise<void>;

  /** Plan: marks the in-file duplicates of the whole stage (a dry run and all-or-nothing plan the whole file). */
  markDuplicates(): Promise<void>;
  /** What merging the whole stage would do, counted without writing. */
  planCounts(): Promise<PlanCounts>;

  /** Merge: applies staged rows (from, to] in one transaction with the merge cursor and counts. */
  mergeRange(from: number, to: number, keys: RangeKeys): Promise<PlanCounts>;

  /** Lookups for the checks made while reading. The keys of the rows read before the cursor (resume), in pages. */
  keysReadBefore(cursor: { after: number; merged: number }): AsyncIterable<readonly string[]>;
  /** Every person's normalised email, in pages. */
  peopleKeys(): AsyncIterable<readonly string[]>;
  /** Of `keys`, those some person has. */
  existingKeys(keys: readonly string[]): Promise<Set<string>>;
  /** The other kind of person's emails when there are at most `limit`, else null. */
  otherKindEmails(limit: number): Promise<Set<string> | null>;
  /** Of `keys`, those of the other kind of person, with that kind. */
  otherKindOf(keys: readonly string[]): Promise<Map<string, PersonKind>>;
  /** Owners of `domains` among organizations: domain → lower-case organization name. */
  domainOwners(domains: readonly string[]): Promise<Map<string, string>>;

  /** Tickets: how the import's tickets found their people (a dry run: would), counted before the stage is dropped. */
  countLinks(dryRun: boolean): Promise<Omit<TicketLinks, 'pendingCustomersLeft' | 'pendingAssigneesLeft'>>;
}
