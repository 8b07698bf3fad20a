import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../database.js';

// Migrations see the database untyped and in snake_case, as the SQL it produces will.
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * PostgreSQL: the link from a person to their organization is checked once per statement instead
 * of once per row; the rule is the same as the foreign key's it replaces.
 *
 * Why: a foreign key is enforced by a row-level trigger, one lookup and one lock per row, which
 * doubled the time of an import's bulk insert of customers. A statement-level trigger over the
 * statement's new rows (a transition table) locks and checks each distinct organization once,
 * and a file names far fewer organizations than customers.
 *
 * What the foreign key did, the triggers do: a person may only point at an existing
 * organization (the error is the same `foreign_key_violation`, SQLSTATE 23503), that organization
 * is locked against deletion (`FOR KEY SHARE`) until the writing transaction ends, and deleting an
 * organization clears the link of its people (`ON DELETE SET NULL`). The deletion's own update
 * runs after the delete has waited for those locks, so it sees the people a concurrent
 * transaction linked and committed meanwhile.
 *
 * SQLite keeps its foreign key: there the check is one lookup by rowid, in process, without locks.
 */
export function organizationLink(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      if (dialect !== 'postgres') return;
      await sql`ALTER TABLE people DROP CONSTRAINT people_organization_id_fkey`.execute(db);
      await sql`
        CREATE FUNCTION people_organization_exists() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          wanted integer[];
          found integer[];
        BEGIN
          SELECT array_agg(DISTINCT organization_id) INTO wanted FROM new_people WHERE organization_id IS NOT NULL;
          IF wanted IS NULL THEN
            RETURN NULL;
          END IF;
          SELECT coalesce(array_agg(id), '{}') INTO found
            FROM (SELECT id FROM organizations WHERE id = ANY (wanted) FOR KEY SHARE) locked;
          IF cardinality(found) < cardinality(wanted) THEN
            RAISE foreign_key_violation USING
              MESSAGE = 'insert or update on table "people" violates foreign key constraint "people_organization_id_fkey"',
              DETAIL = format('Key (organization_id)=(%s) is not present in table "organizations".',
                (SELECT min(w) FROM unnest(wanted) w WHERE w <> ALL (found))),
              TABLE = 'people',
              CONSTRAINT = 'people_organization_id_fkey';
          END IF;
          RETURN NULL;
        END $$`.execute(db);
      // Transition tables cannot go with a column list (AFTER UPDATE OF …): every update is checked.
      await sql`CREATE TRIGGER people_organization_insert AFTER INSERT ON people
        REFERENCING NEW TABLE AS new_people FOR EACH STATEMENT EXECUTE FUNCTION people_organization_exists()`.execute(db);
      await sql`CREATE TRIGGER people_organization_update AFTER UPDATE ON people
        REFERENCING NEW TABLE AS new_people FOR EACH STATEMENT EXECUTE FUNCTION people_organization_exists()`.execute(db);
      await sql`
        CREATE FUNCTION organizations_unlink_people() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE people SET organization_id = NULL WHERE organization_id IN (SELECT id FROM old_organizations);
          RETURN NULL;
        END $$`.execute(db);
      await sql`CREATE TRIGGER organizations_unlink_people AFTER DELETE ON organizations
        REFERENCING OLD TABLE AS old_organizations FOR EACH STATEMENT EXECUTE FUNCTION organizations_unlink_people()`.execute(db);
    },
  };
}
