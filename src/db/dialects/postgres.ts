import pg from 'pg';
import { PostgresDialect } from 'kysely';

// COUNT(*) and bigserial come back as strings by default; our counts fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface PostgresHandle {
  dialect: PostgresDialect;
  /** The raw pool, for the import's bulk staging (COPY) only; everything else goes through Kysely. */
  pool: pg.Pool;
}

export function openPostgres(url: string): PostgresHandle {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  return { dialect: new PostgresDialect({ pool }), pool };
}
