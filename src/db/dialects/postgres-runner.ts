import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { BulkRows, SqlRunner } from '../imports/sql-runner.js';
import type { PostgresHandle } from './postgres.js';

/** The import's SQL is written with `?` placeholders; PostgreSQL numbers them. */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** Lends `work` a runner on a pool client of its own, released (or discarded, if broken) afterwards. */
export async function withPostgresRunner<T>(handle: PostgresHandle, work: (runner: SqlRunner) => Promise<T>): Promise<T> {
  const client: pg.PoolClient = await handle.pool.connect();
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
      async bulkInsert(table, columns, rows) {
        if (rows.count === 0) return;
        const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
        await pipeline(Readable.from([copyText(rows)]), stream);
      },
    };
    return await work(runner);
  } finally {
    client.release(broken ? true : undefined);
  }
}

/** `rows` in COPY's text format: one line a row, its fields separated by tabs. */
function copyText(rows: BulkRows): string {
  let text = '';
  const row: unknown[] = [];
  for (let i = 0; i < rows.count; i++) {
    row.length = 0;
    rows.push(i, row);
    for (let j = 0; j < row.length; j++) text += (j === 0 ? '' : '\t') + copyField(row[j] as string | number | null);
    text += '\n';
  }
  return text;
}

/** Escapes a value for COPY's text format: backslash, tab, newline and CR escaped; null is \N. */
export function copyField(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : value;
}
