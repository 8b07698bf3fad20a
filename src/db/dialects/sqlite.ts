import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import { keepingStatements } from './statement-cache.js';

/** SQLite's page cache, in KiB (negative cache_size means KiB). The import benchmark uses the same. */
export const SQLITE_CACHE_KIB = 64 * 1024;

export interface SqliteHandle {
  dialect: SqliteDialect;
  /** The raw driver, for the import's bulk staging only; everything else goes through Kysely. */
  raw: SQLite.Database;
  file: string;
}

/** Opens (creating if needed) `roster.db` under `dataDir`, in WAL mode with foreign keys on. */
export function openSqlite(dataDir: string): SqliteHandle {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'roster.db');
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only a power loss can drop the
  // last transactions, and never corrupts the file.
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 10000');
  raw.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  return { dialect: new SqliteDialect({ database: keepingStatements(raw) }), raw, file };
}
