import { expressionBuilder, sql, type Expression, type Insertable, type Selectable, type SqlBool, type Updateable } from 'kysely';
import { RosterError, notFound, validationError } from '../../core/errors.js';
import { sortKeys, type Property } from '../../core/properties.js';
import { normalizeInput } from '../../core/record-input.js';
import { toJsonValue } from '../../core/values.js';
import type { Database } from '../database.js';
import type { Tables, TicketsTable } from '../schema.js';
import { containsLike } from './contains-like.js';
import { customField, fieldValue, propertyWrite } from './custom-fields.js';
import { isUniqueViolation } from '../imports/sql-runner.js';
import { now } from './now.js';
import { namedOrganizationId, type Page } from './organizations.js';
import { findPersonByEmail } from './people.js';
import { listProperties } from './properties.js';
import { getSettings } from './settings.js';

/** A ticket as the API and the CLI show it; the customer and assignee appear by email. */
export type TicketRecord = { id: number } & Record<string, string | number | boolean | null>;

export interface TicketListOptions {
  page?: number;
  pageSize?: number;
  /** Case-insensitive "contains" on the title. */
  search?: string;
  status?: string;
  customerId?: number;
  /** A user's id, or `unassigned`: linked to no user (a ticket waiting for its assignee included). */
  assigneeId?: number | 'unassigned';
  /** true: created by an import; false: created any other way. */
  imported?: boolean;
  /** Created by this import. */
  importId?: number;
  /** true: waiting for its customer or its assignee to be created; false: waiting for nobody. */
  pending?: boolean;
  sort?: string;
  order?: 'asc' | 'desc';
}

/** A ticket as baseQuery reads one: every column, and the emails and names of its customer and assignee. */
type TicketRow = Selectable<TicketsTable> & {
  customerEmail: string | null;
  assigneeEmail: string | null;
  customerName: string | null;
  assigneeName: string | null;
  organization: string | null;
};

/** Properties read from another table (the people's emails, the organization's name), not a column of the ticket. */
const JOINED = new Set(['customerEmail', 'assigneeEmail', 'organization']);
const SORTABLE = sortKeys('tickets');

function toRecord(properties: Property[], row: TicketRow): TicketRecord {
  const record: TicketRecord = { id: row.id };
  for (const p of properties) {
    record[p.key] = JOINED.has(p.key)
      ? (fieldValue(row, p.key) ?? null)
      : toJsonValue(p, fieldValue(row, p.custom ? customField(p.key) : p.key));
  }
  record.customerId = row.customerId;
  record.customerName = row.customerName;
  record.assigneeId = row.assigneeId;
  record.assigneeName = row.assigneeName;
  // An imported ticket that named someone who does not exist yet waits for them (linkPendingTickets).
  record.pendingCustomerEmail = row.pendingCustomerEmail;
  record.pendingAssigneeEmail = row.pendingAssigneeEmail;
  record.createdImportId = row.createdImportId;
  record.createdAt = row.createdAt;
  record.updatedAt = row.updatedAt;
  return record;
}

function baseQuery(db: Database) {
  return db.kysely
    .selectFrom('tickets')
    .leftJoin('people as customer', 'customer.id', 'tickets.customerId')
    .leftJoin('people as assignee', 'assignee.id', 'tickets.assigneeId')
    .leftJoin('organizations as organization', 'organization.id', 'tickets.organizationId')
    .selectAll('tickets')
    .select(['customer.email as customerEmail', 'assignee.email as assigneeEmail', 'organization.name as organization'])
    .select((eb) => [
      eb.fn<string | null>('trim', [sql`customer.first_name || ' ' || customer.last_name`]).as('customerName'),
      eb.fn<string | null>('trim', [sql`assignee.first_name || ' ' || assignee.last_name`]).as('assigneeName'),
    ]);
}

/**
 * The WHERE of a ticket list, written once for its count and its page. Each filter has an index:
 * status (tickets_status_number, which also gives the order by number), customer and assignee
 * (tickets_customer, tickets_assignee; `IS NULL` reads the same index), import
 * (tickets_created_import), and pending (the partial indexes tickets_pending_customer and
 * tickets_pending_assignee, which hold only waiting tickets, so the OR is two small index reads).
 * The title search, and the complements `pending: false` and `imported: false`, scan what the
 * other filters leave.
 */
