import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { configFromEnv, type RosterConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';

/**
 * Persistence tests run on the dialect the environment picks, as Kysely's own suite does: SQLite
 * by default, PostgreSQL when DATABASE_URL is set (CI runs the suite once each way). Every test
 * context gets a database of its own (a temp dir, or a fresh PostgreSQL database) so test files
 * and CI runs never see each other's rows.
 */
export const TEST_DIALECT = process.env.DATABASE_URL ? 'postgres' : 'sqlite';

export interface TestDatabase {
  config: RosterConfig;
  /** Environment variables that point a child process (CLI, server) at this database. */
  env: Record<string, string>;
  open: () => Promise<Database>;
  drop: () => Promise<void>;
}

/**
 * The defaults of every setting (what an empty environment gives), on this test's database: the
 * test process's own ROSTER_* variables never leak into the app under test. A test that needs a
 * setting passes `{ ...test.config, setting }` to the app or server it starts.
 */
function testConfig(dataDir: string, databaseUrl?: string): RosterConfig {
  return { ...configFromEnv({}), dataDir, ...(databaseUrl ? { databaseUrl } : {}) };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-test-'));
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    return {
      config: testConfig(dataDir),
      env: { ROSTER_DATA_DIR: dataDir },
      open: () => openDatabase({ dataDir }),
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `roster_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    config: testConfig(dataDir, databaseUrl),
    env: { ROSTER_DATA_DIR: dataDir, DATABASE_URL: databaseUrl },
    open: () => openDatabase({ dataDir, databaseUrl }),
    drop: async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        // pg's Pool.end() resolves once it has asked its connections to close, not once they have.
        // Let them go first: a session FORCE kills tells its client "terminating connection due to
        // administrator command", an uncaught error in whichever test opened it. FORCE still
        // ends any session left after a second.
        for (let waited = 0; waited < 1000; waited += 20) {
          const open = await c.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (Number(open.rows[0]?.n) === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A migrated database for one test file, dropped when the file's tests end. */
export async function withDatabase(): Promise<{ db: Database; test: TestDatabase; close: () => Promise<void> }> {
  const test = await createTestDatabase();
  const db = await test.open();
  return {
    db,
    test,
    close: async () => {
      await db.close();
      await test.drop();
    },
  };
}

/**
 * Whether an import's working tables (its stage and its keys table) exist. They are created and
 * dropped together; finding only one of them fails the test.
 */
export async function importTablesExist(db: Database, id: number): Promise<boolean> {
  const names = [`import_stage_${id}`, `import_keys_${id}`];
  const found =
    db.dialect === 'sqlite'
      ? await sql<{
          n: number;
        }>`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN (${names[0]}, ${names[1]})`.execute(db.kysely)
      : await sql<{ n: number }>`SELECT count(*) AS n FROM pg_tables WHERE tablename IN (${names[0]}, ${names[1]})`.execute(db.kysely);
  const n = Number(found.rows[0]?.n);
  if (n === 1) throw new Error(`Only one of ${names.join(' and ')} exists.`);
  return n === 2;
}
