import { sql, type Selectable, type Transaction, type Updateable } from 'kysely';
import { RosterError, conflict, notFound, validationError } from '../../core/errors.js';
import { emailDomain } from '../../core/email.js';
import { isFreeMailDomain } from '../../core/free-mail-domains.js';
import type { Property } from '../../core/properties.js';
import { InputError, normalizeInput, type FieldProblem } from '../../core/record-input.js';
import { toJsonValue } from '../../core/values.js';
import type { Database } from '../database.js';
import type { OrganizationsTable, Tables } from '../schema.js';
import { VALUE_LIMITS, clip, tooLong } from '../../core/value-limits.js';
import { containsLike } from './contains-like.js';
import { customField, type CustomColumns } from './custom-fields.js';
import { now } from './now.js';
import { listProperties } from './properties.js';
import { getSettings, type Settings } from './settings.js';

type Executor = Database['kysely'] | Transaction<Tables>;

/**
 * An organization as the API, the CLI and exports show it: `id`, `name`, `domains`, then one key
 * per custom property (typed like people's), then the timestamps.
 */
export type OrganizationRecord = {
  id: number;
  name: string;
  domains: string[];
  createdAt: string;
  updatedAt: string;
} & { [key: string]: string | number | boolean | null };

/** What create and update accept: `name`, `domains` (a list or a comma-separated text) and custom property keys. */
export type OrganizationInput = Record<string, unknown>;

export interface ListOptions {
  page?: number;
  pageSize?: number;
  search?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

function cleanDomains(input: unknown): string[] {
  const list = Array.isArray(input) ? input : typeof input === 'string' ? input.split(/[,;\s]+/) : [];
  const domains = [...new Set(list.map((d) => String(d).trim().toLowerCase().replace(/^@/, '')).filter((d) => d !== ''))];
  for (const d of domains) if (!DOMAIN.test(d)) throw validationError('domains', `"${clip(d)}" is not an email domain.`);
  const length = domains.join(',').length;
  if (length > VALUE_LIMITS.long)
    throw validationError('domains', `Email Domains: ${tooLong(length, VALUE_LIMITS.long, 'Email Domains')}.`);
  return domains;
}

type OrganizationRow = Selectable<OrganizationsTable>;

function customOnly(properties: readonly Property[]): Property[] {
  return properties.filter((p) => p.custom);
}

async function withDomains(db: Executor, properties: readonly Property[], rows: OrganizationRow[]): Promise<OrganizationRecord[]> {
  if (rows.length === 0) return [];
  const domains = await db
    .selectFrom('organizationDomains')
    .selectAll()
    .where(
      'organizationId',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('domain')
    .execute();
  return rows.map((r) => {
    const record: Record<string, unknown> = {
      id: r.id,
      name: r.name,
      domains: domains.filter((d) => d.organizationId === r.id).map((d) => d.domain),
    };
    for (const p of customOnly(properties)) record[p.key] = toJsonValue(p, r[customField(p.key)]);
    // Timestamps last, as the documented record shape (docs/cli.md) has them.
    record.createdAt = r.createdAt;
    record.updatedAt = r.updatedAt;
    return record as OrganizationRecord;
  });
}

/** One page of organizations by name, with their domains and custom values. */
export async function listOrganizations(db: Database, options: ListOptions = {}): Promise<Page<OrganizationRecord>> {
  const properties = await listProperties(db, 'organizations');
  const page = Math.max(1, options.page ?? 1);
  const pageSize = Math.min(500, Math.max(1, options.pageSize ?? 50));
  let query = db.kysely.selectFrom('organizations');
  if (options.search) query = query.where(containsLike(sql`lower(name)`, options.search.toLowerCase()));
  const total = Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const rows: OrganizationRow[] = await query
    .selectAll()
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { items: await withDomains(db.kysely, properties, rows), total, page, pageSize };
}

/** One organization by id, with its domains and custom values; not_found when there is none. */
export async function getOrganization(db: Database, id: number): Promise<OrganizationRecord> {
  const properties = await listProperties(db, 'organizations');
  const row: OrganizationRow | undefined = await db.kysely.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`Organization ${id}`);
  return (await withDomains(db.kysely, properties, [row]))[0]!;
}

export async function findOrganizationByName(db: Executor, name: string): Promise<{ id: number; name: string } | undefined> {
  return db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where(sql`lower(name)`, '=', name.trim().toLowerCase())
    .executeTakeFirst();
}

async function setDomains(db: Executor, organizationId: number, domains: string[]): Promise<void> {
  if (domains.length > 0) {
    const taken = await db
      .selectFrom('organizationDomains')
      .selectAll()
      .where('domain', 'in', domains)
      .where('organizationId', '!=', organizationId)
      .executeTakeFirst();
    if (taken) throw conflict(`The domain ${taken.domain} already belongs to another organization.`, 'domains');
  }
  await db.deleteFrom('organizationDomains').where('organizationId', '=', organizationId).execute();
  if (domains.length > 0)
    await db
      .insertInto('organizationDomains')
      .values(domains.map((domain) => ({ domain, organizationId })))
      .execute();
}

interface CheckedInput {
  name?: string;
  domains?: string[];
  /** Custom values by Kysely field (`xLoyaltyTier`), in their stored text form. */
  columns: CustomColumns;
}

/**
 * Checks a create or update against the organization properties: `name` and `domains` by their
 * own rules, custom keys through normalizeInput like people's. Every problem is reported at once,
 * each naming its field; `partial` (an update) leaves absent fields alone.
 */
async function checkInput(db: Database, input: OrganizationInput, partial: boolean): Promise<CheckedInput> {
  const properties = customOnly(await listProperties(db, 'organizations'));
  const problems: FieldProblem[] = [];
  const checked: CheckedInput = { columns: {} };
  if (!partial || input.name !== undefined) {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name === '') problems.push({ field: 'name', message: 'Name is required.' });
    else if (name.length > VALUE_LIMITS.name)
      problems.push({ field: 'name', message: `Name: ${tooLong(name.length, VALUE_LIMITS.name, 'Name')}.` });
    else checked.name = name;
  }
  if (input.domains !== undefined) {
    try {
      checked.domains = cleanDomains(input.domains);
    } catch (error) {
      if (!(error instanceof RosterError)) throw error;
      problems.push({ field: 'domains', message: error.message });
    }
  }
  try {
    const { defaultCountry } = await getSettings(db);
    const { values } = normalizeInput(properties, input, { partial, defaultCountry, ignore: ['name', 'domains'] });
    for (const [key, value] of Object.entries(values)) checked.columns[customField(key)] = value;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0) throw new InputError(problems);
  return checked;
}

