import type { SqlRunner } from './sql-runner.js';
import { isPeopleSpec, keysTable, stageTable, type StageSpec } from './stage-spec.js';

/**
 * Lookups by key (a normalised email, or an organization name lower-cased) that the import makes
 * while it reads: the keys it staged, merged or created, to rebuild its Bloom filter on resume, and
 * the keys, kinds and domains the directory already has.
 */

/** Keys of staged rows after `afterRow`, in row order, a page at a time (to rebuild the Bloom filter on resume). */
export async function stagedKeys(
  runner: SqlRunner,
  spec: StageSpec,
  afterRow: number,
  limit: number,
): Promise<{ row_no: number; row_key: string }[]> {
  return runner.all(`SELECT row_no, row_key FROM ${stageTable(spec)} WHERE row_no > ? ORDER BY row_no LIMIT ?`, [afterRow, limit]);
}

/** Keys of merged rows after `afterKey`, in key order, a page at a time (the keys table; to rebuild the Bloom filter on resume). */
export async function mergedKeys(runner: SqlRunner, spec: StageSpec, afterKey: string, limit: number): Promise<string[]> {
  const rows = await runner.all<{ row_key: string }>(`SELECT row_key FROM ${keysTable(spec)} WHERE row_key > ? ORDER BY row_key LIMIT ?`, [
    afterKey,
    limit,
  ]);
  return rows.map((r) => r.row_key);
}

/** Keys of the people this import created, after person `afterId`, in id order, a page at a time (to rebuild the Bloom filter on resume). */
export async function createdKeys(
  runner: SqlRunner,
  spec: StageSpec,
  afterId: number,
  limit: number,
): Promise<{ id: number; k: string }[]> {
  if (!isPeopleSpec(spec)) return [];
  return runner.all(`SELECT id, lower(email) AS k FROM people WHERE created_import_id = ? AND id > ? ORDER BY id LIMIT ?`, [
    spec.importId,
    afterId,
    limit,
  ]);
}

/**
 * Every normalised email of the other kind of person than `entity` (`users` → customers), or null
 * when there are more than `limit`: a batch then asks the database (findOtherKind).
 */
export async function otherKindEmails(runner: SqlRunner, entity: 'users' | 'customers', limit: number): Promise<Set<string> | null> {
  const rows = await runner.all<{ k: string }>(`SELECT lower(email) AS k FROM people WHERE kind = ? LIMIT ?`, [
    entity === 'users' ? 'customer' : 'user',
    limit + 1,
  ]);
  return rows.length > limit ? null : new Set(rows.map((r) => r.k));
}

/** The normalised emails of every person after `afterKey`, in key order, a page at a time (see NewKeys). */
export async function peopleKeys(runner: SqlRunner, afterKey: string, limit: number): Promise<string[]> {
  const rows = await runner.all<{ k: string }>(
    `SELECT lower(email) AS k FROM people WHERE lower(email) > ? ORDER BY lower(email) LIMIT ?`,
    [afterKey, limit],
  );
  return rows.map((r) => r.k);
}

/**
 * `expression IN values` with the values as one parameter, whatever their number: a JSON array
 * on SQLite, a text array on PostgreSQL.
 */
function inValues(runner: SqlRunner, expression: string, values: readonly string[]): { where: string; param: unknown } {
  return runner.dialect === 'sqlite'
    ? { where: `${expression} IN (SELECT value FROM json_each(?))`, param: JSON.stringify(values) }
    : { where: `${expression} = ANY(?::text[])`, param: values };
}

/** Of `keys` (normalised emails), those some person has, of either kind. One query, not one per key. */
export async function existingPeopleKeys(runner: SqlRunner, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const among = inValues(runner, 'lower(email)', keys);
  const rows = await runner.all<{ k: string }>(`SELECT lower(email) AS k FROM people WHERE ${among.where}`, [among.param]);
  return new Set(rows.map((r) => r.k));
}

/**
 * Of `keys` (normalised emails), those that belong to the other kind of person, with that kind:
 * one email is a user or a customer, never both. One query per batch, not per row.
 */
export async function findOtherKind(
  runner: SqlRunner,
  entity: 'users' | 'customers',
  keys: readonly string[],
): Promise<Map<string, 'user' | 'customer'>> {
  if (keys.length === 0) return new Map();
  const other = entity === 'users' ? 'customer' : 'user';
  const among = inValues(runner, 'lower(email)', keys);
  const rows = await runner.all<{ k: string }>(`SELECT lower(email) AS k FROM people WHERE ${among.where} AND kind = ?`, [
    among.param,
    other,
  ]);
  return new Map(rows.map((r) => [r.k, other]));
}

/** Owners of `domains` among organizations: domain → lower-case organization name. */
export async function findDomainOwners(runner: SqlRunner, domains: readonly string[]): Promise<Map<string, string>> {
  if (domains.length === 0) return new Map();
  const among = inValues(runner, 'd.domain', domains);
  const rows = await runner.all<{ domain: string; name: string }>(
    `SELECT d.domain, lower(o.name) AS name FROM organization_domains d JOIN organizations o ON o.id = d.organization_id WHERE ${among.where}`,
    [among.param],
  );
  return new Map(rows.map((r) => [r.domain, r.name]));
}
