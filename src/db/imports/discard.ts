import { now } from '../repositories/now.js';
import type { Database } from '../database.js';
import type { ImportRow } from './import-records.js';
import { importTables } from './tables.js';

/**
 * Statuses whose kept file is no longer needed by the import itself. A completed import keeps no
 * file, except a test sample, whose remaining rows may still be imported (see importRemaining):
 * while it names its file, the file stays.
 */
const FINISHED = ['cancelled', 'undone', 'discarded'];

/**
 * Marks an import discarded, but only if nobody changed it since we looked at it: the update
 * matches the status and heartbeat we saw and moves the heartbeat, so a commit or resume that
 * read the same row cannot claim it afterwards (claimImport matches the heartbeat too), and a
 * discard cannot hit an import another process claimed first. The file key stays until the file
 * is dealt with, so a discard cut short is finished later (see listUnreleasedDiscards).
 */
export async function markDiscarded(
  db: Database,
  seen: Pick<ImportRow, 'id' | 'status' | 'heartbeatAt'>,
  message: string,
): Promise<boolean> {
  const t = now();
  let query = importTables(db)
    .updateTable('imports')
    .set((eb) => ({
      status: 'discarded',
      phase: 'done',
      heartbeatAt: t,
      error: message,
      finishedAt: eb.fn.coalesce('finishedAt', eb.val(t)),
    }))
    .where('id', '=', seen.id)
    .where('status', '=', seen.status);
  query = seen.heartbeatAt === null ? query.where('heartbeatAt', 'is', null) : query.where('heartbeatAt', '=', seen.heartbeatAt);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Whether an import other than `exceptId` that is not finished still holds this file: a dry run
 * shares its upload's file, and an interrupted or failed import needs its file to resume.
 */
export async function fileKeyInUse(db: Database, key: string, exceptId: number): Promise<boolean> {
  const row = await importTables(db)
    .selectFrom('imports')
    .select('id')
    .where('fileKey', '=', key)
    .where('id', '<>', exceptId)
    .where('status', 'not in', FINISHED)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Forgets the file of a discarded import once its file has been removed or left to another import. */
export async function releaseFileKey(db: Database, id: number): Promise<void> {
  await importTables(db).updateTable('imports').set({ fileKey: null }).where('id', '=', id).where('status', '=', 'discarded').execute();
}

/**
 * Unfinished uploads and dry runs last touched before `before` (ISO text, which compares the same
 * way on both dialects): uploads (`analysed`), kept dry runs, and dry runs that stopped on the way
 * (`running` or `failed` with their work not done; the caller tells a live one from a dead one).
 * Completed, undone and real imports are never among them.
 */
export async function listExpiredCandidates(db: Database, before: string): Promise<ImportRow[]> {
  return importTables(db)
    .selectFrom('imports')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('status', '=', 'analysed'),
        eb.and([eb('status', 'in', ['dry-run', 'running', 'failed']), eb('dryRun', '=', 1), eb('phase', '<>', 'done')]),
      ]),
    )
    .where((eb) => eb(eb.fn.coalesce('finishedAt', 'heartbeatAt', 'startedAt'), '<', before))
    .orderBy('id')
    .execute();
}

/** Discarded imports that still name a file: a discard was cut short before it removed it. */
export async function listUnreleasedDiscards(db: Database): Promise<ImportRow[]> {
  return importTables(db)
    .selectFrom('imports')
    .selectAll()
    .where('status', '=', 'discarded')
    .where('fileKey', 'is not', null)
    .orderBy('id')
    .execute();
}

/**
 * Finished imports that still keep their file, finished before `before`: test samples, whose
 * remaining rows could still be imported (see importRemaining) until they expire.
 */
export async function listKeptFilesOfFinished(db: Database, before: string): Promise<ImportRow[]> {
  return importTables(db)
    .selectFrom('imports')
    .selectAll()
    .where('status', 'in', ['completed', 'cancelled', 'undone'])
    .where('fileKey', 'is not', null)
    .where('finishedAt', '<', before)
    .orderBy('id')
    .execute();
}

/** Forgets the file of a finished import (a test sample whose time is up). */
export async function forgetFileKey(db: Database, id: number): Promise<void> {
  await importTables(db).updateTable('imports').set({ fileKey: null }).where('id', '=', id).execute();
}
