import { sql } from 'kysely';
import type { Database } from '../database.js';
import { SQLITE_SEARCH_FILL, SQLITE_SEARCH_UPKEEP } from '../migrations/013-directory-search.js';

/**
 * SQLite's full-text search table, kept by triggers on every write, is filled in one statement at
 * the end of a large import instead: the same rows cost about a fifth of their row-by-row upkeep
 * (FTS5 then builds its segments from one sorted run, not from a flush per statement). PostgreSQL's
 * search words are a generated column, computed by the row's own write; nothing to defer there.
 *
 * While the upkeep is dropped the import's own rows are not yet findable, and neither are people
 * written by others meanwhile; deletions stay in step (their trigger stays). The rebuild then
 * indexes every person again, so nothing written in between is missed.
 */
export async function dropSearchUpkeep(db: Database): Promise<void> {
  if (db.dialect !== 'sqlite') return;
  for (const trigger of SQLITE_SEARCH_UPKEEP) await sql.raw(`DROP TRIGGER IF EXISTS ${trigger.name}`).execute(db.kysely);
}

/** Whether the search's upkeep is missing (a large import dropped it and has not yet rebuilt it). */
export async function searchUpkeepDropped(db: Database): Promise<boolean> {
  if (db.dialect !== 'sqlite') return false;
  const names = SQLITE_SEARCH_UPKEEP.map((t) => t.name);
  const { rows } = await sql<{
    name: string;
  }>`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN (${sql.join(names)})`.execute(db.kysely);
  return rows.length < names.length;
}

/**
 * Indexes every person again and puts the triggers back, in one transaction: no write can land
 * between the fill and the triggers, unindexed. Returns whether it had anything to do.
 */
export async function rebuildSearch(db: Database): Promise<boolean> {
  if (!(await searchUpkeepDropped(db))) return false;
  await db.kysely.transaction().execute(async (trx) => {
    await sql`INSERT INTO people_search (people_search) VALUES ('delete-all')`.execute(trx);
    await sql.raw(SQLITE_SEARCH_FILL).execute(trx);
    for (const trigger of SQLITE_SEARCH_UPKEEP) {
      await sql.raw(`DROP TRIGGER IF EXISTS ${trigger.name}`).execute(trx);
      await sql.raw(trigger.sql).execute(trx);
    }
  });
  return true;
}
