import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import { RosterError, notFound } from '../../core/errors.js';
import { sortKeys, type Property } from '../../core/properties.js';
import { normalizeInput } from '../../core/record-input.js';
import type { PersonSource } from '../../core/person-source.js';
import { personKindOf, type RecordKind } from '../../core/record-kind.js';
import { toJsonValue } from '../../core/values.js';
import type { Database } from '../database.js';
import type { PeopleTable } from '../schema.js';
import { isUniqueViolation } from '../imports/sql-runner.js';
import { containsLike } from './contains-like.js';
import { customField, fieldValue, propertyWrite } from './custom-fields.js';
import { keepAnAdmin } from './last-admin.js';
import { now } from './now.js';
import { linkPendingTickets } from './pending-links.js';
import type { Page } from './organizations.js';
import { resolveCustomerOrganization } from './organizations.js';
import { listProperties } from './properties.js';
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
  page?: number;
  pageSize?: number;
  search?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  organizationId?: number;
  status?: string;
}

/** A person as baseQuery reads one: every column, and the name of their organization. */
type PersonRow = Selectable<PeopleTable> & { organizationName: string | null; invitationExpiresAt: string | null };

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

export async function listPeople(db: Database, kind: PeopleKind, options: PeopleListOptions = {}): Promise<Page<PersonRecord>> {
  const properties = await listProperties(db, kind);
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const pageSize = Math.min(500, Math.max(1, Math.floor(options.pageSize ?? 50)));
  let query = baseQuery(db, kind);
  if (options.search?.trim()) {
    const term = options.search.trim().toLowerCase();
    query = query.where((eb) =>
      eb.or([
        containsLike(sql`lower(people.email)`, term),
        containsLike(sql`lower(people.first_name || ' ' || people.last_name)`, term),
        containsLike(sql`lower(people.last_name || ' ' || people.first_name)`, term),
      ]),
    );
  }
  if (options.organizationId !== undefined) query = query.where('people.organizationId', '=', options.organizationId);
  if (options.status) query = query.where('people.status', '=', options.status);
  const counted = await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const total = Number(counted?.n ?? 0);
  const sort = options.sort && sortKeys(kind).has(options.sort) ? options.sort : 'lastName';
  const order = options.order === 'desc' ? 'desc' : 'asc';
  const rows = await query
    .selectAll('people')
    .select('organizations.name as organizationName')
    .select(pendingInvitationExpiry)
    .orderBy(db.kysely.dynamic.ref(`people.${sort}`), order)
    .orderBy('people.id', order)
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { items: rows.map((r) => toRecord(properties, r)), total, page, pageSize };
}

export async function getPerson(db: Database, kind: PeopleKind, id: number): Promise<PersonRecord> {
  const properties = await listProperties(db, kind);
  const row = await baseQuery(db, kind)
    .selectAll('people')
    .select('organizations.name as organizationName')
    .select(pendingInvitationExpiry)
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

async function columnValues(db: Database, kind: PeopleKind, properties: Property[], input: Record<string, unknown>, partial: boolean) {
  const settings = await getSettings(db);
  const { values, e164 } = normalizeInput(properties, input, { partial, defaultCountry: settings.defaultCountry });
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

export async function createPerson(db: Database, kind: PeopleKind, input: Record<string, unknown>): Promise<PersonRecord> {
  const properties = await listProperties(db, kind);
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
  const { columns, values, settings } = await columnValues(db, kind, properties, input, true);
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
