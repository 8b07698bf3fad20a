import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../database.js';

// Migrations see the database untyped and in snake_case, as the SQL it produces will.
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The directory's text search and the indexes its lists page through (see
 * src/db/repositories/people-search.ts and listPeople in people.ts, whose queries these indexes fit).
 *
 * Search. SQLite: an FTS5 table `people_search` (name, email, organization, phone: the E.164 forms)
 * with prefix indexes of 2 and 3 characters, contentless with `contentless_delete` so a row is
 * removed by its id alone. Triggers keep it in step with `people` (and with an organization's
 * renaming), so every writer (the API, the import's set-based merge, undo, the CLI) keeps it right
 * without knowing it is there (a large import drops the insert and update triggers and fills the
 * table at its end: src/db/imports/deferred-search.ts). PostgreSQL: a generated `tsvector` column of the people (name
 * weighted A, email B, phones C) and an expression over the organizations' names, each with a GIN
 * index; the database computes them on every write, with no trigger on the import's path. Both
 * are filled from the rows already stored.
 *
 * Lists. Every sort a people list offers is an index that starts with `kind` and ends with `id`,
 * so a page after a cursor is a range scan, whatever its depth. A nullable sort column is indexed
 * as `coalesce(column, '')` and sorted so: NULL sorts the same on both databases and a cursor
 * never has to compare with NULL. On SQLite an index ends with the rowid (`id`) by itself.
 * Users' own sorts (department, role) have no index: users are few, and sorting them is cheap.
 * src/db/imports/deferred-indexes.ts repeats the sort indexes' definitions: a large import drops
 * them and builds them at its end (test/db/deferred-indexes.test.ts checks that the two agree).
 */
export function directorySearch(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      const idTail = dialect === 'postgres' ? ', id' : '';
      const sortIndexes: [string, string][] = [
        ['people_kind_email', 'email'],
        ['people_kind_first_name', 'first_name, last_name'],
        ['people_kind_title', `coalesce(title, '')`],
        ['people_kind_city', `coalesce(city, '')`],
        ['people_kind_country', `coalesce(country, '')`],
        // Sorting by status goes on by name, so a status filter with the name sort walks this one too.
        ['people_kind_status', 'status, last_name, first_name'],
        ['people_kind_created', 'created_at'],
        ['people_kind_updated', 'updated_at'],
      ];
      for (const [name, columns] of sortIndexes) {
        await sql.raw(`CREATE INDEX ${name} ON people (kind, ${columns}${idTail})`).execute(db);
      }
      // The name sort's tie-breaker: on SQLite people_kind_name (kind, last_name, first_name) already ends with the rowid.
      if (dialect === 'postgres') await sql`CREATE INDEX people_kind_name_id ON people (kind, last_name, first_name, id)`.execute(db);
      // "Imported by import N" is created_import_id (indexed since 001) or import_id: the import that last wrote the row.
      await sql`CREATE INDEX people_import ON people (import_id)`.execute(db);

      if (dialect === 'sqlite') await sqliteSearch(db);
      else await postgresSearch(db);
    },
  };
}

/** The FTS5 columns of one person, as SQL over `p` (the person) and `orgName` (their organization's name). */
const SQLITE_ROW = (p: string, orgName: string) =>
  `${p}.first_name || ' ' || ${p}.last_name, ${p}.email, ${orgName}, coalesce(${p}.phone_e164, '') || ' ' || coalesce(${p}.mobile_e164, '')`;

async function sqliteSearch(db: Kysely<any>): Promise<void> {
  // remove_diacritics 2: "zoe" finds "Zoë", "muller" finds "Müller". The prefix indexes make a
  // 2- or 3-letter prefix one term lookup instead of a merge of every term that starts with it.
  await sql`CREATE VIRTUAL TABLE people_search USING fts5(
    name, email, organization, phone,
    content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
  )`.execute(db);
  for (const trigger of SQLITE_SEARCH_UPKEEP) await sql.raw(trigger.sql).execute(db);
  await sql`CREATE TRIGGER people_search_delete AFTER DELETE ON people BEGIN
      DELETE FROM people_search WHERE rowid = old.id;
    END`.execute(db);
  // A deleted organization clears its people's organization_id through the foreign key, whose
  // update fires people_search_update; a renamed one is indexed again here.
  await sql
    .raw(
      `CREATE TRIGGER people_search_organization AFTER UPDATE OF name ON organizations WHEN old.name IS NOT new.name BEGIN
         DELETE FROM people_search WHERE rowid IN (SELECT id FROM people WHERE organization_id = new.id);
         INSERT INTO people_search (rowid, name, email, organization, phone)
           SELECT p.id, ${SQLITE_ROW('p', 'new.name')} FROM people p WHERE p.organization_id = new.id;
       END`,
    )
    .execute(db);
  await sql.raw(SQLITE_SEARCH_FILL).execute(db);
}

