import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../database.js';

// Migrations see the database untyped and in snake_case, as the SQL it produces will.
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * An organization's people in the list's default order. `people_organization` was
 * `(organization_id)` alone: an organization's page then read all its people and sorted them by
 * name for every page (4,000 people each at 10M customers), and counted them by reading each
 * one's row for its kind. With the kind and then the name sort (and the id, which SQLite's indexes
 * end with by themselves), each page is a range of the index and the count reads the index alone;
 * its leading column still serves every lookup by organization, as the old one did.
 * src/db/imports/deferred-indexes.ts repeats the definition (a large import builds it at its end).
 */
export function organizationPeople(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await sql`DROP INDEX IF EXISTS people_organization`.execute(db);
      const idTail = dialect === 'postgres' ? ', id' : '';
      await sql.raw(`CREATE INDEX people_organization ON people (organization_id, kind, last_name, first_name${idTail})`).execute(db);
    },
  };
}
