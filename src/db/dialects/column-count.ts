import { sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * How many columns named `column` table `table` has (0 or 1), from the database's catalog (on
 * PostgreSQL, in the current schema). Apart from the drivers, so that reading it loads neither.
 */
export function columnCount(dialect: DialectName, table: string, column: string) {
  return dialect === 'postgres'
    ? sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table} AND column_name = ${column}`
    : sql<{ n: number }>`SELECT count(*) AS n FROM pragma_table_info(${table}) WHERE name = ${column}`;
}