const organizationOf = (p: string) => `(SELECT o.name FROM organizations o WHERE o.id = ${p}.organization_id)`;

/**
 * The triggers that keep `people_search` in step with inserted and changed people. A large import
 * drops them and fills the table in one statement at its end (src/db/imports/deferred-search.ts),
 * which costs a fifth of what the same rows cost one trigger call at a time.
 */
export const SQLITE_SEARCH_UPKEEP: readonly { name: string; sql: string }[] = [
  {
    name: 'people_search_insert',
    sql: `CREATE TRIGGER people_search_insert AFTER INSERT ON people BEGIN
         INSERT INTO people_search (rowid, name, email, organization, phone) VALUES (new.id, ${SQLITE_ROW('new', organizationOf('new'))});
       END`,
  },
  {
    // The import's update names every column of the file whether it changed or not: the WHEN keeps
    // the rows whose searched values stay as they were out of the full-text index's work.
    name: 'people_search_update',
    sql: `CREATE TRIGGER people_search_update AFTER UPDATE OF first_name, last_name, email, phone_e164, mobile_e164, organization_id ON people
       WHEN old.first_name IS NOT new.first_name OR old.last_name IS NOT new.last_name OR old.email IS NOT new.email
         OR old.phone_e164 IS NOT new.phone_e164 OR old.mobile_e164 IS NOT new.mobile_e164 OR old.organization_id IS NOT new.organization_id
       BEGIN
         DELETE FROM people_search WHERE rowid = old.id;
         INSERT INTO people_search (rowid, name, email, organization, phone) VALUES (new.id, ${SQLITE_ROW('new', organizationOf('new'))});
       END`,
  },
];

/** Every person's row of `people_search`, from the people stored: run on an empty table. */
export const SQLITE_SEARCH_FILL = `INSERT INTO people_search (rowid, name, email, organization, phone)
  SELECT p.id, ${SQLITE_ROW('p', 'o.name')} FROM people p LEFT JOIN organizations o ON o.id = p.organization_id`;

async function postgresSearch(db: Kysely<any>): Promise<void> {
  // A stored column, not an index over the expression: a match restricted to a part of the
  // document (a weight) or a phrase is checked again on each row the index finds, and reading
  // the stored words costs far less than computing them again (40,000 rows matched "and" at 1M
  // people: about 0.6 s of regexp_replace and to_tsvector). 'simple': no stemming and no stop
  // words, as names and emails want.
  await sql.raw(`ALTER TABLE people ADD COLUMN search_words tsvector GENERATED ALWAYS AS (${POSTGRES_PEOPLE_DOCUMENT}) STORED`).execute(db);
  await sql`CREATE INDEX people_search ON people USING gin (search_words)`.execute(db);
  await sql.raw(`CREATE INDEX organizations_search ON organizations USING gin ((${POSTGRES_ORGANIZATION_DOCUMENT}))`).execute(db);
}

/** Words of `expression` for to_tsvector: every run of characters that are not letters or digits is a space (emails, phones). */
const words = (expression: string) => `regexp_replace(${expression}, '[^[:alnum:]]+', ' ', 'g')`;

/** A person's searchable words on PostgreSQL: name (A), email (B), phones in E.164 (C). */
export const POSTGRES_PEOPLE_DOCUMENT =
  `setweight(to_tsvector('simple'::regconfig, ${words(`first_name || ' ' || last_name`)}), 'A')` +
  ` || setweight(to_tsvector('simple'::regconfig, ${words('email')}), 'B')` +
  ` || setweight(to_tsvector('simple'::regconfig, ${words(`coalesce(phone_e164, '') || ' ' || coalesce(mobile_e164, '')`)}), 'C')`;

/** An organization's searchable words on PostgreSQL: people-search.ts writes the same expression, which the index must match. */
export const POSTGRES_ORGANIZATION_DOCUMENT = `to_tsvector('simple'::regconfig, ${words('name')})`;
