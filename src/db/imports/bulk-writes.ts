import type { Database } from '../database.js';
import { setWalAutocheckpoint, truncateWal, walAutocheckpoint, walBytes } from '../dialects/sqlite-wal.js';

let holders = 0;
let savedAutocheckpoint = 1000;

/**
 * Runs a long import with SQLite's automatic WAL checkpoints off, then checkpoints once.
 *
 * Why: with the default `wal_autocheckpoint` (1,000 pages) every COMMIT of a batch that crosses
 * the threshold copies the WAL back into the database file and fsyncs it, the largest single SQL
 * cost of a large import, and index pages dirtied by every batch were written back again and
 * again. With checkpoints off a COMMIT only appends to the WAL (synchronous = NORMAL: no fsync),
 * and one checkpoint at the end writes each page once. Durability is unchanged: a committed batch
 * is in the WAL, which SQLite replays after a crash. The WAL file grows for the import's duration
 * (about the size of what it writes) and is truncated at the end. Imports running at once in one
 * process share the setting: the last one to finish restores it. PostgreSQL needs nothing here.
 */
export async function withBulkWrites<T>(db: Database, work: () => Promise<T>): Promise<T> {
  const sqlite = db.sqlite;
  if (!sqlite) return work();
  if (holders++ === 0) {
    savedAutocheckpoint = walAutocheckpoint(sqlite);
    setWalAutocheckpoint(sqlite, 0);
  }
  try {
    return await work();
  } finally {
    if (--holders === 0) {
      setWalAutocheckpoint(sqlite, savedAutocheckpoint);
      await truncateWal(db.kysely, sqlite);
    }
  }
}

/**
 * The WAL size at which a long import checkpoints on its way (between two batches) instead of
 * waiting for its end. Why: with automatic checkpoints off the WAL holds every version of every
 * page the import wrote; on a very large import it grew to many gigabytes of disk, and its index
 * (the -shm file, mapped into memory) with it, which slowed the import down.
 */
export const WAL_CHECKPOINT_BYTES = 1024 * 1024 * 1024;

/**
 * Checkpoints a SQLite WAL that has grown past `limit` bytes, truncating it (a TRUNCATE
 * checkpoint waits, up to the busy timeout, for readers of older snapshots; an import's other
 * statements are short). Returns whether it did. PostgreSQL needs nothing here.
 */
export async function checkpointWhenLarge(db: Database, limit = WAL_CHECKPOINT_BYTES): Promise<boolean> {
  const sqlite = db.sqlite;
  if (!sqlite) return false;
  if ((await walBytes(sqlite)) < limit) return false;
  await truncateWal(db.kysely, sqlite);
  return true;
}
