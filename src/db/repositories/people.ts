import { sql, type ExpressionBuilder, type Insertable, type RawBuilder, type Selectable, type SqlBool, type Updateable } from 'kysely';
import { RosterError, notFound } from '../../core/errors.js';
import { sortKeys, type Property } from '../../core/properties.js';
import { normalizeInput } from '../../core/record-input.js';
import type { PersonSource } from '../../core/person-source.js';
import { personKindOf, type RecordKind } from '../../core/record-kind.js';
import { toJsonValue } from '../../core/values.js';
import type { Database } from '../database.js';
import type { PeopleTable, Tables } from '../schema.js';
import { isUniqueViolation } from '../imports/sql-runner.js';
import { customField, fieldValue, propertyWrite, type CustomField } from './custom-fields.js';
import { keepAnAdmin } from './last-admin.js';
import {
  afterCursor,
  countedTotal,
  countUpTo,
  decodeCursor,
  DEFAULT_EXACT_TOTAL_UP_TO,
  encodeCursor,
  keptEstimate,
  listTotal,
  totalFromCount,
  type CursorPosition,
  type ListTotal,
  type TotalQueries,
} from './list-paging.js';
import { now } from './now.js';
import { linkPendingTickets } from './pending-links.js';
import type { Page } from './organizations.js';
import { resolveCustomerOrganization } from './organizations.js';
import { listProperties } from './properties.js';
import { searchConditions, searchedText, searchIndex, searchNeedsCountry, searchPlan } from './people-search.js';
import { rankGroupIds } from './search-rank-group.js';
import { getSettings } from './settings.js';
import { pendingInvitationExpiry, signInAccess } from './sign-in-access.js';

export type PeopleKind = Extract<RecordKind, 'users' | 'customers'>;

/**
 * A user or customer as the API, the CLI and exports show it: keys are property keys, plus
 * `createdAt`, `updatedAt`, `signInEnabled`, `source`, `createdImportId`, for users `access` and
 * `invitationExpiresAt` (see signInAccess) and, for customers,
 * `organizationId` (API only; the CLI's `--json` adds `source`).
 */
export type PersonRecord = { id: number; source: PersonSource; createdImportId: number | null } & Record<
  string,
  string | number | boolean | null
>;

export interface PeopleListOptions {
  /** A page by number (1-based): for small offsets; deeper pages follow `cursor`. */
  page?: number;
  pageSize?: number;
  /** The `nextCursor` of the previous page of the same list (same sort, search and filters). */
  cursor?: string;
  search?: string;
  /**
   * A sort key (sortKeys); none sorts by last name, or, with a search, by rank: an exact email
   * first, then people whose name matches, then the others (email, organization, phone), each
   * group oldest first.
   */
  sort?: string;
  order?: 'asc' | 'desc';
  organizationId?: number;
  status?: string;
  /** Users only: admin or agent. Users are few, so it is checked row by row (no index). */
  role?: string;
  /** Only these people (a selection in a list, for an export); at most a page's worth. */
  ids?: number[];
  /** People an import created, or last wrote (until someone else edits them). */
  importId?: number;
  /** People created at or after this time (ISO 8601: a date or a date and time, UTC). */
  createdSince?: string;
  /** Up to how many matches the total is exact (DEFAULT_EXACT_TOTAL_UP_TO); beyond it, an estimate. */
  exactTotalUpTo?: number;
}

/** A page of a people list: a total that is an estimate beyond the exact limit, and the cursor of the page after it. */
export interface PeoplePage extends Page<PersonRecord> {
  totalIsEstimate?: true;
  /** Absent on the last page. */
  nextCursor?: string;
}

/** A person as baseQuery reads one: every column, and the name of their organization. */
type PersonRow = Selectable<PeopleTable> & { organizationName: string | null; invitationExpiresAt: string | null };

/**
 * The columns of people a reader wants: every fixed one, and the custom properties' own.
 * `selectAll` would bring PostgreSQL's search_words too (migration 013), a third of a row's bytes
 * that nobody reads.
 */
