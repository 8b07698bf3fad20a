import { sql, type Transaction } from 'kysely';
import { conflict, notFound, validationError } from '../../core/errors.js';
import { emailDomain } from '../../core/email.js';
import { isFreeMailDomain } from '../../core/free-mail-domains.js';
import type { Database } from '../database.js';
import type { Tables } from '../schema.js';
import { now } from './now.js';
import type { Settings } from './settings.js';

type Executor = Database['kysely'] | Transaction<Tables>;

export interface OrganizationRecord {
  id: number;
  name: string;
  domains: string[];
  createdAt: string;
  updatedAt: string;
}

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
  for (const d of domains) if (!DOMAIN.test(d)) throw validationError('domains', `"${d}" is not an email domain.`);
  return domains;
}

async function withDomains(
  db: Executor,
  rows: { id: number; name: string; createdAt: string; updatedAt: string }[],
): Promise<OrganizationRecord[]> {
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
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    domains: domains.filter((d) => d.organizationId === r.id).map((d) => d.domain),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }));
}

export async function listOrganizations(db: Database, options: ListOptions = {}): Promise<Page<OrganizationRecord>> {
  const page = Math.max(1, options.page ?? 1);
  const pageSize = Math.min(500, Math.max(1, options.pageSize ?? 50));
  let query = db.kysely.selectFrom('organizations');
  if (options.search) query = query.where(sql`lower(name)`, 'like', `%${options.search.toLowerCase()}%`);
  const total = Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await query
    .select(['id', 'name', 'createdAt', 'updatedAt'])
    .orderBy(sql`lower(name)`)
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { items: await withDomains(db.kysely, rows), total, page, pageSize };
}

export async function getOrganization(db: Database, id: number): Promise<OrganizationRecord> {
  const row = await db.kysely
    .selectFrom('organizations')
    .select(['id', 'name', 'createdAt', 'updatedAt'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound(`Organization ${id}`);
  return (await withDomains(db.kysely, [row]))[0]!;
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

export async function createOrganization(db: Database, input: { name?: unknown; domains?: unknown }): Promise<OrganizationRecord> {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '') throw validationError('name', 'Name is required.');
  const domains = cleanDomains(input.domains);
  const id = await db.kysely.transaction().execute(async (trx) => {
    if (await findOrganizationByName(trx, name)) throw conflict(`An organization named "${name}" already exists.`, 'name');
    const t = now();
    const row = await trx
      .insertInto('organizations')
      .values({ name, createdAt: t, updatedAt: t, importId: null, createdImportId: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await setDomains(trx, row.id, domains);
    return row.id;
  });
  return getOrganization(db, id);
}

export async function updateOrganization(
  db: Database,
  id: number,
  input: { name?: unknown; domains?: unknown },
): Promise<OrganizationRecord> {
  await getOrganization(db, id);
  await db.kysely.transaction().execute(async (trx) => {
    const changes: { name?: string; updatedAt: string; importId: null } = { updatedAt: now(), importId: null };
    if (input.name !== undefined) {
      const name = typeof input.name === 'string' ? input.name.trim() : '';
      if (name === '') throw validationError('name', 'Name is required.');
      const other = await findOrganizationByName(trx, name);
      if (other && other.id !== id) throw conflict(`An organization named "${name}" already exists.`, 'name');
      changes.name = name;
    }
    await trx.updateTable('organizations').set(changes).where('id', '=', id).execute();
    if (input.domains !== undefined) await setDomains(trx, id, cleanDomains(input.domains));
  });
  return getOrganization(db, id);
}

export async function deleteOrganization(db: Database, id: number): Promise<void> {
  const result = await db.kysely.deleteFrom('organizations').where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound(`Organization ${id}`);
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
  if (name) {
    const existing = await findOrganizationByName(trx, name);
    if (existing) return existing.id;
    const row = await trx
      .insertInto('organizations')
      .values({ name, createdAt: t, updatedAt: t, importId: null, createdImportId: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
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
