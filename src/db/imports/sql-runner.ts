import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, DialectName } from '../database.js';

/**
 * The import's bulk work talks to the raw drivers (prepared statements on SQLite, COPY on
 * PostgreSQL): Kysely's per-query overhead is fine for a form, not for a million rows. SQL is
 * written once with `?` placeholders and numbered for PostgreSQL here.
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
  /** PostgreSQL only: COPY `text` (COPY text format) into `table (columns)`. */
  copy(table: string, columns: readonly string[], text: string): Promise<void>;
  /** SQLite only: inserts many rows with one prepared statement, synchronously. */
  insertMany(text: string, rows: readonly (readonly unknown[])[]): void;
}

/** The part of a better-sqlite3 statement the import uses. */
interface Statement {
  run(...params: readonly unknown[]): { changes: number | bigint };
  all(...params: readonly unknown[]): unknown[];
}

function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/**
 * Lends `work` a runner on one connection. On SQLite it holds Kysely's connection (its mutex) for
 * the duration, so no other query of this process runs inside the import's transaction; hold it
 * for one batch, not a whole import. On PostgreSQL it is a pool client of its own.
 */
export async function withRunner<T>(db: Database, work: (runner: SqlRunner) => Promise<T>): Promise<T> {
  if (db.dialect === 'sqlite') {
    const raw = db.sqlite!.raw;
    return db.kysely.connection().execute(async () => {
      const statements = new Map<string, Statement>();
      const prepare = (text: string): Statement => {
        let statement = statements.get(text);
        if (!statement) {
          statement = raw.prepare(text) as unknown as Statement;
          statements.set(text, statement);
        }
        return statement;
      };
      const runner: SqlRunner = {
        dialect: 'sqlite',
        run: async (text, params = []) => Number(prepare(text).run(...params).changes),
        all: async <R>(text: string, params: readonly unknown[] = []) => prepare(text).all(...params) as R[],
        async transaction(inner) {
          raw.exec('BEGIN IMMEDIATE');
          try {
            const result = await inner();
            raw.exec('COMMIT');
            return result;
          } catch (error) {
            if (raw.inTransaction) raw.exec('ROLLBACK');
            throw error;
          }
        },
        copy: () => Promise.reject(new Error('COPY is a PostgreSQL statement.')),
        insertMany(text, rows) {
          const statement = prepare(text);
          for (const row of rows) statement.run(...row);
        },
      };
      return work(runner);
    });
  }
  const client: pg.PoolClient = await db.postgres!.pool.connect();
  let broken = false;
  try {
    const runner: SqlRunner = {
      dialect: 'postgres',
      run: async (text, params = []) => (await client.query(numbered(text), params as unknown[])).rowCount ?? 0,
      all: async <R>(text: string, params: readonly unknown[] = []) =>
        (await client.query(numbered(text), params as unknown[])).rows as R[],
      async transaction(inner, options = {}) {
        await client.query('BEGIN');
        try {
          if (options.flushLater) await client.query('SET LOCAL synchronous_commit = off');
          const result = await inner();
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {
            broken = true;
          });
          throw error;
        }
      },
      async copy(table, columns, text) {
        const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
        await pipeline(Readable.from([text]), stream);
      },
      insertMany: () => {
        throw new Error('insertMany is for SQLite; use COPY on PostgreSQL.');
      },
    };
    return await work(runner);
  } finally {
    client.release(broken ? true : undefined);
  }
}

/** Escapes a value for COPY's text format: backslash, tab, newline and CR escaped; null is \N. */
export function copyField(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : value;
}

/** Whether `error` is a unique index's violation (SQLite's SQLITE_CONSTRAINT_UNIQUE, PostgreSQL's 23505). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