const FIXED_PERSON_COLUMNS = Object.keys({
  id: true,
  kind: true,
  email: true,
  firstName: true,
  lastName: true,
  title: true,
  phone: true,
  phoneE164: true,
  mobile: true,
  mobileE164: true,
  department: true,
  role: true,
  organizationId: true,
  address: true,
  city: true,
  region: true,
  postalCode: true,
  country: true,
  website: true,
  language: true,
  timeZone: true,
  notes: true,
  status: true,
  passwordHash: true,
  createdAt: true,
  updatedAt: true,
  importId: true,
  createdImportId: true,
  importRow: true,
  source: true,
} satisfies Record<Exclude<keyof PeopleTable, CustomField>, true>) as Exclude<keyof PeopleTable, CustomField>[];

function personColumns(properties: Property[]): `people.${keyof PeopleTable}`[] {
  return [
    ...FIXED_PERSON_COLUMNS.map((c) => `people.${c}` as const),
    ...properties.filter((p) => p.custom).map((p) => `people.${customField(p.key)}` as const),
  ];
}

function kindValue(kind: PeopleKind): 'user' | 'customer' {
  return personKindOf(kind)!;
}

/** The Kysely field that holds a property's value, or undefined for `organization` (a join). */
export function personField(property: Property): string | undefined {
  if (property.custom) return customField(property.key);
  return property.key === 'organization' ? undefined : property.key;
}

function toRecord(properties: Property[], row: PersonRow): PersonRecord {
  // `source` and `createdImportId` are set last, after the properties, as the JSON shows them.
  const record = { id: row.id } as PersonRecord;
  for (const p of properties) {
    if (p.key === 'organization') {
      record.organization = row.organizationName ?? null;
      // Not a property (exports leave it out), but the API and the UI link a customer to their organization by it.
      record.organizationId = row.organizationId ?? null;
    } else record[p.key] = toJsonValue(p, fieldValue(row, personField(p)!));
  }
  record.createdAt = row.createdAt;
  record.updatedAt = row.updatedAt;
  record.signInEnabled = row.passwordHash != null;
  if (row.kind === 'user') {
    record.access = signInAccess(row, row.invitationExpiresAt);
    record.invitationExpiresAt = record.access === 'invited' ? row.invitationExpiresAt : null;
  }
  // Read-only: how the person came to be, and the import that created them, if one did.
  record.source = row.source;
  record.createdImportId = row.createdImportId ?? null;
  return record;
}

function baseQuery(db: Database, kind: PeopleKind) {
  return db.kysely
    .selectFrom('people')
    .leftJoin('organizations', 'organizations.id', 'people.organizationId')
    .where('people.kind', '=', kindValue(kind));
}

/**
 * The sort keys of a people list as SQL, by sort key: each list's order is these, then the id.
 * Nullable columns sort as '' (first when ascending), the same on both databases; every one of
 * these but the users-only department and role has an index (migration 013; a large import
 * builds them at its end, see deferred-indexes.ts).
 */
function sortExpressions(sort: string): RawBuilder<unknown>[] {
  switch (sort) {
    case 'lastName':
      return [sql`people.last_name`, sql`people.first_name`];
    case 'firstName':
      return [sql`people.first_name`, sql`people.last_name`];
    case 'status':
      return [sql`people.status`, sql`people.last_name`, sql`people.first_name`];
    case 'email':
    case 'createdAt':
    case 'updatedAt':
      return [sql.ref(`people.${snakeCase(sort)}`)];
    default:
      return [sql`coalesce(${sql.ref(`people.${snakeCase(sort)}`)}, '')`];
  }
}

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

/**
 * The list's filters as SQL over `people`. `driver` says what SQLite should find the rows by:
 * SQLite keeps no statistics unless told to, and left to itself it takes any index that starts
 * with `kind` (every sort index does) over the few rows of an organization, an import or a
 * search, or the status index over the sort's. A column written `+column` is checked row by row,
 * never looked up in an index. 'sort': the sort's index (unless an organization or import filter
 * narrows the list: then theirs); 'search': the search's own index (full-text, email); 'none':
 * the caller's id range (a sample). PostgreSQL plans from its statistics: it gets plain filters.
 */