/** Creates an organization; its name is unique whatever its case, and each domain belongs to one organization. */
export async function createOrganization(db: Database, input: OrganizationInput): Promise<OrganizationRecord> {
  const { name, domains, columns } = await checkInput(db, input, false);
  const id = await db.kysely.transaction().execute(async (trx) => {
    if (await findOrganizationByName(trx, name!)) throw conflict(`An organization named "${name}" already exists.`, 'name');
    const t = now();
    const row = await trx
      .insertInto('organizations')
      .values({ ...columns, name: name!, createdAt: t, updatedAt: t, importId: null, createdImportId: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await setDomains(trx, row.id, domains ?? []);
    return row.id;
  });
  return getOrganization(db, id);
}

/** Changes the given fields of an organization; absent fields stay, `null` clears a custom value. */
export async function updateOrganization(db: Database, id: number, input: OrganizationInput): Promise<OrganizationRecord> {
  await getOrganization(db, id);
  const { name, domains, columns } = await checkInput(db, input, true);
  await db.kysely.transaction().execute(async (trx) => {
    const changes: Updateable<OrganizationsTable> = { ...columns, updatedAt: now(), importId: null };
    if (name !== undefined) {
      const other = await findOrganizationByName(trx, name);
      if (other && other.id !== id) throw conflict(`An organization named "${name}" already exists.`, 'name');
      changes.name = name;
    }
    await trx.updateTable('organizations').set(changes).where('id', '=', id).execute();
    if (domains !== undefined) await setDomains(trx, id, domains);
  });
  return getOrganization(db, id);
}

export async function deleteOrganization(db: Database, id: number): Promise<void> {
  const result = await db.kysely.deleteFrom('organizations').where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound(`Organization ${id}`);
}

/** The id of the organization of this name (case aside), created if there is none. */
export async function namedOrganizationId(trx: Executor, name: string): Promise<number> {
  const existing = await findOrganizationByName(trx, name);
  if (existing) return existing.id;
  const t = now();
  const row = await trx
    .insertInto('organizations')
    .values({ name, createdAt: t, updatedAt: t, importId: null, createdImportId: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Finds the organization a customer belongs to: the named one (created if missing), or else the
 * one that owns the email's domain, or else, when the setting allows and the domain is not a
 * public mail provider, a new organization named after the domain. Settings are passed in
 * because this runs inside the caller's transaction (SQLite has one connection: a read outside
 * the transaction would wait for it forever).
 */
export async function resolveCustomerOrganization(
  trx: Executor,
  input: { organizationName?: string | null; email: string },
  settings: Pick<Settings, 'autoCreateOrganizations'>,
): Promise<number | null> {
  const name = input.organizationName?.trim();
  const t = now();
  if (name) return namedOrganizationId(trx, name);
  const domain = emailDomain(input.email);
  if (!domain || isFreeMailDomain(domain)) return null;
  const owner = await trx.selectFrom('organizationDomains').select('organizationId').where('domain', '=', domain).executeTakeFirst();
  if (owner) return owner.organizationId;
  if (!settings.autoCreateOrganizations) return null;
  const sameName = await findOrganizationByName(trx, domain);
  const id =
    sameName?.id ??
    (
      await trx
        .insertInto('organizations')
        .values({ name: domain, createdAt: t, updatedAt: t, importId: null, createdImportId: null })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  await trx.insertInto('organizationDomains').values({ domain, organizationId: id }).execute();
  return id;
}
