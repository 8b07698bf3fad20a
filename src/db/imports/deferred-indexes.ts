import { sql } from 'kysely';
import type { Database, DialectName } from '../database.js';
import { dropSearchUpkeep, rebuildSearch } from './deferred-search.js';

/**
 * The secondary indexes of `people` that a large import builds once, at its end, instead of
 * entry by entry (the migration 001-directory creates them the same way). The unique
 * `lower(email)` index always stays: it keeps one email one person, and every merge looks rows
 * up in it; `people_created_import` stays too (an import appends to it at one end, cheaply, and
 * undo reads it).
 *
 * Why: a merge inserts its rows in email order, which is random order for the name index and
 * scattered for the organization index, so each row dirtied pages all over both; building the
 * indexes afterwards from a sort costs far less than that upkeep (bench/people-insert-costs.ts).
 * The directory's sort indexes (migration 013) are kept the same way, with the same definitions,
 * and so is SQLite's text search (deferred-search.ts); PostgreSQL's is a generated column.
 */
export const DEFERRABLE_PEOPLE_INDEXES: readonly { name: string; columns: string; only?: DialectName }[] = [
  { name: 'people_kind_name', columns: 'kind, last_name, first_name' },
  { name: 'people_organization', columns: 'organization_id, kind, last_name, first_name', only: 'sqlite' },
  { name: 'people_organization', columns: 'organization_id, kind, last_name, first_name, id', only: 'postgres' },
  ...(
    [
      ['people_kind_email', 'email'],
      ['people_kind_first_name', 'first_name, last_name'],
      ['people_kind_title', `coalesce(title, '')`],
      ['people_kind_city', `coalesce(city, '')`],
      ['people_kind_country', `coalesce(country, '')`],
      ['people_kind_status', 'status, last_name, first_name'],
      ['people_kind_created', 'created_at'],
      ['people_kind_updated', 'updated_at'],
    ] as const
  ).flatMap(([name, columns]) => [
    { name, columns: `kind, ${columns}`, only: 'sqlite' as const },
    { name, columns: `kind, ${columns}, id`, only: 'postgres' as const },
  ]),
  { name: 'people_kind_name_id', columns: 'kind, last_name, first_name, id', only: 'postgres' },
  { name: 'people_import', columns: 'import_id' },
];

/** The deferrable indexes of a database of this dialect. */
export function deferrableIndexes(dialect: DialectName): { name: string; columns: string }[] {
  return DEFERRABLE_PEOPLE_INDEXES.filter((i) => i.only === undefined || i.only === dialect);
}

/** Bytes per row when a row count is estimated from a file's size: a little more than most exports spend. */
export const ESTIMATED_ROW_BYTES = 128;

/**
 * Whether an import of a `fileBytes` file into a table of `existingPeople` people should defer
 * the secondary indexes: only a file of `minBytes` or more (tuning.deferIndexesFromBytes: below it
 * the rebuild costs more than the entry-by-entry upkeep it saves), and only when it brings at least as
 * many rows as the table holds (counted as one row per ESTIMATED_ROW_BYTES), since the rebuild at
 * the end sorts the whole table, old rows included.
 */
export function shouldDeferIndexes(fileBytes: number, existingPeople: number, minBytes: number): boolean {
  return fileBytes >= minBytes && fileOutweighsPeople(fileBytes, existingPeople);
}

/** Whether a file may bring at least as many rows as `people` holds (one row per ESTIMATED_ROW_BYTES). */
export function fileOutweighsPeople(fileBytes: number, existingPeople: number): boolean {
  return fileBytes / ESTIMATED_ROW_BYTES >= existingPeople;
}

/** How many people (users and customers) the table holds. */
export async function peopleCount(db: Database): Promise<number> {
  const row = await db.kysely
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Which of the deferrable indexes exist now. */
export async function presentDeferrableIndexes(db: Database): Promise<string[]> {
  const names = deferrableIndexes(db.dialect).map((i) => i.name);
  const query =
    db.dialect === 'sqlite'
      ? sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND name IN (${sql.join(names)})`
      : sql<{
          name: string;
        }>`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN (${sql.join(names)})`;
  const { rows } = await query.execute(db.kysely);
  return rows.map((r) => r.name);
}

/** Drops the deferrable indexes (those already gone are skipped) and SQLite's search upkeep. */
export async function dropDeferrableIndexes(db: Database): Promise<void> {
  for (const index of deferrableIndexes(db.dialect)) await db.kysely.schema.dropIndex(index.name).ifExists().execute();
  await dropSearchUpkeep(db);
}

/** Builds the deferrable indexes that are missing, and the search if it was deferred; returns how many indexes it built. */
export async function restoreDeferredIndexes(db: Database): Promise<number> {
  await rebuildSearch(db);
  const present = new Set(await presentDeferrableIndexes(db));
  let built = 0;
  for (const index of deferrableIndexes(db.dialect)) {
    if (present.has(index.name)) continue;
    // Names and columns are constants of this module, never input.
    await sql.raw(`CREATE INDEX IF NOT EXISTS ${index.name} ON people (${index.columns})`).execute(db.kysely);
    built++;
  }
  // After a large import PostgreSQL's statistics describe the table before it: its planner would
  // then guess how many people a search word matches from a table a fraction of the size, and
  // pick a plan for a few rows that reads thousands. And until a VACUUM marks the new pages
  // all-visible, an index-only scan (a list's count) reads the table as well. Autovacuum does
  // both, minutes later, where it is on; 8 s at 10M people.
  if (built > 0 && db.dialect === 'postgres') await sql`VACUUM (ANALYZE) people`.execute(db.kysely);
  return built;
}

/** Imports of this process that deferred the indexes, per database: the last one to end rebuilds them. */
const deferring = new WeakMap<Database, number>();

/**
 * One import's hold on the deferrable indexes. `defer` drops them for the import's writes (the
 * first import of the process to defer does); `release` at the import's end rebuilds whatever is
 * missing once no other import of this process still defers, whether this import deferred or
 * not: an import killed mid-way leaves the indexes dropped, and the next import (or its own
 * resume, or the server's housekeeping: restoreIndexesWhenIdle) puts them back. Idempotent.
 */
export class IndexDeferral {
  /** Whether this import holds the indexes deferred. */
  held = false;

  constructor(private readonly db: Database) {}

  async defer(): Promise<void> {
    if (this.held) return;
    const holders = deferring.get(this.db) ?? 0;
    deferring.set(this.db, holders + 1);
    this.held = true;
    if (holders === 0) await dropDeferrableIndexes(this.db);
  }

  /** Gives the hold back; returns how many indexes were rebuilt. */
  async release(): Promise<number> {
    if (this.held) {
      this.held = false;
      deferring.set(this.db, (deferring.get(this.db) ?? 1) - 1);
    }
    return (deferring.get(this.db) ?? 0) === 0 ? restoreDeferredIndexes(this.db) : 0;
  }
}