function peopleFilters(
  db: Database,
  kind: PeopleKind,
  options: PeopleListOptions,
  driver: 'sort' | 'search' | 'none',
  sort?: string,
): RawBuilder<SqlBool> {
  const steer = db.dialect === 'sqlite';
  const column = (name: string, indexed: boolean) => sql.raw(`${steer && !indexed ? '+' : ''}people.${name}`);
  const narrow = options.organizationId !== undefined || options.importId !== undefined || options.ids !== undefined;
  const bySort = driver === 'sort' && !narrow;
  const byFilter = driver === 'sort' && narrow;
  // The organization's index (organization_id, kind, last_name, first_name) holds the kind too.
  const kindIndexed = bySort || (byFilter && options.organizationId !== undefined);
  const filters: RawBuilder<SqlBool>[] = [sql<SqlBool>`${column('kind', kindIndexed)} = ${kindValue(kind)}`];
  if (options.organizationId !== undefined) filters.push(sql<SqlBool>`${column('organization_id', byFilter)} = ${options.organizationId}`);
  // The status index goes on by name: it serves the status and name sorts, and only those.
  if (options.status)
    filters.push(sql<SqlBool>`${column('status', bySort && (sort === 'status' || sort === 'lastName'))} = ${options.status}`);
  if (options.importId !== undefined)
    filters.push(
      sql<SqlBool>`(${column('created_import_id', byFilter)} = ${options.importId} OR ${column('import_id', byFilter)} = ${options.importId})`,
    );
  if (options.createdSince) filters.push(sql<SqlBool>`${column('created_at', bySort)} >= ${options.createdSince}`);
  if (options.role) filters.push(sql<SqlBool>`${column('role', false)} = ${options.role}`);
  // A selection is found by primary key, whatever the sort; an empty one matches nobody.
  if (options.ids !== undefined)
    filters.push(
      options.ids.length > 0 ? sql<SqlBool>`people.id IN (${sql.join(options.ids.map((id) => sql`${id}`))})` : sql<SqlBool>`1 = 0`,
    );
  return sql<SqlBool>`${sql.join(filters, sql` AND `)}`;
}

/** Up to how many matches a PostgreSQL search reads at once, with their ranks, instead of rank by rank. */
const FEW_MATCHES = 1_000;

/** A row of a list's page: its sort keys (or rank) and id, and the person, when the page's query read them too. */
interface Found extends CursorPosition {
  row?: PersonRow;
}

/**
 * When a user's pending invitation ends, read beside their columns (pendingInvitationExpiry);
 * for customers, who are never invited, a null rather than a subquery per row.
 */
function invitationColumn(kind: PeopleKind) {
  return (eb: ExpressionBuilder<Tables, 'people'>) =>
    kind === 'users'
      ? pendingInvitationExpiry(eb)
      : (sql<string | null>`NULL`.as('invitationExpiresAt') as unknown as ReturnType<typeof pendingInvitationExpiry>);
}

/**
 * One page of users or customers. Searched by name, email, organization and phone through each
 * database's text index (people-search.ts), paged by cursor through the sort's index (or by page
 * number, for small offsets), with a total that is exact up to `exactTotalUpTo` matches and
 * estimated beyond: a million rows are never counted for one page. Most pages take one query
 * besides the properties: the page's people with the list's total, which PostgreSQL, across a
 * network from the app, answers in one round trip.
 *
 * @example
 *   const first = await listPeople(db, 'customers', { search: 'and', pageSize: 50 });
 *   const second = await listPeople(db, 'customers', { search: 'and', pageSize: 50, cursor: first.nextCursor });
 */