export function ticketFilter(options: TicketListOptions): Expression<SqlBool> {
  const eb = expressionBuilder<Tables, 'tickets'>();
  const conditions: Expression<SqlBool>[] = [];
  const search = options.search?.trim();
  if (search) conditions.push(containsLike(sql`lower(tickets.title)`, search.toLowerCase()));
  if (options.status) conditions.push(eb('tickets.status', '=', options.status));
  if (options.customerId !== undefined) conditions.push(eb('tickets.customerId', '=', options.customerId));
  if (options.assigneeId === 'unassigned') conditions.push(eb('tickets.assigneeId', 'is', null));
  else if (options.assigneeId !== undefined) conditions.push(eb('tickets.assigneeId', '=', options.assigneeId));
  if (options.importId !== undefined) conditions.push(eb('tickets.createdImportId', '=', options.importId));
  if (options.imported !== undefined) conditions.push(eb('tickets.createdImportId', options.imported ? 'is not' : 'is', null));
  // A pending email is never empty, so `> ''` says IS NOT NULL in the form SQLite's OR optimization
  // reads through both partial indexes (it scans the table for an OR of IS NOT NULLs); PostgreSQL
  // proves the indexes' IS NOT NULL from the strict `>` either way.
  if (options.pending === true)
    conditions.push(eb.or([eb('tickets.pendingCustomerEmail', '>', ''), eb('tickets.pendingAssigneeEmail', '>', '')]));
  if (options.pending === false)
    conditions.push(eb.and([eb('tickets.pendingCustomerEmail', 'is', null), eb('tickets.pendingAssigneeEmail', 'is', null)]));
  return eb.and(conditions);
}

export async function listTickets(db: Database, options: TicketListOptions = {}): Promise<Page<TicketRecord>> {
  const properties = await listProperties(db, 'tickets');
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const pageSize = Math.min(500, Math.max(1, Math.floor(options.pageSize ?? 50)));
  const where = ticketFilter(options);
  const counted = await db.kysely
    .selectFrom('tickets')
    .where(where)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  const sort = options.sort && SORTABLE.has(options.sort) ? options.sort : 'number';
  const order = options.order === 'asc' ? 'asc' : 'desc';
  const rows = await baseQuery(db)
    .where(where)
    .orderBy(db.kysely.dynamic.ref(`tickets.${sort}`), order)
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { items: rows.map((r) => toRecord(properties, r)), total: Number(counted?.n ?? 0), page, pageSize };
}

