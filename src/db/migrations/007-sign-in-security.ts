import type { Kysely, Migration } from 'kysely';

// Migrations see the database untyped and in snake_case, as the SQL it produces will.
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * What sign-in and API tokens need to stay safe with several instances on one database:
 *
 * - `sign_in_failures`: one counter per key (an account or a client address, hashed) with the
 *   moment its window ends. The counters live here rather than in each instance's memory, so a
 *   guesser gains nothing by spreading attempts over instances.
 * - `api_tokens.expires_at`: a token may be given an end; an expired token is refused.
 */
export function signInSecurity(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sign_in_failures')
        .addColumn('key_hash', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('resets_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
    },
  };
}
