import type { Kysely } from 'kysely';
import type { BulkRows, SqlRunner } from '../imports/sql-runner.js';
import type { SqliteHandle } from './sqlite.js';

/** The part of a better-sqlite3 statement the import uses. */
interface Statement {
  run(...params: readonly unknown[]): { changes: number | bigint };
  all(...params: readonly unknown[]): unknown[];
}

/**
 * Rows per INSERT statement of bulkInsert: each statement call costs the same bookkeeping in the
 * driver and in SQLite whatever its rows, so several rows a statement are cheaper than one
 * (16 × the columns stays far under SQLite's 32,766 parameters).
 */
const ROWS_PER_INSERT = 16;

/**
 * Lends `work` a runner on SQLite's one connection, holding Kysely's connection (its mutex) for
 * the duration, so that no other query of this process runs inside the import's transaction.
 * Statements are prepared once per runner and run in-process by better-sqlite3.
 */
export async function withSqliteRunner<D, T>(kysely: Kysely<D>, handle: SqliteHandle, work: (runner: SqlRunner) => Promise<T>): Promise<T> {
  const raw = handle.raw;
  return kysely.connection().execute(async () => {
    const statements = new Map<string, Statement>();
    const prepare = (text: string): Statement => {
      let statement = statements.get(text);
      if (!statement) {
        statement = raw.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    };
    const runner: SqlRunner = {
      dialect: 'sqlite',
      run: (text, params = []) => promised(() => Number(prepare(text).run(...params).changes)),
      all: <R>(text: string, params: readonly unknown[] = []) => promised(() => prepare(text).all(...params) as R[]),
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
      bulkInsert: (table, columns, rows) => promised(() => insertInGroups(prepare, table, columns, rows)),
    };
    return work(runner);
  });
}

/** The result of synchronous `work` as a promise, rejected if it throws, as an async function's would be. */
function promised<T>(work: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(work()));
}

/** Inserts `rows` ROWS_PER_INSERT at a time, then the rest one at a time, synchronously. */
function insertInGroups(prepare: (text: string) => Statement, table: string, columns: readonly string[], rows: BulkRows): void {
  if (rows.count === 0) return;
  const one = `(${columns.map(() => '?').join(', ')})`;
  const insert = (n: number) => prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array<string>(n).fill(one).join(', ')}`);
  const whole = rows.count - (rows.count % ROWS_PER_INSERT);
  if (whole > 0) {
    const group = insert(ROWS_PER_INSERT);
    for (let i = 0; i < whole; i += ROWS_PER_INSERT) {
      const params: unknown[] = [];
      for (let r = i; r < i + ROWS_PER_INSERT; r++) rows.push(r, params);
      group.run(...params);
    }
  }
  if (whole < rows.count) {
    const single = insert(1);
    for (let r = whole; r < rows.count; r++) {
      const params: unknown[] = [];
      rows.push(r, params);
      single.run(...params);
    }
  }
}
