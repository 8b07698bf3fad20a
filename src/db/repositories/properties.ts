import { sql, type Kysely } from 'kysely';
import { RosterError, conflict, validationError } from '../../core/errors.js';
import {
  BUILT_IN_NAMES,
  CUSTOM_KEY_PATTERN,
  PROPERTY_TYPES,
  customColumnName,
  reservedKeys,
  standardProperties,
  type ListedProperty,
  type Property,
  type PropertyType,
} from '../../core/properties.js';
import type { RecordKind } from '../../core/record-kind.js';
import { columnCount } from '../dialects/column-count.js';
import type { Database } from '../database.js';
import type { Tables } from '../schema.js';
import { now } from './now.js';

/** The table that stores each record kind; users and customers share `people`. */
export function tableOf(kind: RecordKind): 'people' | 'organizations' | 'tickets' {
  return kind === 'users' || kind === 'customers' ? 'people' : kind;
}

/**
 * Every property of a record kind, in the order an admin chose: by default the standard ones,
 * then the custom ones in creation order. Properties an order placed come first, in that order;
 * the others (a custom property added since) follow in their default order. A custom property is
 * required if an admin made it so; a standard one's requirement is fixed, and only a standard one
 * can be hidden from the web forms.
 */
export async function listProperties(db: Database, kind: RecordKind): Promise<ListedProperty[]> {
  // The custom properties and what an admin chose (migration 014; keys without a row keep their
  // defaults) in one round trip: every list and form asks for them.
  const { rows: both } = await sql<{
    setting: number;
    key: string;
    label: string | null;
    type: string | null;
    choices: string | null;
    position: number | null;
    required: number | null;
    hidden: number | null;
  }>`SELECT 0 AS setting, key, label, type, choices, NULL AS position, NULL AS required, NULL AS hidden, id
      FROM properties WHERE entity = ${kind}
    UNION ALL
    SELECT 1, key, NULL, NULL, NULL, position, required, hidden, NULL FROM property_settings WHERE entity = ${kind}
    ORDER BY setting, id`.execute(db.kysely);
  const rows = both.filter((r) => Number(r.setting) === 0);
  const settings = new Map(both.filter((r) => Number(r.setting) === 1).map((r) => [r.key, r]));
  const all: ListedProperty[] = [
    ...standardProperties(kind).map((p) => ({ ...p, hidden: !p.required && settings.get(p.key)?.hidden === 1 })),
    ...rows.map((r) => ({
      key: r.key,
      label: r.label!,
      type: r.type as PropertyType,
      required: settings.get(r.key)?.required === 1,
      custom: true,
      ...(r.choices ? { choices: JSON.parse(r.choices) as string[] } : {}),
      hidden: false,
    })),
  ];
  // Array.prototype.sort is stable: the unplaced keep their default order behind the placed.
  const place = (p: Property) => settings.get(p.key)?.position ?? Number.POSITIVE_INFINITY;
  return all.sort((a, b) => place(a) - place(b));
}

/** Finds a property of a kind, or says that there is none (not_found). */
async function findProperty(db: Database, kind: RecordKind, key: string): Promise<{ all: ListedProperty[]; property: ListedProperty }> {
  const all = await listProperties(db, kind);
  const property = all.find((p) => p.key === key);
  if (!property) throw new RosterError('not_found', `${kind} have no property with the key "${key}".`);
  return { all, property };
}

/** Stores some of an admin's choices for one property, leaving the others as they were. */
async function saveSettings(
  executor: Kysely<Tables>,
  kind: RecordKind,
  key: string,
  change: { position?: number; required?: boolean; hidden?: boolean },
): Promise<void> {
  const set = {
    ...(change.position !== undefined ? { position: change.position } : {}),
    ...(change.required !== undefined ? { required: change.required ? 1 : 0 } : {}),
    ...(change.hidden !== undefined ? { hidden: change.hidden ? 1 : 0 } : {}),
  };
  await executor
    .insertInto('propertySettings')
    .values({ entity: kind, key, position: null, required: 0, hidden: 0, ...set })
    .onConflict((oc) => oc.columns(['entity', 'key']).doUpdateSet(set))
    .execute();
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
export async function addProperty(db: Database, kind: RecordKind, input: NewProperty): Promise<ListedProperty> {
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
  return { key, label, type: input.type, required: false, custom: true, ...(choices ? { choices } : {}), hidden: false };
}

async function columnExists(
  db: Database,
  table: string,
  column: string,
  executor: Parameters<ReturnType<typeof sql>['execute']>[0],
): Promise<boolean> {
  const query = columnCount(db.dialect, table, column);
  const { rows } = await query.execute(executor);
  return (rows[0]?.n ?? 0) > 0;
}

export interface PropertyChange {
  label?: string;
  choices?: string[];
  required?: boolean;
  hidden?: boolean;
}

/**
 * Changes a property. A custom one takes a new label, choices, or whether it is required; its
 * key and type never change (stored values depend on them). A standard one can only be hidden
 * from the web forms or shown again, unless it is required (Email, a ticket's Title, …), which
 * every form must ask for. Making a custom property required asks for it when a record is
 * created; records that have no value keep none until someone gives one, and an update that
 * leaves it out still works (only clearing it is refused).
 */
export async function changeProperty(db: Database, kind: RecordKind, key: string, changes: PropertyChange): Promise<ListedProperty> {
  const { all, property } = await findProperty(db, kind, key);
  if (!property.custom) return changeStandard(db, kind, property, changes);
  if (changes.hidden !== undefined)
    throw validationError(
      'hidden',
      `"${property.label}" is a custom property: it cannot be hidden, only removed (or left optional, so forms may leave it empty).`,
    );
  const label = changes.label?.trim() ?? property.label;
  if (label === '') throw validationError('label', 'A property needs a label.');
  if (all.some((p) => p.key !== key && p.label.toLowerCase() === label.toLowerCase())) {
    throw conflict(`${kind} already have a property labelled "${label}".`, 'label');
  }
  const choices = changes.choices !== undefined ? checkChoices(property.type, changes.choices) : property.choices;
  const required = changes.required ?? property.required;
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('properties')
      .set({ label, choices: choices ? JSON.stringify(choices) : null })
      .where('entity', '=', kind)
      .where('key', '=', key)
      .execute();
    if (changes.required !== undefined) await saveSettings(trx, kind, key, { required });
  });
  return { ...property, label, required, ...(choices ? { choices } : {}) };
}

