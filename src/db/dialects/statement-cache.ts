import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** How many distinct statements stay compiled: every query Roster's code writes, with room to spare. */
const KEPT_STATEMENTS = 500;

/**
 * The connection as Kysely's SqliteDialect sees it, keeping each statement it prepared. Kysely
 * prepares every query it runs, and better-sqlite3 compiles SQL anew on each prepare(): on a list
 * request that was a twentieth of the server's CPU. A kept statement is reused unless it is still
 * being iterated (a streamed query), and SQLite re-prepares it by itself after a schema change (a
 * property added or removed, an index dropped by an import). The least recently used go first.
 */
export function keepingStatements(raw: SQLite.Database): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      kept.clear();
      raw.close();
    },
    prepare(sqlText: string) {
      const statement = kept.get(sqlText);
      if (statement && !statement.busy) {
        kept.delete(sqlText);
        kept.set(sqlText, statement);
        return statement;
      }
      const prepared = raw.prepare(sqlText);
      if (!statement) {
        kept.set(sqlText, prepared);
        if (kept.size > KEPT_STATEMENTS) kept.delete(kept.keys().next().value!);
      }
      return prepared;
    },
  };
}
