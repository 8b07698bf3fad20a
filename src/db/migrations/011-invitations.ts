import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../database.js';
import { withId } from './column-types.js';

// Migrations see the database untyped and in snake_case, as the SQL it produces will.
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * `invitations`: one-time sign-in links, by which a user chooses their own password. `purpose`
 * says why the link was made: 'invitation' (a user who never had a password) or 'password_reset'
 * (forgot password, or an admin's reset). Only the sha256 of the link's token is kept, as for
 * sessions and API tokens. A link works once, until `expires_at`, unless it was used (`used_at`)
 * or revoked (`revoked_at`, also set when a new link replaces it); links go with their user.
 */
export function invitations(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('invitations'), dialect)
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('invitation', 'password_reset')`))
        .addColumn('created_by', 'integer', (c) => c.references('people.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('invitations_person').on('invitations').columns(['person_id', 'purpose']).execute();
    },
  };
}