async function changeStandard(db: Database, kind: RecordKind, property: ListedProperty, changes: PropertyChange): Promise<ListedProperty> {
  const refused = (['label', 'choices', 'required'] as const).find((field) => changes[field] !== undefined);
  if (refused) {
    throw validationError(
      refused,
      `"${property.key}" is a standard property: its ${refused === 'required' ? 'requirement' : refused} cannot change, only whether it is hidden from forms.`,
    );
  }
  if (changes.hidden === undefined) return property;
  if (changes.hidden && property.required)
    throw validationError('hidden', `${property.label} is required for ${kind}, so every form asks for it: it cannot be hidden.`);
  await saveSettings(db.kysely, kind, property.key, { hidden: changes.hidden });
  return { ...property, hidden: changes.hidden };
}

/**
 * Puts the properties of a kind in the order `keys` gives, which must name each of them once.
 * Forms, lists, the CLI and the import's template file follow it.
 */
export async function orderProperties(db: Database, kind: RecordKind, keys: readonly string[]): Promise<ListedProperty[]> {
  const all = await listProperties(db, kind);
  const known = new Set(all.map((p) => p.key));
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  if (twice !== undefined) throw validationError('keys', `The order names "${twice}" twice; name each property once.`);
  const unknown = keys.filter((k) => !known.has(k));
  if (unknown.length > 0)
    throw validationError('keys', `${kind} have no ${unknown.length === 1 ? 'property' : 'properties'} ${quotedList(unknown)}.`);
  const given = new Set(keys);
  const missing = all.filter((p) => !given.has(p.key)).map((p) => p.key);
  if (missing.length > 0)
    throw validationError('keys', `The order must name every property of ${kind}; it leaves out ${quotedList(missing)}.`);
  await db.kysely.transaction().execute(async (trx) => {
    for (const [position, key] of keys.entries()) await saveSettings(trx, kind, key, { position });
  });
  return listProperties(db, kind);
}

const quotedList = (keys: readonly string[]) => keys.map((k) => `"${k}"`).join(', ');

/** SQL that keeps a people query to the kind's own people (users and customers share a table). */
function ofKind(kind: RecordKind) {
  const personKind = kind === 'users' ? 'user' : kind === 'customers' ? 'customer' : undefined;
  return personKind ? sql` AND kind = ${personKind}` : sql``;
}

/** How many records of a kind have a value for a custom property: what removing it would erase. */
export async function propertyUsage(db: Database, kind: RecordKind, key: string): Promise<number> {
  const { property } = await findProperty(db, kind, key);
  if (!property.custom) throw validationError('key', `"${key}" is a standard property; only the values of a custom property are counted.`);
  const column = sql.ref(customColumnName(key));
  const { rows } = await sql<{
    n: number | string;
  }>`SELECT count(*) AS n FROM ${sql.table(tableOf(kind))} WHERE ${column} IS NOT NULL${ofKind(kind)}`.execute(db.kysely);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Removes a custom property: its definition goes and its values are erased from every record of
 * the kind, in one transaction. The column itself stays, empty (users and customers share the
 * people table, and an import that can still be undone may name it); adding the key again reuses
 * it. Returns the property removed and how many records had a value.
 */
export async function removeProperty(db: Database, kind: RecordKind, key: string): Promise<{ property: Property; values: number }> {
  const { property } = await findProperty(db, kind, key);
  if (!property.custom)
    throw new RosterError('validation', `"${key}" is a standard property; only custom properties can be removed.`, { field: 'key' });
  const table = tableOf(kind);
  const column = sql.ref(customColumnName(key));
  const values = await db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('properties').where('entity', '=', kind).where('key', '=', key).execute();
    await trx.deleteFrom('propertySettings').where('entity', '=', kind).where('key', '=', key).execute();
    const cleared = await sql`UPDATE ${sql.table(table)} SET ${column} = NULL WHERE ${column} IS NOT NULL${ofKind(kind)}`.execute(trx);
    return Number(cleared.numAffectedRows ?? 0);
  });
  return { property, values };
}
