import { notFound } from '../../core/errors.js';
import type { Database } from '../database.js';
import type { ImportTemplatesTable } from '../schema.js';
import { now } from './now.js';

/** A saved mapping as the import layer reads it (JSON columns parsed). */
export interface ImportTemplateRecord {
  id: number;
  entity: string;
  name: string;
  /** The header labels of the file the mapping was made for, in file order. */
  headers: string[];
  /** Header label → property key (or `fullName`), or null for a column left out. */
  mapping: Record<string, string | null>;
  /** Header label → date format. */
  dateFormats: Record<string, string>;
  onExisting: string;
  allOrNothing: boolean;
  /** Header label → value as written (lower case) → the choice stored. */
  valueMaps: Record<string, Record<string, string>>;
  /** Tickets: create a customer for a Customer Email that matches nobody. */
  createMissingCustomers: boolean;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What a save writes; the id and times are the database's. */
export type ImportTemplateInput = Omit<ImportTemplateRecord, 'id' | 'createdAt' | 'updatedAt'>;

type Row = Omit<ImportTemplatesTable, 'id'> & { id: number };

function toRecord(row: Row): ImportTemplateRecord {
  return {
    id: row.id,
    entity: row.entity,
    name: row.name,
    headers: JSON.parse(row.headers) as string[],
    mapping: JSON.parse(row.mapping) as Record<string, string | null>,
    dateFormats: JSON.parse(row.dateFormats) as Record<string, string>,
    onExisting: row.onExisting,
    allOrNothing: row.allOrNothing === 1,
    valueMaps: JSON.parse(row.valueMaps) as Record<string, Record<string, string>>,
    createMissingCustomers: row.createMissingCustomers === 1,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The saved templates of one record kind (every kind's without one), by kind then name. */
export async function listImportTemplateRecords(db: Database, entity?: string): Promise<ImportTemplateRecord[]> {
  let query = db.kysely.selectFrom('importTemplates').selectAll();
  if (entity !== undefined) query = query.where('entity', '=', entity);
  const rows = await query.orderBy('entity').orderBy('name').orderBy('id').execute();
  return rows.map(toRecord);
}

/** The template of that kind and name, if one is saved. */
export async function findImportTemplateRecord(db: Database, entity: string, name: string): Promise<ImportTemplateRecord | undefined> {
  const row = await db.kysely
    .selectFrom('importTemplates')
    .selectAll()
    .where('entity', '=', entity)
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/**
 * Saves a template, replacing the one of the same kind and name (its id, creator and creation
 * time stay). One statement on both dialects: the unique (entity, name) index decides, so two
 * saves of one name at once leave one template.
 */
export async function upsertImportTemplateRecord(
  db: Database,
  input: ImportTemplateInput,
): Promise<{ template: ImportTemplateRecord; replaced: boolean }> {
  const before = await findImportTemplateRecord(db, input.entity, input.name);
  const t = now();
  const values = {
    headers: JSON.stringify(input.headers),
    mapping: JSON.stringify(input.mapping),
    dateFormats: JSON.stringify(input.dateFormats),
    onExisting: input.onExisting,
    allOrNothing: input.allOrNothing ? 1 : 0,
    valueMaps: JSON.stringify(input.valueMaps),
    createMissingCustomers: input.createMissingCustomers ? 1 : 0,
    updatedAt: t,
  };
  const row = await db.kysely
    .insertInto('importTemplates')
    .values({ entity: input.entity, name: input.name, createdBy: input.createdBy, createdAt: t, ...values })
    .onConflict((oc) => oc.columns(['entity', 'name']).doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
  return { template: toRecord(row), replaced: before !== undefined };
}

/** Deletes a template by id; `not_found` when there is none. */
export async function deleteImportTemplateRecord(db: Database, id: number): Promise<ImportTemplateRecord> {
  const row = await db.kysely.deleteFrom('importTemplates').where('id', '=', id).returningAll().executeTakeFirst();
  if (!row) throw notFound(`Import template ${id}`);
  return toRecord(row);
}
