import { CamelCasePlugin, Kysely, Migrator, sql } from 'kysely';
import type { DatabaseConfig } from '../config.js';
import type { PostgresHandle } from './dialects/postgres.js';
import { openSqlite, type SqliteHandle } from './dialects/sqlite.js';
import { migrations } from './migrations/index.js';
import type { Tables } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

/**
 * One open database, whichever dialect it is. Beware: SQLite has a single connection, so code
 * running inside `kysely.transaction()` must use the transaction for every query; a query on
 * `kysely` itself would wait for the transaction to end, forever.
 * Everything above the db layer talks to `kysely`;
 * `sqlite` / `postgres` expose the raw driver only for the import's bulk paths.
 */
export interface Database {
  kysely: Kysely<Tables>;
  dialect: DialectName;
  sqlite?: SqliteHandle;
  postgres?: PostgresHandle;
  close(): Promise<void>;
}

/**
 * Opens the configured database and brings its schema up to date (idempotent). A `DATABASE_URL`
 * without a database name is refused, and a PostgreSQL that cannot be reached is described in
 * words (what failed, where, what to check) before any migration runs.
 */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  const db = await connect(config);
  try {
    if (db.postgres) await reach(db, db.postgres);
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

async function connect(config: DatabaseConfig): Promise<Database> {
  const plugins = [new CamelCasePlugin()];
  if (config.databaseUrl) {
    // Loaded only for PostgreSQL, so that a command on SQLite starts without its driver.
    const { openPostgres } = await import('./dialects/postgres.js');
    const postgres = openPostgres(config.databaseUrl);
    const kysely = new Kysely<Tables>({ dialect: postgres.dialect, plugins });
    return { kysely, dialect: 'postgres', postgres, close: () => kysely.destroy() };
  }
  const sqlite = openSqlite(config.dataDir);
  const kysely = new Kysely<Tables>({ dialect: sqlite.dialect, plugins });
  return { kysely, dialect: 'sqlite', sqlite, close: () => kysely.destroy() };
}

async function reach(db: Database, postgres: PostgresHandle): Promise<void> {
  try {
    await sql`SELECT 1`.execute(db.kysely);
  } catch (error) {
    const { connectionProblem } = await import('./dialects/postgres.js');
    throw new Error(connectionProblem(error, postgres.target), { cause: error });
  }
}

async function migrate(db: Database): Promise<void> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations(db.dialect) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(
      `Could not update the database schema (migration ${failed}): ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      {
        cause: error,
      },
    );
  }
}
