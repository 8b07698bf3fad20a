import { stat } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { SqliteHandle } from './sqlite.js';

/** The WAL size, in pages, at which SQLite checkpoints on its own (`wal_autocheckpoint`). */
export function walAutocheckpoint(handle: SqliteHandle): number {
  return Number(handle.raw.pragma('wal_autocheckpoint', { simple: true }));
}

/** Sets `wal_autocheckpoint`; 0 turns automatic checkpoints off. */
export function setWalAutocheckpoint(handle: SqliteHandle, pages: number): void {
  handle.raw.pragma(`wal_autocheckpoint = ${pages}`);
}

/**
 * Copies the WAL into the database file and truncates it, on Kysely's connection (its mutex), so
 * that it never runs inside another query's transaction. TRUNCATE also gives the WAL's disk space
 * back; if a reader holds an old snapshot the checkpoint stops short without error (after waiting
 * up to the busy timeout) and the next one finishes it.
 */
export async function truncateWal<D>(kysely: Kysely<D>, handle: SqliteHandle): Promise<void> {
  await kysely.connection().execute(() => new Promise((resolve) => resolve(handle.raw.pragma('wal_checkpoint(TRUNCATE)'))));
}

/** The size of the WAL file in bytes (0 when there is none). */
export async function walBytes(handle: SqliteHandle): Promise<number> {
  return stat(`${handle.file}-wal`).then(
    (s) => s.size,
    () => 0,
  );
}
