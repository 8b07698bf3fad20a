import type { Database } from '../database.js';

let holders = 0;
let savedAutocheckpoint = 1000;

/**
 * Runs a long import with SQLite's automatic WAL checkpoints off, then checkpoints once.
 *
 * Why: with the default `wal_autocheckpoint` (1,000 pages) every COMMIT of a batch that crosses
 * the threshold copies the WAL back into the database file and fsyncs it; profiled, those
 * checkpoints were the largest single SQL cost of a 1M-row import (8.6 s of 102 commits),
 * and index pages dirtied by every batch were written back again and again. With checkpoints off
 * a COMMIT only appends to the WAL (synchronous = NORMAL: no fsync), and one checkpoint at the
 * end writes each page once. Durability is unchanged: a committed batch is in the WAL, which
 * SQLite replays after a crash. The WAL file grows for the import's duration (about the size
 * of what it writes) and is truncated at the end. Imports running at once in one process share
 * the setting: the last one to finish restores it. PostgreSQL needs nothing here.
 */
export async function withBulkWrites<T>(db: Database, work: () => Promise<T>): Promise<T> {
  const raw = db.sqlite?.raw;
  if (!raw) return work();
  if (holders++ === 0) {
    savedAutocheckpoint = Number(raw.pragma('wal_autocheckpoint', { simple: true }));
    raw.pragma('wal_autocheckpoint = 0');
  }
  try {
    return await work();
  } finally {
    if (--holders === 0) {
      raw.pragma(`wal_autocheckpoint = ${savedAutocheckpoint}`);
      // TRUNCATE also gives the WAL's disk space back; if a reader holds an old snapshot the
      // checkpoint stops short without error and the next automatic one finishes it.
      await db.kysely.connection().execute(async () => raw.pragma('wal_checkpoint(TRUNCATE)'));
    }
  }
}
