import { createHash } from 'node:crypto';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { validationError } from '../../core/errors.js';
import type { Database } from '../database.js';

/**
 * Keyset paging: a cursor names the last row of a page by its sort key and id, and the next page
 * starts after it through the sort's index, so page 15,000 costs what page 1 costs and rows
 * added between two requests are neither skipped nor shown twice. The cursor is opaque to clients
 * (base64url JSON) and carries a digest of the list it belongs to, so it is refused with another
 * sort, search or filter rather than answering something wrong.
 */
export interface CursorPosition {
  /** The sort key values of the last row (for the ranked search: its rank). */
  keys: (string | number)[];
  id: number;
}

export function encodeCursor(list: string, position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ l: listDigest(list), k: position.keys, i: position.id })).toString('base64url');
}

export function decodeCursor(list: string, cursor: string): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const c = parsed as { l?: unknown; k?: unknown; i?: unknown } | undefined;
  const ok =
    c !== null &&
    typeof c === 'object' &&
    typeof c.l === 'string' &&
    Array.isArray(c.k) &&
    c.k.every((k) => typeof k === 'string' || typeof k === 'number') &&
    Number.isSafeInteger(c.i);
  if (!ok) throw validationError('cursor', 'The cursor is not one this list gave; start again from the first page.');
  if (c.l !== listDigest(list))
    throw validationError('cursor', 'The cursor belongs to another sort, search or filter; start again from the first page.');
  return { keys: c.k as (string | number)[], id: c.i as number };
}

function listDigest(list: string): string {
  return createHash('sha256').update(list).digest('base64url').slice(0, 12);
}

/** Up to how many matching rows a list counts exactly; beyond it the total is an estimate. */
export const DEFAULT_EXACT_TOTAL_UP_TO = 10_000;

/** How long an estimated total is reused for the same list: it is an estimate anyway, and paging asks for it again and again. */
const ESTIMATE_TTL_MS = 30_000;
const ESTIMATES_KEPT = 500;
const estimates = new WeakMap<Database, Map<string, { total: number; until: number }>>();

export interface ListTotal {
  total: number;
  /** Set when `total` is an estimate (more than the exact limit matched). */
  estimate: boolean;
}

/** The queries listTotal needs of a list. */
export interface TotalQueries {
  /** The list's rows (any columns, any order) with a LIMIT: what is counted exactly. */
  capped: (limit: number) => RawBuilder<unknown>;
  /** How many of the list's rows have an id from `from` to `to` (`n`), walking that id range only. */
  inRange: (from: number, to: number) => RawBuilder<{ n: number }>;
  /** PostgreSQL: the list's rows, for the planner's estimate of how many there are. */
  estimated: RawBuilder<unknown>;
}

/** Ids sampled for an estimate on SQLite, in slices spread over the id range. */
const SAMPLE_SLICES = 4;
const SAMPLE_SLICE_IDS = 2_500;

/**
 * How many people a list holds, never counting more than `exactUpTo + 1` of them. Past that,
 * an estimate, reused for a while for the same `list`: on PostgreSQL the planner's (EXPLAIN, from
 * its statistics); on SQLite, which keeps none (and on PostgreSQL when its statistics are
 * stale), the share of matches among 10,000 ids sampled in four slices spread over the id range,
 * times the range. A list query that can count in its own round trip takes the two halves apart:
 * keptEstimate, then, with what its `countedTotal` column counted, totalFromCount.
 */
export async function listTotal(db: Database, list: string, queries: TotalQueries, exactUpTo: number): Promise<ListTotal> {
  const kept = keptEstimate(db, list, exactUpTo);
  if (kept) return kept;
  return totalFromCount(db, list, queries, exactUpTo, await countUpTo(db, queries, exactUpTo));
}

/** The list's rows counted up to `upTo + 1`, in a query of its own. */
export async function countUpTo(db: Database, queries: TotalQueries, upTo: number): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`SELECT ${countedTotal(queries, upTo)} AS n`.execute(db.kysely);
  return Number(rows[0]?.n ?? 0);
}

/** The estimate of this list that listTotal made in the last while, if it did. */
export function keptEstimate(db: Database, list: string, exactUpTo: number): ListTotal | undefined {
  const cached = estimates.get(db)?.get(`${exactUpTo} ${list}`);
  return cached && cached.until > Date.now() ? { total: cached.total, estimate: true } : undefined;
}

/** A scalar subquery: the list's rows counted up to `exactUpTo + 1`, to read beside a page's rows. */
export function countedTotal(queries: TotalQueries, exactUpTo: number): RawBuilder<number> {
  return sql<number>`(SELECT count(*) FROM (${queries.capped(exactUpTo + 1)}) capped)`;
}

/** The list's total from its rows counted up to `exactUpTo + 1`: that count, or past `exactUpTo` an estimate, kept for a while. */
export async function totalFromCount(
  db: Database,
  list: string,
  queries: TotalQueries,
  exactUpTo: number,
  counted: number,
): Promise<ListTotal> {
  if (counted <= exactUpTo) return { total: counted, estimate: false };
  // A planner's estimate below what was just counted comes from statistics older than the rows (a
  // table filled since autovacuum last analyzed it): the sample is better then.
  const planned = db.dialect === 'postgres' ? await plannedRows(db, queries.estimated) : 0;
  const total = Math.max(counted, planned > counted ? planned : await sampledRows(db, queries.inRange));
  const cache = estimates.get(db);
  const kept = cache ?? new Map<string, { total: number; until: number }>();
  if (kept.size >= ESTIMATES_KEPT) kept.clear();
  kept.set(`${exactUpTo} ${list}`, { total, until: Date.now() + ESTIMATE_TTL_MS });
  if (!cache) estimates.set(db, kept);
  return { total, estimate: true };
}

async function plannedRows(db: Database, query: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>`EXPLAIN (FORMAT JSON) ${query}`.execute(db.kysely);
  return Math.round(rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
}

async function sampledRows(db: Database, inRange: TotalQueries['inRange']): Promise<number> {
  // Two subqueries: SQLite reads min() or max() alone from the end of the rowid, but both at once by a full scan.
  const { rows } = await sql<{
    lo: number | null;
    hi: number | null;
  }>`SELECT (SELECT min(id) FROM people) AS lo, (SELECT max(id) FROM people) AS hi`.execute(db.kysely);
  const lo = Number(rows[0]?.lo ?? 0);
  const span = Number(rows[0]?.hi ?? 0) - lo + 1;
  const width = Math.min(SAMPLE_SLICE_IDS, Math.ceil(span / SAMPLE_SLICES));
  let hits = 0;
  let sampled = 0;
  for (let slice = 0; slice < SAMPLE_SLICES; slice++) {
    const from = lo + Math.floor(((span - width) * slice) / Math.max(1, SAMPLE_SLICES - 1));
    const counted = await inRange(from, from + width - 1).execute(db.kysely);
    hits += Number(counted.rows[0]?.n ?? 0);
    sampled += width;
  }
  return Math.round((hits * span) / sampled);
}

/** `(a, b, …, id) > (…)` (or `<`): the rows after a cursor, in a form both databases walk an index for. */
export function afterCursor(keys: RawBuilder<unknown>[], position: CursorPosition, descending: boolean): RawBuilder<SqlBool> {
  const left = sql.join([...keys, sql`people.id`]);
  const right = sql.join([...position.keys.map((k) => sql`${k}`), sql`${position.id}`]);
  return descending ? sql<SqlBool>`(${left}) < (${right})` : sql<SqlBool>`(${left}) > (${right})`;
}