export async function listPeople(db: Database, kind: PeopleKind, options: PeopleListOptions = {}): Promise<PeoplePage> {
  const properties = await listProperties(db, kind);
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const pageSize = Math.min(500, Math.max(1, Math.floor(options.pageSize ?? 50)));
  const text = searchedText(options.search);
  const plan = text ? searchPlan(text, searchNeedsCountry(text) ? (await getSettings(db)).defaultCountry : null) : null;
  const search = plan ? searchConditions(db.dialect, plan) : null;
  const ranked = plan !== null && !options.sort;
  const sort = ranked ? 'rank' : options.sort && sortKeys(kind).has(options.sort) ? options.sort : 'lastName';
  const descending = !ranked && options.order === 'desc';
  const how = plan ? searchIndex(plan) : null;
  const filters = peopleFilters(db, kind, options, how === 'email' ? 'search' : 'sort', sort);
  const searchFilters = plan ? peopleFilters(db, kind, options, 'search') : filters;
  const list = JSON.stringify([
    kind,
    sort,
    descending,
    plan?.text ?? null,
    options.organizationId ?? null,
    options.status ?? null,
    options.importId ?? null,
    options.createdSince ?? null,
    options.role ?? null,
    options.ids ?? null,
  ]);
  const position = options.cursor ? decodeCursor(list, options.cursor) : undefined;
  const offset = position ? 0 : (page - 1) * pageSize;

  // The total: counted up to the limit, in whatever order is cheapest; estimated beyond it.
  const fts = search?.match;
  const capped = (limit: number) =>
    fts
      ? sql`SELECT 1 FROM people_search JOIN people ON people.id = people_search.rowid WHERE people_search MATCH ${fts.all} AND ${searchFilters} LIMIT ${limit}`
      : sql`SELECT 1 FROM people WHERE ${searchFilters}${search ? sql` AND ${search.all}` : sql``} LIMIT ${limit}`;
  const sampled = peopleFilters(db, kind, options, 'none');
  const inRange = (from: number, to: number) =>
    fts
      ? sql<{ n: number }>`SELECT count(*) AS n FROM people_search JOIN people ON people.id = people_search.rowid
          WHERE people_search MATCH ${fts.all} AND people_search.rowid BETWEEN ${from} AND ${to} AND ${sampled}`
      : sql<{ n: number }>`SELECT count(*) AS n FROM people
          WHERE people.id BETWEEN ${from} AND ${to} AND ${sampled}${search ? sql` AND ${search.all}` : sql``}`;
  const estimated = sql`SELECT 1 FROM people WHERE ${filters}${search ? sql` AND ${search.all}` : sql``}`;
  const totals: TotalQueries = { capped, inRange, estimated };
  const exactUpTo = options.exactTotalUpTo ?? DEFAULT_EXACT_TOTAL_UP_TO;
  // A list whose total is an estimate kept from a moment ago is not counted again; any other is
  // counted in the page's own query where the page has one (`countedTotal`).
  let counted: ListTotal | undefined = keptEstimate(db, list, exactUpTo);
  const countHere = counted ? null : countedTotal(totals, exactUpTo);
  let countedHere: number | undefined;

  let found: Found[] | undefined;
  // Rank 0: the exact email; 1: the name matches; 2: the rest. Within a rank, in id order.
  const exact = plan?.exactEmail ? sql<SqlBool>`lower(people.email) = ${plan.exactEmail}` : null;
  const fewest = Math.min(FEW_MATCHES, exactUpTo);
  if (ranked && db.dialect === 'postgres' && !counted) {
    // Few matches, as most searches have (a name, an email, a number): all of them with their
    // ranks, and the page's people, in one query, rather than a query or three for each rank.
    // More than `fewest`, or an estimated total kept from a moment ago (always more): the ranks
    // are walked one by one below.
    const never = sql<SqlBool>`1 = 0`;
    const rows = await db.kysely
      .with('matches', (q) =>
        q
          .selectFrom('people')
          .select('people.id')
          .select(sql<number>`CASE WHEN ${exact ?? never} THEN 0 WHEN ${search!.first ?? never} THEN 1 ELSE 2 END`.as('rank'))
          .where(sql<SqlBool>`${searchFilters} AND (${search!.all} OR ${exact ?? never})`)
          .limit(fewest + 1),
      )
      .selectFrom('matches')
      .innerJoin('people', 'people.id', 'matches.id')
      .leftJoin('organizations', 'organizations.id', 'people.organizationId')
      .select(personColumns(properties))
      .select('organizations.name as organizationName')
      .select((eb) => invitationColumn(kind)(eb as unknown as ExpressionBuilder<Tables, 'people'>))
      .select(['matches.rank', sql<number>`(SELECT count(*) FROM matches)`.as('matchCount')])
      .$if(position !== undefined, (q) => q.where(sql<SqlBool>`(matches.rank, matches.id) > (${position!.keys[0]}, ${position!.id})`))
      .orderBy('matches.rank')
      .orderBy('matches.id')
      .limit(pageSize + 1)
      .offset(offset)
      .execute();
    // No rows from the start of the list: no matches, and nothing to count again.
    const matchCount = rows.length > 0 ? Number(rows[0]!.matchCount) : position || offset > 0 ? await countUpTo(db, totals, fewest) : 0;
    if (matchCount <= fewest) {
      counted = { total: matchCount, estimate: false };
      found = rows.map((row) => ({ keys: [Number(row.rank)], id: row.id, row }));
    }
  }
  if (!found && ranked) {
    counted ??= await listTotal(db, list, totals, exactUpTo);
    const groups: { condition: RawBuilder<SqlBool> | null; fts: string | null | undefined }[] = [
      { condition: exact, fts: null },
      { condition: search!.first, fts: search!.match?.first },
      { condition: search!.rest, fts: search!.match?.rest },
    ];
    const notExact = plan.exactEmail ? sql<SqlBool>` AND lower(people.email) <> ${plan.exactEmail}` : sql``;
    found = [];
    const wanted = offset + pageSize + 1;
    for (let rank = (position?.keys[0] as number | undefined) ?? 0; rank < groups.length && found.length < wanted; rank++) {
      const { condition, fts } = groups[rank]!;
      if (!condition) continue;
      const where = rank === 0 ? searchFilters : sql<SqlBool>`${searchFilters}${notExact}`;
      const afterId = position && position.keys[0] === rank ? position.id : 0;
      // The exact email is one row of the unique index; the other groups are many rows, in no order.
      const ids =
        rank === 0
          ? (
              await sql<{
                id: number;
              }>`SELECT people.id AS id FROM people WHERE ${where} AND ${condition} AND people.id > ${afterId}`.execute(db.kysely)
            ).rows.map((r) => Number(r.id))
          : await rankGroupIds(db, where, condition, fts, afterId, wanted - found.length);
      found.push(...ids.map((id) => ({ keys: [rank], id })));
    }
    found = found.slice(offset);
  } else if (!found) {
    const keys = sortExpressions(sort);
    const direction = sql.raw(descending ? 'DESC' : 'ASC');
    const conditions = [filters];
    if (search) conditions.push(search.all);
    // `fixed`: how many leading keys `after` holds equal, left out of the ORDER BY (SQLite
    // otherwise sorts again what an expression index already gives in order). A first page or a
    // cursor's page reads the people with their keys; a page by number reads only ids and keys, from
    // the index alone, as it skips the pages before it.
    const sorted = async (after: RawBuilder<SqlBool>[], limit: number, fixed = 0): Promise<Found[]> => {
      const where = sql<SqlBool>`${sql.join([...conditions, ...after], sql` AND `)}`;
      const order = sql`${sql.join([...keys.slice(fixed), sql`people.id`].map((k) => sql`${k} ${direction}`))}`;
      const keyColumns = keys.map((k, i) => k.as(`k${i}`));
      const count = countHere && countedHere === undefined ? [countHere.as('countedTotal')] : [];
      const rows: (Record<string, unknown> & { id: number; countedTotal?: number })[] =
        offset === 0
          ? await db.kysely
              .selectFrom('people')
              .leftJoin('organizations', 'organizations.id', 'people.organizationId')
              .select(personColumns(properties))
              .select('organizations.name as organizationName')
              .select(invitationColumn(kind))
              .select([...keyColumns, ...count])
              .where(where)
              .orderBy(order)
              .limit(limit)
              .execute()
          : await db.kysely
              .selectFrom('people')
              .select(['people.id', ...keyColumns, ...count])
              .where(where)
              .orderBy(order)
              .limit(limit)
              .offset(offset)
              .execute();
      if (rows.length > 0 && count.length > 0) countedHere = Number(rows[0]!.countedTotal);
      return rows.map((r) => ({
        keys: keys.map((_, i) => r[`k${i}`] as string | number),
        id: Number(r.id),
        ...(offset === 0 ? { row: r as unknown as PersonRow } : {}),
      }));
    };
    if (!position) found = await sorted([], pageSize + 1);
    else if (db.dialect === 'postgres') found = await sorted([afterCursor(keys, position, descending)], pageSize + 1);
    else {
      // SQLite walks an index from a row value only for plain columns, and then seeks by the
      // sort keys alone, reading every tie before the cursor's id. Split into ranges it seeks
      // exactly: the cursor's keys with a later id, then each key in turn past the cursor's.
      const beyond = sql.raw(descending ? '<' : '>');
      found = [];
      for (let level = keys.length; level >= 0 && found.length <= pageSize; level--) {
        const after = keys.slice(0, level).map((k, i) => sql<SqlBool>`${k} = ${position.keys[i]}`);
        after.push(
          level === keys.length
            ? sql<SqlBool>`people.id ${beyond} ${position.id}`
            : sql<SqlBool>`${keys[level]!} ${beyond} ${position.keys[level]}`,
        );
        found.push(...(await sorted(after, pageSize + 1 - found.length, level)));
      }
    }
    // A page that came back empty carried no count: from the start of the list, there is nothing
    // to count; past the end, it is counted on its own.
    const emptyList = found.length === 0 && !position && offset === 0;
    counted ??= emptyList
      ? { total: 0, estimate: false }
      : countedHere === undefined
        ? await listTotal(db, list, totals, exactUpTo)
        : await totalFromCount(db, list, totals, exactUpTo, countedHere);
  }

  if (!counted) throw new Error('A people list ended without its total.');
  const shown = found.slice(0, pageSize);
  const missing = shown.filter((f) => !f.row).map((f) => f.id);
  const byId = new Map<number, PersonRow>(shown.flatMap((f) => (f.row ? [[f.id, f.row] as const] : [])));
  if (missing.length > 0) {
    // By id alone: the ids are the list's already, and a `kind` here would lead SQLite to walk a kind index instead.
    const rows = await db.kysely
      .selectFrom('people')
      .leftJoin('organizations', 'organizations.id', 'people.organizationId')
      .select(personColumns(properties))
      .select('organizations.name as organizationName')
      .select(invitationColumn(kind))
      .where('people.id', 'in', missing)
      .execute();
    for (const row of rows) byId.set(row.id, row);
  }
  const items = shown.flatMap((f) => {
    const row = byId.get(f.id);
    return row ? [toRecord(properties, row)] : [];
  });

  const last = shown[shown.length - 1];
  return {
    items,
    total: counted.total,
    page: position ? 1 : page,
    pageSize,
    ...(counted.estimate ? { totalIsEstimate: true as const } : {}),
    ...(found.length > pageSize && last ? { nextCursor: encodeCursor(list, { keys: last.keys, id: last.id }) } : {}),
  };
}

