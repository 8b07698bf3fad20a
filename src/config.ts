import path from 'node:path';
import { DEFAULT_TUNING, type ImportTuning } from './import/speed/tuning.js';

/**
 * Everything Roster reads from the environment, read here once and passed down: no other module
 * looks at `process.env`.
 */
export interface RosterConfig {
  /** Directory for the embedded SQLite database and uploaded files. */
  dataDir: string;
  /** A postgres:// URL; when set, PostgreSQL is used instead of SQLite. */
  databaseUrl?: string;
  /** How imports trade memory for speed (ROSTER_IMPORT_*). */
  importTuning: ImportTuning;
}

/** What opening the database needs. */
export type DatabaseConfig = Pick<RosterConfig, 'dataDir' | 'databaseUrl'>;

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): RosterConfig {
  const dataDir = path.resolve(env.ROSTER_DATA_DIR || './data');
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const importTuning = importTuningFromEnv(env);
  return databaseUrl ? { dataDir, databaseUrl, importTuning } : { dataDir, importTuning };
}

/** A whole number ≥ `min` from the environment, else undefined (unset, blank or not a number). */
function wholeNumber(value: string | undefined, min: number): number | undefined {
  if (!value?.trim()) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= min ? n : undefined;
}

/** ROSTER_IMPORT_FAST, _BATCH_ROWS, _MERGE_ROWS, _WORKER, _READ_AHEAD and _DEFER_INDEXES_BYTES; anything unreadable keeps the default. */
export function importTuningFromEnv(env: NodeJS.ProcessEnv): ImportTuning {
  const flag = (value: string | undefined) => (value === '1' ? true : value === '0' ? false : null);
  return {
    fast: flag(env.ROSTER_IMPORT_FAST) ?? DEFAULT_TUNING.fast,
    batchRows: wholeNumber(env.ROSTER_IMPORT_BATCH_ROWS, 1) ?? DEFAULT_TUNING.batchRows,
    mergeRows: wholeNumber(env.ROSTER_IMPORT_MERGE_ROWS, 1) ?? DEFAULT_TUNING.mergeRows,
    readInWorker: flag(env.ROSTER_IMPORT_WORKER) ?? DEFAULT_TUNING.readInWorker,
    readAhead: wholeNumber(env.ROSTER_IMPORT_READ_AHEAD, 1) ?? DEFAULT_TUNING.readAhead,
    deferIndexesFromBytes: wholeNumber(env.ROSTER_IMPORT_DEFER_INDEXES_BYTES, 0) ?? DEFAULT_TUNING.deferIndexesFromBytes,
    otherKindInMemory: DEFAULT_TUNING.otherKindInMemory,
  };
}
