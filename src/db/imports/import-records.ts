import type { Insertable, Selectable, Updateable } from 'kysely';
import { notFound } from '../../core/errors.js';
import type { Database } from '../database.js';
import { importTables, type ImportIssuesTable, type ImportsTable } from './tables.js';

export type ImportRow = Selectable<ImportsTable>;
export type NewImportRow = Insertable<ImportsTable>;
export type ImportPatch = Updateable<ImportsTable>;

/** Records a new import and returns its id. */
export async function insertImport(db: Database, values: NewImportRow): Promise<number> {
  const row = await importTables(db).insertInto('imports').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** One import's row; throws not_found when there is none. */
export async function getImportRow(db: Database, id: number): Promise<ImportRow> {
  const row = await importTables(db).selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`Import ${id}`);
  return row;
}

/** Imports, newest first; `entity` keeps the imports of one kind. */
export async function listImportRows(
  db: Database,
  options: { limit?: number; offset?: number; entity?: string } = {},
): Promise<ImportRow[]> {
  let query = importTables(db).selectFrom('imports').selectAll();
  if (options.entity) query = query.where('entity', '=', options.entity);
  return query
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100)
    .offset(options.offset ?? 0)
    .execute();
}

/** How many imports there are (of one kind, with `entity`). */
export async function countImportRows(db: Database, options: { entity?: string } = {}): Promise<number> {
  let query = importTables(db)
    .selectFrom('imports')
    .select((eb) => eb.fn.countAll<number>().as('n'));
  if (options.entity) query = query.where('entity', '=', options.entity);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function patchImport(db: Database, id: number, patch: ImportPatch): Promise<void> {
  await importTables(db).updateTable('imports').set(patch).where('id', '=', id).execute();
}

/**
 * Takes over an import for this process, but only if nobody else did since we looked at it:
 * the update matches the heartbeat we saw, so two processes resuming at once cannot both win.
 *
 * `seenOwner`, the process that ran the import when we looked (known dead by then), also lets the
 * claim through when only that process's heartbeat moved: on PostgreSQL a statement a process sent
 * just before it was killed still runs, and commits, in its server process; its heartbeat is then
 * newer than the one we saw, though nobody took the import over. Another process's claim would
 * have written its own pid and host, and our own process's earlier run is left to the heartbeat.
 */
export async function claimImport(
  db: Database,
  id: number,
  seenHeartbeat: string | null,
  owner: { pid: number; host: string; heartbeatAt: string; status: string },
  seenOwner?: { pid: number | null; host: string | null },
): Promise<boolean> {
  const query = importTables(db)
    .updateTable('imports')
    .set(owner)
    .where('id', '=', id)
    .where((eb) => {
      const sameHeartbeat = seenHeartbeat === null ? eb('heartbeatAt', 'is', null) : eb('heartbeatAt', '=', seenHeartbeat);
      const deadOwner = seenOwner?.pid != null && seenOwner.host != null && !(seenOwner.pid === owner.pid && seenOwner.host === owner.host);
      return deadOwner ? eb.or([sameHeartbeat, eb.and([eb('pid', '=', seenOwner.pid!), eb('host', '=', seenOwner.host!)])]) : sameHeartbeat;
    });
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Issues of an import in row order, a page at a time (keyset: pass the last row and id seen). */
export async function listIssueRows(
  db: Database,
  id: number,
  options: { limit: number; after?: { row: number; id: number } },
): Promise<Selectable<ImportIssuesTable>[]> {
  let query = importTables(db).selectFrom('importIssues').selectAll().where('importId', '=', id);
  const after = options.after;
  if (after) query = query.where((eb) => eb.or([eb('row', '>', after.row), eb.and([eb('row', '=', after.row), eb('id', '>', after.id)])]));
  return query.orderBy('row').orderBy('id').limit(options.limit).execute();
}

export async function countIssueRows(db: Database, id: number): Promise<number> {
  const row = await importTables(db)
    .selectFrom('importIssues')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('importId', '=', id)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** How many cells of an import were corrected in Roster. */
export async function countCorrectionRows(db: Database, id: number): Promise<number> {
  const row = await importTables(db)
    .selectFrom('importCorrections')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('importId', '=', id)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The corrections of rows `from`–`to` of an import: row → its corrected cells, in column order. */
export async function listCorrectionRows(
  db: Database,
  id: number,
  from: number,
  to: number,
): Promise<Map<number, { column: string; original: string; value: string }[]>> {
  const rows = await importTables(db)
    .selectFrom('importCorrections')
    .select(['row', 'columnName', 'original', 'value'])
    .where('importId', '=', id)
    .where('row', '>=', from)
    .where('row', '<=', to)
    .orderBy('row')
    .orderBy('columnName')
    .execute();
  const byRow = new Map<number, { column: string; original: string; value: string }[]>();
  for (const r of rows) {
    const list = byRow.get(r.row) ?? [];
    list.push({ column: r.columnName, original: r.original, value: r.value });
    byRow.set(r.row, list);
  }
  return byRow;
}

/** Rejected rows (failed and duplicate) with their issues, in row order, a page at a time. */
export async function listRejectedRows(
  db: Database,
  id: number,
  options: { limit: number; afterRow?: number },
): Promise<{ row: number; reason: string; cells: string[]; messages: string[] }[]> {
  const rows = await importTables(db)
    .selectFrom('importRejectedRows')
    .selectAll()
    .where('importId', '=', id)
    .where('row', '>', options.afterRow ?? 0)
    .orderBy('row')
    .limit(options.limit)
    .execute();
  if (rows.length === 0) return [];
  const issues = await importTables(db)
    .selectFrom('importIssues')
    .select(['row', 'message'])
    .where('importId', '=', id)
    .where('row', '>=', rows[0]!.row)
    .where('row', '<=', rows[rows.length - 1]!.row)
    .orderBy('row')
    .orderBy('id')
    .execute();
  const byRow = new Map<number, string[]>();
  for (const issue of issues) {
    const list = byRow.get(issue.row) ?? [];
    list.push(issue.message);
    byRow.set(issue.row, list);
  }
  return rows.map((r) => ({ row: r.row, reason: r.reason, cells: JSON.parse(r.cells) as string[], messages: byRow.get(r.row) ?? [] }));
}

/** Whether a cancel was asked for this import (the process running it stops at its next batch boundary). */
export async function cancelRequested(db: Database, id: number): Promise<boolean> {
  const row = await importTables(db).selectFrom('imports').select('cancelRequestedAt').where('id', '=', id).executeTakeFirst();
  return row?.cancelRequestedAt != null;
}

/** Asks a running import to stop; false when it is not running (any more). */
export async function requestCancel(db: Database, id: number, at: string): Promise<boolean> {
  const result = await importTables(db)
    .updateTable('imports')
    .set({ cancelRequestedAt: at })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Imports recorded as running (some may have lost their process: see effectiveStatus). */
export async function listRunningImportRows(db: Database): Promise<ImportRow[]> {
  return importTables(db).selectFrom('imports').selectAll().where('status', '=', 'running').execute();
}