export async function getPerson(db: Database, kind: PeopleKind, id: number): Promise<PersonRecord> {
  const properties = await listProperties(db, kind);
  const row = await baseQuery(db, kind)
    .select(personColumns(properties))
    .select('organizations.name as organizationName')
    .select(invitationColumn(kind))
    .where('people.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound(`${kind === 'users' ? 'User' : 'Customer'} ${id}`);
  return toRecord(properties, row);
}

/** Looks a person up by email, whatever its case and whichever kind they are. */
export async function findPersonByEmail(
  db: Database,
  email: string,
): Promise<
  | {
      id: number;
      kind: 'user' | 'customer';
      email: string;
      role: string | null;
      status: string;
      passwordHash: string | null;
      firstName: string;
      lastName: string;
    }
  | undefined
> {
  return db.kysely
    .selectFrom('people')
    .select(['id', 'kind', 'email', 'role', 'status', 'passwordHash', 'firstName', 'lastName'])
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

async function columnValues(
  db: Database,
  kind: PeopleKind,
  properties: Property[],
  input: Record<string, unknown>,
  partial: boolean,
  stored?: PersonRecord,
) {
  const settings = await getSettings(db);
  const { values, e164 } = normalizeInput(properties, input, {
    partial,
    defaultCountry: settings.defaultCountry,
    ...(stored ? { stored } : {}),
  });
  const columns: Record<string, string | null> = {};
  for (const p of properties) {
    if (!Object.hasOwn(values, p.key) || p.key === 'organization') continue;
    columns[personField(p)!] = values[p.key]!;
  }
  if (Object.hasOwn(e164, 'phone')) columns.phoneE164 = e164.phone!;
  if (Object.hasOwn(e164, 'mobile')) columns.mobileE164 = e164.mobile!;
  if (kind === 'users' && !partial && !columns.role) columns.role = 'agent';
  return { columns, values, settings };
}

/**
 * Says which person already holds `email`, when that is why a write failed: `error` is undefined
 * (found before writing) or a unique violation. Any other failure is rethrown as it is, so that it
 * is never mistaken for an email conflict.
 */
async function explainEmailConflict(db: Database, email: string, error: unknown, self?: number): Promise<never> {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- the driver's own error, rethrown as it is
  if (error !== undefined && !isUniqueViolation(error)) throw error;
  const other = await findPersonByEmail(db, email);
  if (other && other.id !== self) {
    throw new RosterError(
      'conflict',
      other.kind === 'user'
        ? `${email} already belongs to a user; one email is a user or a customer, never both.`
        : `${email} already belongs to a customer; one email is a user or a customer, never both.`,
      { field: 'email' },
      { cause: error },
    );
  }
  throw error;
}

export async function createPerson(
  db: Database,
  kind: PeopleKind,
  input: Record<string, unknown>,
  options: { customOptional?: boolean } = {},
): Promise<PersonRecord> {
  const listed = await listProperties(db, kind);
  // `customOptional`: a person the system itself creates (an admin from the command line) cannot be
  // held back by a property an admin marked required, which the command has no option for.
  const properties = options.customOptional ? listed.map((p) => (p.custom ? { ...p, required: false } : p)) : listed;
  const { columns, values, settings } = await columnValues(db, kind, properties, input, false);
  const email = values.email!;
  const existing = await findPersonByEmail(db, email);
  if (existing) await explainEmailConflict(db, email, undefined);
  const t = now();
  let id: number;
  try {
    id = await db.kysely.transaction().execute(async (trx) => {
      const organizationId =
        kind === 'customers'
          ? await resolveCustomerOrganization(trx, { organizationName: values.organization ?? null, email }, settings)
          : null;
      const row = await trx
        .insertInto('people')
        .values(
          propertyWrite<Insertable<PeopleTable>>({
            ...columns,
            kind: kindValue(kind),
            status: columns.status ?? 'active',
            organizationId,
            createdAt: t,
            updatedAt: t,
          }),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      // Imported tickets that named this email wait for this person (pending-links.ts).
      await linkPendingTickets({ ...db, kysely: trx });
      return row.id;
    });
  } catch (error) {
    return explainEmailConflict(db, email, error);
  }
  return getPerson(db, kind, id);
}

export async function updatePerson(db: Database, kind: PeopleKind, id: number, input: Record<string, unknown>): Promise<PersonRecord> {
  const before = await getPerson(db, kind, id);
  const properties = await listProperties(db, kind);
  const { columns, values, settings } = await columnValues(db, kind, properties, input, true, before);
  if (values.email && values.email !== before.email) {
    const other = await findPersonByEmail(db, values.email);
    if (other && other.id !== id) await explainEmailConflict(db, values.email, undefined);
  }
  try {
    await db.kysely.transaction().execute(async (trx) => {
      if (kind === 'users') {
        const change = {
          ...(Object.hasOwn(columns, 'role') ? { role: columns.role } : {}),
          ...(Object.hasOwn(columns, 'status') ? { status: columns.status } : {}),
        };
        await keepAnAdmin(trx, db.dialect, id, change);
      }
      const changes: Record<string, unknown> = { ...columns, updatedAt: now(), importId: null };
      if (kind === 'customers' && Object.hasOwn(values, 'organization')) {
        changes.organizationId = values.organization
          ? await resolveCustomerOrganization(
              trx,
              { organizationName: values.organization, email: String(values.email ?? before.email) },
              settings,
            )
          : null;
      }
      await trx
        .updateTable('people')
        .set(propertyWrite<Updateable<PeopleTable>>(changes))
        .where('id', '=', id)
        .where('kind', '=', kindValue(kind))
        .execute();
      // A new email may be one that imported tickets wait for.
      if (values.email && values.email !== before.email) await linkPendingTickets({ ...db, kysely: trx });
    });
  } catch (error) {
    return explainEmailConflict(db, String(values.email ?? before.email), error, id);
  }
  return getPerson(db, kind, id);
}

export async function deactivatePerson(db: Database, kind: PeopleKind, id: number): Promise<PersonRecord> {
  return updatePerson(db, kind, id, { status: 'deactivated' });
}

export async function deletePerson(db: Database, kind: PeopleKind, id: number): Promise<void> {
  const result = await db.kysely.transaction().execute(async (trx) => {
    if (kind === 'users') await keepAnAdmin(trx, db.dialect, id, 'deleted');
    return trx.deleteFrom('people').where('id', '=', id).where('kind', '=', kindValue(kind)).executeTakeFirst();
  });
  if (Number(result.numDeletedRows) === 0) throw notFound(`${kind === 'users' ? 'User' : 'Customer'} ${id}`);
}
