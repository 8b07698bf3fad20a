import pg from 'pg';
import { PostgresDialect } from 'kysely';
import { RosterError } from '../../core/errors.js';

// COUNT(*) and bigserial come back as strings by default; our counts fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface PostgresHandle {
  dialect: PostgresDialect;
  /** The raw pool, for the import's bulk staging (COPY) only; everything else goes through Kysely. */
  pool: pg.Pool;
  /** Where the URL points, for messages: never its password. */
  target: PostgresTarget;
}

export interface PostgresTarget {
  host: string;
  port: string;
  database: string;
  user: string;
}

const EXAMPLE = 'postgres://user@host:5432/roster';

/**
 * Reads where a `postgres://` URL points. Refuses (`validation`, field `DATABASE_URL`) a URL that
 * is not one, and one that names no database: PostgreSQL would then quietly use the database named
 * after the user, and Roster would create its schema there.
 */
export function postgresTarget(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RosterError('validation', `DATABASE_URL is not a URL; it should look like ${EXAMPLE}.`, { field: 'DATABASE_URL' });
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new RosterError('validation', `DATABASE_URL must be a postgres:// URL such as ${EXAMPLE}, not ${parsed.protocol}//….`, {
      field: 'DATABASE_URL',
    });
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  parsed.password = '';
  const shown = parsed.toString().replace(/\/$/, '');
  if (database === '') {
    throw new RosterError(
      'validation',
      `DATABASE_URL ${shown} names no database, and PostgreSQL would then use the one named after the user; add the database's name at the end, for example ${shown}/roster.`,
      { field: 'DATABASE_URL' },
    );
  }
  return { host: parsed.hostname || 'localhost', port: parsed.port || '5432', database, user: decodeURIComponent(parsed.username) };
}

export function openPostgres(url: string): PostgresHandle {
  const target = postgresTarget(url);
  // Roster's queries each read a page's worth of rows, many at once from many requests; two of
  // PostgreSQL's defaults are for the opposite, a few queries reading much of a large table.
  // JIT compiles a plan whose estimated cost is high, which takes 0.1–0.8 s for a query that runs
  // in milliseconds (a text search matching 400,000 of 10M people spent 0.78 s of its 1.24 s
  // compiling). Parallel workers take 30 ms to start for a query of 5 ms, and take the cores the
  // other requests need.
  const pool = new pg.Pool({ connectionString: url, max: 10, options: '-c jit=off -c max_parallel_workers_per_gather=0' });
  return { dialect: new PostgresDialect({ pool }), pool, target };
}

/** The error code of a failed connection; Node reports several addresses (localhost: ::1, 127.0.0.1) as one AggregateError. */
function codeOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; errors?: { code?: unknown }[] } | undefined;
  const code = e?.code ?? e?.errors?.[0]?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Says in words why PostgreSQL could not be reached: what failed, where (host:port and database)
 * and what to check. For the first query a process makes, so that `connect ECONNREFUSED` never
 * reaches a person as it is.
 */
export function connectionProblem(error: unknown, target: PostgresTarget): string {
  const where = `PostgreSQL at ${target.host}:${target.port} (database "${target.database}")`;
  switch (codeOf(error)) {
    case 'ECONNREFUSED':
      return `Could not connect to ${where}: the connection was refused, so no server is listening there. Check that PostgreSQL is running and that DATABASE_URL names its host and port.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Could not connect to ${where}: the host name "${target.host}" was not found. Check the host in DATABASE_URL.`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Could not connect to ${where}: the server did not answer. Check the host and port in DATABASE_URL and any firewall on the way.`;
    case '3D000':
      return `Could not connect to ${where}: that database does not exist. Create it (createdb ${target.database}) or name an existing one in DATABASE_URL.`;
    case '28P01':
    case '28000':
      return `Could not connect to ${where}: the server refused the user "${target.user}" (wrong password, or not allowed by pg_hba.conf). Check the user and password in DATABASE_URL.`;
    default:
      return `Could not connect to ${where}: ${error instanceof Error ? error.message : String(error)}. Check DATABASE_URL and that PostgreSQL is running.`;
  }
}
