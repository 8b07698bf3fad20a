import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../database.js';

/** How a PostgreSQL ranked search walks (see postgresRankGroup); the defaults fit a table of any size. */
export interface RankWalk {
  /** How many ids after the cursor the group first walks in id order: what it finds there tells how common the group is (2,000 ids cost about a millisecond). */
  sampleIds: number;
  /** What one match found through the text index costs (a heap row read out of order, its words checked again), in ids walked in order. */
  matchCostInIds: number;
  /** The most ids a walk may take on after the sample (about 0.15 s): past it, the sample's density is a poor guide. */
  mostWalkedIds: number;
}

export const RANK_WALK: RankWalk = { sampleIds: 2_000, matchCostInIds: 4, mostWalkedIds: 120_000 };

/**
 * The ids of one group of a ranked search, in id order, after `afterId`: at most `limit`.
 * `where` are the list's filters, `condition` the group's own; `ftsQuery` its FTS5 query on SQLite.
 */
export async function rankGroupIds(
  db: Database,
  where: RawBuilder<SqlBool>,
  condition: RawBuilder<SqlBool>,
  ftsQuery: string | null | undefined,
  afterId: number,
  limit: number,
): Promise<number[]> {
  // SQLite walks the full-text index in rowid order and stops at the limit, instead of
  // collecting every match first (a common prefix matches tens of thousands of people).
  if (db.dialect === 'sqlite') {
    const query = ftsQuery
      ? sql<{ id: number }>`SELECT people.id AS id FROM people_search JOIN people ON people.id = people_search.rowid
          WHERE people_search MATCH ${ftsQuery} AND ${where} AND people_search.rowid > ${afterId}
          ORDER BY people_search.rowid LIMIT ${limit}`
      : sql<{ id: number }>`SELECT people.id AS id FROM people WHERE ${where} AND ${condition} AND people.id > ${afterId}
          ORDER BY people.id LIMIT ${limit}`;
    return ids(await query.execute(db.kysely));
  }
  return (await postgresRankGroup(db, sql<SqlBool>`${where} AND ${condition}`, afterId, limit)).ids;
}

/**
 * PostgreSQL's text index hands over its matches in no useful order: the first 51 by id are
 * found by fetching and sorting every match, 400,000 rows for "and" at 10M people (0.7 s).
 * Walking the table in id order finds those 51 after about 1,300 rows instead, but walks all 10M
 * for a word nobody has; and the planner cannot choose well between the two, since it guesses
 * the matches of a prefix, a phrase or a phone number from word statistics, often a thousand
 * times too many. So the group walks `sampleIds` ids after the cursor, and what it found there
 * decides the rest: on in id order when that is cheaper for the rows still wanted, else every
 * match past the walk, from the text index. `steps` says which ways it went.
 */
export async function postgresRankGroup(
  db: Database,
  matches: RawBuilder<SqlBool>,
  afterId: number,
  limit: number,
  how: RankWalk = RANK_WALK,
): Promise<{ ids: number[]; steps: ('sample' | 'walk' | 'index')[] }> {
  const steps: ('sample' | 'walk' | 'index')[] = ['sample'];
  const inOrder = (from: number, to: number, wanted: number) => sql`SELECT people.id FROM people
    WHERE people.id > ${from} AND people.id <= ${to} AND ${matches}
    ORDER BY people.id LIMIT ${wanted}`;
  // The sample and the last id in one round trip: most searches need no more.
  const { rows } = await sql<{ ids: (number | string)[]; last: number | null }>`SELECT
    ARRAY(${inOrder(afterId, afterId + how.sampleIds, limit)}) AS ids, (SELECT max(id) FROM people) AS last`.execute(db.kysely);
  const found = (rows[0]?.ids ?? []).map(Number);
  const last = Number(rows[0]?.last ?? 0);
  let from = afterId + how.sampleIds;
  if (found.length >= limit || from >= last) return { ids: found, steps };

  const density = found.length / how.sampleIds;
  const wanted = limit - found.length;
  // Half as many ids again as the sample's density says: a walk that comes up short pays for the index as well.
  const walkIds = density > 0 ? Math.ceil((wanted / density) * 1.5) : Infinity;
  const indexCost = density * (last - from) * how.matchCostInIds;
  if (walkIds <= how.mostWalkedIds && walkIds < indexCost) {
    steps.push('walk');
    found.push(...ids(await sql<{ id: number }>`${inOrder(from, from + walkIds, wanted)}`.execute(db.kysely)));
    from += walkIds;
    if (found.length >= limit || from >= last) return { ids: found, steps };
  }
  steps.push('index');
  // `id + 0`: not the primary key's order, which the planner would otherwise walk, believing its guess.
  const { rows: rest } = await sql<{ id: number }>`SELECT people.id AS id FROM people
    WHERE people.id > ${from} AND ${matches}
    ORDER BY people.id + 0 LIMIT ${limit - found.length}`.execute(db.kysely);
  return { ids: [...found, ...ids({ rows: rest })], steps };
}

function ids(result: { rows: { id: number }[] }): number[] {
  return result.rows.map((r) => Number(r.id));
}
