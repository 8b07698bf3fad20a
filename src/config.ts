import path from 'node:path';

/** Where Roster keeps its data, read from the environment the same way by the server and the CLI. */
export interface RosterConfig {
  /** Directory for the embedded SQLite database and uploaded files. */
  dataDir: string;
  /** A postgres:// URL; when set, PostgreSQL is used instead of SQLite. */
  databaseUrl?: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): RosterConfig {
  const dataDir = path.resolve(env.ROSTER_DATA_DIR || './data');
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  return databaseUrl ? { dataDir, databaseUrl } : { dataDir };
}
