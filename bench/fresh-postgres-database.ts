import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A PostgreSQL database that exists only for one benchmark step. */
export interface FreshPostgresDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty database next to the one `adminUrl` names, as test/support/database.ts
 * does for tests, so each step starts from nothing and never touches someone else's rows.
 */
export async function freshPostgresDatabase(adminUrl: string, label: string): Promise<FreshPostgresDatabase> {
  const name = `roster_bench_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
