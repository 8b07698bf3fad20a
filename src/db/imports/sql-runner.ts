import type { Database, DialectName } from '../database.js';
import { withSqliteRunner } from '../dialects/sqlite-runner.js';

/**
 * The import's bulk work talks to the raw drivers (prepared statements on SQLite, COPY on
 * PostgreSQL; see src/db/dialects): Kysely's per-query overhead is fine for a form, not for a
 * million rows. SQL is written once with `?` placeholders; PostgreSQL's runner numbers them.
 */
export interface SqlRunner {
  dialect: DialectName;
  run(text: string, params?: readonly unknown[]): Promise<number>;
  all<T>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Runs `work` in one transaction; a thrown error rolls everything back. `flushLater` (an
   * import's batches): on PostgreSQL the COMMIT does not wait for its WAL to reach the disk
   * (`synchronous_commit = off`). A server crash may then forget the last such transactions, but
   * whole, cursor included, so the import resumes from an earlier batch; the import's final
   * status is committed normally, which flushes every transaction before it.
   */
  transaction<T>(work: () => Promise<T>, options?: { flushLater?: boolean }): Promise<T>;
  /**
   * Inserts `rows` into `table (columns)` the fastest way the database offers: multi-row INSERTs
   * on SQLite, one COPY on PostgreSQL. Nothing handles conflicts: the table must accept every row.
   */
  bulkInsert(table: string, columns: readonly string[], rows: BulkRows): Promise<void>;
}

/** Rows for bulkInsert, read by index so that no array is built per row. */
export interface BulkRows {
  count: number;
  /** Appends the values of row `i`, in the columns' order, to `into`. */
  push(i: number, into: unknown[]): void;
}

/**
 * Lends `work` a runner on one connection. On SQLite it holds Kysely's connection (its mutex) for
 * the duration, so no other query of this process runs inside the import's transaction; hold it
 * for one batch, not a whole import. On PostgreSQL it is a pool client of its own.
 */
export async function withRunner<T>(db: Database, work: (runner: SqlRunner) => Promise<T>): Promise<T> {
  if (db.dialect === 'sqlite') return withSqliteRunner(db.kysely, db.sqlite!, work);
  // Loaded only for PostgreSQL (its COPY stream), as the driver is (database.ts).
  const { withPostgresRunner } = await import('../dialects/postgres-runner.js');
  return withPostgresRunner(db.postgres!, work);
}

/** Whether `error` is a unique index's violation (SQLite's SQLITE_CONSTRAINT_UNIQUE, PostgreSQL's 23505). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
