import { sql } from 'kysely';
import { RosterError, conflict, validationError } from '../../core/errors.js';
import {
  BUILT_IN_NAMES,
  CUSTOM_KEY_PATTERN,
  PROPERTY_TYPES,
  customColumnName,
  reservedKeys,
  standardProperties,
  type Property,
  type PropertyType,
} from '../../core/properties.js';
import type { RecordKind } from '../../core/record-kind.js';
import { postgresColumnCount } from '../dialects/postgres.js';
import { sqliteColumnCount } from '../dialects/sqlite.js';
import type { Database } from '../database.js';
import { now } from './now.js';

/** The table that stores each record kind; users and customers share `people`. */
export function tableOf(kind: RecordKind): 'people' | 'organizations' | 'tickets' {
  return kind === 'users' || kind === 'customers' ? 'people' : kind;
}

/** Every property of a record kind: the standard ones, then the custom ones in creation order. */
export async function listProperties(db: Database, kind: RecordKind): Promise<Property[]> {
  const rows = await db.kysely.selectFrom('properties').selectAll().where('entity', '=', kind).orderBy('id').execute();
  return [
    ...standardProperties(kind),
    ...rows.map((r) => ({
      key: r.key,
      label: r.label,
      type: r.type as PropertyType,
      required: false,
      custom: true,
      ...(r.choices ? { choices: JSON.parse(r.choices) as string[] } : {}),
    })),
  ];
}

export interface NewProperty {
  key: string;
  label: string;
  type: PropertyType;
  choices?: string[];
}

function checkChoices(type: PropertyType, choices: string[] | undefined): string[] | undefined {
  if (type !== 'choice') {
    if (choices && choices.length > 0) throw validationError('choices', 'Only a choice property has choices.');
    return undefined;
  }
  const cleaned = [...new Set((choices ?? []).map((c) => c.trim()).filter((c) => c !== ''))];
  if (cleaned.length === 0) throw validationError('choices', 'A choice property needs at least one choice.');
  return cleaned;
}

/**
 * Adds a custom property and the column that stores it. The column is plain text on both
 * dialects: values are normalised before they are stored, and text keeps leading zeros.
 */
export async function addProperty(db: Database, kind: RecordKind, input: NewProperty): Promise<Property> {
  const key = input.key.trim();
  const label = input.label.trim();
  if (!CUSTOM_KEY_PATTERN.test(key)) {
    throw validationError(
      'key',
      `The key "${key}" must start with a lower-case letter and hold only letters and digits (camelCase, at most 40).`,
    );
  }
  if (BUILT_IN_NAMES.has(key)) {
    throw validationError(
      'key',
      `The key "${key}" is a name every JavaScript object already has, so Roster cannot store it; choose another key.`,
    );
  }
  if (reservedKeys(kind).has(key)) throw conflict(`"${key}" is a standard property of ${kind}; choose another key.`, 'key');
  if (label === '') throw validationError('label', 'A property needs a label.');
  if (!PROPERTY_TYPES.includes(input.type)) throw validationError('type', `The type must be one of ${PROPERTY_TYPES.join(', ')}.`);
  const choices = checkChoices(input.type, input.choices);
  const existing = await listProperties(db, kind);
  if (existing.some((p) => p.key === key)) throw conflict(`${kind} already have a property with the key "${key}".`, 'key');
  if (existing.some((p) => p.label.toLowerCase() === label.toLowerCase())) {
    throw conflict(`${kind} already have a property labelled "${label}".`, 'label');
  }

  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('properties')
      .values({ entity: kind, key, label, type: input.type, choices: choices ? JSON.stringify(choices) : null, createdAt: now() })
      .execute();
    // Users and customers share the people table, so the column may already exist for the other kind.
    const column = customColumnName(key);
    const table = tableOf(kind);
    const present = await columnExists(db, table, column, trx);
    if (!present) await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN ${sql.ref(column)} TEXT`.execute(trx);
  });
  return { key, label, type: input.type, required: false, custom: true, ...(choices ? { choices } : {}) };
}

async function columnExists(
  db: Database,
  table: string,
  column: string,
  executor: Parameters<ReturnType<typeof sql>['execute']>[0],
): Promise<boolean> {
  const query = db.dialect === 'postgres' ? postgresColumnCount(table, column) : sqliteColumnCount(table, column);
  const { rows } = await query.execute(executor);
  return (rows[0]?.n ?? 0) > 0;
}

/** Changes a custom property's label or choices. Its key and type never change (stored values depend on them). */
export async function changeProperty(
  db: Database,
  kind: RecordKind,
  key: string,
  changes: { label?: string; choices?: string[] },
): Promise<Property> {
  const all = await listProperties(db, kind);
  const property = all.find((p) => p.key === key);
  if (!property) throw new RosterError('not_found', `${kind} have no property with the key "${key}".`);
  if (!property.custom)
    throw new RosterError('validation', `"${key}" is a standard property; only custom properties can be changed.`, { field: 'key' });
  const label = changes.label?.trim() ?? property.label;
  if (label === '') throw validationError('label', 'A property needs a label.');
  if (all.some((p) => p.key !== key && p.label.toLowerCase() === label.toLowerCase())) {
    throw conflict(`${kind} already have a property labelled "${label}".`, 'label');
  }
  const choices = changes.choices !== undefined ? checkChoices(property.type, changes.choices) : property.choices;
  await db.kysely
    .updateTable('properties')
    .set({ label, choices: choices ? JSON.stringify(choices) : null })
    .where('entity', '=', kind)
    .where('key', '=', key)
    .execute();
  return { ...property, label, ...(choices ? { choices } : {}) };
}

/**
 * Removes a custom property: its definition goes and its values are erased from every record of
 * the kind, in one transaction. The column itself stays, empty (users and customers share the
 * people table, and an import that can still be undone may name it); adding the key again reuses
 * it. Returns the property removed and how many records had a value.
 */
export async function removeProperty(db: Database, kind: RecordKind, key: string): Promise<{ property: Property; values: number }> {
  const property = (await listProperties(db, kind)).find((p) => p.key === key);
  if (!property) throw new RosterError('not_found', `${kind} have no property with the key "${key}".`);
  if (!property.custom)
    throw new RosterError('validation', `"${key}" is a standard property; only custom properties can be removed.`, { field: 'key' });
  const table = tableOf(kind);
  const column = sql.ref(customColumnName(key));
  const personKind = kind === 'users' ? 'user' : kind === 'customers' ? 'customer' : undefined;
  const ofKind = personKind ? sql` AND kind = ${personKind}` : sql``;
  const values = await db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('properties').where('entity', '=', kind).where('key', '=', key).execute();
    const cleared = await sql`UPDATE ${sql.table(table)} SET ${column} = NULL WHERE ${column} IS NOT NULL${ofKind}`.execute(trx);
    return Number(cleared.numAffectedRows ?? 0);
  });
  return { property, values };
}