export async function getTicket(db: Database, id: number): Promise<TicketRecord> {
  const properties = await listProperties(db, 'tickets');
  const row = await baseQuery(db).where('tickets.id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`Ticket ${id}`);
  return toRecord(properties, row);
}

async function personId(db: Database, email: string | null | undefined, kind: 'user' | 'customer', field: string): Promise<number | null> {
  if (!email) return null;
  const person = await findPersonByEmail(db, email);
  if (!person) throw validationError(field, `Nobody with the email ${email} exists.`);
  if (person.kind !== kind) throw validationError(field, `${email} is a ${person.kind}, not a ${kind}.`);
  return person.id;
}

/** A create or update request's fields in their stored form (the customer and assignee by id); `db` may be a transaction's. */
export async function ticketColumns(db: Database, input: Record<string, unknown>, partial: boolean): Promise<Record<string, unknown>> {
  const properties = await listProperties(db, 'tickets');
  // Old tickets keep their own timestamps; those are checked below rather than as properties.
  const { defaultCountry } = await getSettings(db);
  const { values } = normalizeInput(properties, input, { partial, defaultCountry, ignore: ['createdAt', 'updatedAt'] });
  const out: Record<string, unknown> = {};
  for (const p of properties) {
    if (!Object.hasOwn(values, p.key) || JOINED.has(p.key)) continue;
    out[p.custom ? customField(p.key) : p.key] = p.key === 'number' && values[p.key] !== null ? Number(values[p.key]) : values[p.key];
  }
  if (Object.hasOwn(values, 'customerEmail')) out.customerId = await personId(db, values.customerEmail, 'customer', 'customerEmail');
  if (Object.hasOwn(values, 'assigneeEmail')) out.assigneeId = await personId(db, values.assigneeEmail, 'user', 'assigneeEmail');
  // By name, as for customers: the organization of that name, created if there is none.
  if (Object.hasOwn(values, 'organization')) {
    const name = typeof values.organization === 'string' ? values.organization.trim() : '';
    out.organizationId = name === '' ? null : await namedOrganizationId(db.kysely, name);
  }
  for (const field of ['createdAt', 'updatedAt'] as const) {
    const value = input[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
      throw validationError(field, `${field} must be a date or date-time (ISO 8601).`);
    out[field] = new Date(value).toISOString();
  }
  return out;
}

/** PostgreSQL's statement of lockTicketNumbers (its key: any fixed number no other code uses), for a caller with its own runner. */
export const LOCK_TICKET_NUMBERS_SQL = 'SELECT pg_advisory_xact_lock(7310001)';

/**
 * On PostgreSQL, whatever numbers new tickets (an import's range, the API, a submission) holds
 * this transaction-level advisory lock before it reads the highest number, until it commits:
 * otherwise two of them, from one app instance or several, would read the same number and the
 * second's whole transaction would fail on the unique index. Taken first in its transaction, so
 * that no one holding it waits for a row that someone waiting for it has written. SQLite runs
 * one write transaction at a time already.
 */
export async function lockTicketNumbers(db: Database): Promise<void> {
  if (db.dialect === 'postgres') await sql.raw(LOCK_TICKET_NUMBERS_SQL).execute(db.kysely);
}

/** The next ticket number: one more than the highest so far. */
export async function nextTicketNumber(db: Database): Promise<number> {
  const row = await db.kysely
    .selectFrom('tickets')
    .select((eb) => eb.fn.max('number').as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

/** A new ticket's row: open and of normal priority unless `values` say otherwise, dated `t` unless they carry their own dates. */
export function newTicketRow(values: Record<string, unknown>, number: number, t: string): Insertable<TicketsTable> {
  return propertyWrite<Insertable<TicketsTable>>({
    status: 'open',
    priority: 'normal',
    createdAt: t,
    ...values,
    updatedAt: values.updatedAt ?? values.createdAt ?? t,
    number,
  });
}

export async function createTicket(db: Database, input: Record<string, unknown>): Promise<TicketRecord> {
  const values = await ticketColumns(db, input, false);
  const t = now();
  const insert = async (tdb: Database) => {
    if (values.number === undefined) await lockTicketNumbers(tdb);
    const number = (values.number as number | undefined) ?? (await nextTicketNumber(tdb));
    const row = await tdb.kysely
      .insertInto('tickets')
      .values(newTicketRow(values, number, t))
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  // PostgreSQL's lock lasts as long as a transaction. SQLite needs none; there another process (an
  // import from the CLI) may commit the same number between the read and the insert, which the
  // unique index catches and we try again (inside a transaction it would be SQLITE_BUSY instead).
  for (let attempt = 0; ; attempt++) {
    try {
      const id =
        db.dialect === 'postgres' ? await db.kysely.transaction().execute((trx) => insert({ ...db, kysely: trx })) : await insert(db);
      return getTicket(db, id);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (values.number !== undefined)
        throw new RosterError('conflict', `Ticket number ${values.number as number} is taken.`, { field: 'number' }, { cause: error });
      if (attempt >= 5) throw error;
    }
  }
}

export async function updateTicket(db: Database, id: number, input: Record<string, unknown>): Promise<TicketRecord> {
  await getTicket(db, id);
  const values = await ticketColumns(db, input, true);
  // A customer or assignee chosen by hand (or cleared) ends the wait for the one an import named:
  // linkPendingTickets would otherwise replace the choice when that person is created.
  if (Object.hasOwn(values, 'customerId')) values.pendingCustomerEmail = null;
  if (Object.hasOwn(values, 'assigneeId')) values.pendingAssigneeEmail = null;
  await db.kysely
    .updateTable('tickets')
    .set(propertyWrite<Updateable<TicketsTable>>({ ...values, updatedAt: values.updatedAt ?? now(), importId: null }))
    .where('id', '=', id)
    .execute();
  return getTicket(db, id);
}

export async function deleteTicket(db: Database, id: number): Promise<void> {
  const result = await db.kysely.deleteFrom('tickets').where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound(`Ticket ${id}`);
}
