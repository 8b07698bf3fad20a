import { RosterError } from '../../core/errors.js';
import { FULL_NAME_KEY, FULL_NAME_TARGET, takesFullName } from '../../core/full-name.js';
import {
  CUSTOM_KEY_PATTERN,
  PROPERTY_TYPES,
  reservedKeys,
  standardProperties,
  type Property,
  type PropertyType,
} from '../../core/properties.js';
import type { RecordKind } from '../../core/record-kind.js';
import { describeHeaders, type HeaderInfo } from '../parse/header-info.js';
import { normalizeHeader } from './normalize-header.js';
import type { MappingSuggestions } from './suggest-mapping.js';

/** A custom property to create with the import, so that a column can be mapped to it. */
export interface NewProperty {
  key: string;
  label: string;
  type: PropertyType;
  choices?: string[];
}

export interface ResolveMappingOptions {
  newProperties?: readonly NewProperty[];
}

export interface MappedColumn {
  index: number;
  label: string;
  property: Property;
}

export interface ResolvedMapping {
  /** Header label → property key, for the columns that are imported, in file order. */
  mapping: Record<string, string>;
  /** The same columns with their properties, ready for reading rows by cell index. */
  columns: MappedColumn[];
  /** Labels of the columns left out. */
  ignored: string[];
  /** The new custom properties (from `options.newProperties`) that the mapping uses. */
  newProperties: Property[];
}

const KIND_NAMES: Record<RecordKind, string> = {
  users: 'Users',
  customers: 'Customers',
  organizations: 'Organizations',
  tickets: 'Tickets',
};

function fail(message: string, column?: string): never {
  throw new RosterError('import_mapping', message, column ? { column } : {});
}

function list(items: string[], word = 'and'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}

const quoted = (items: string[]) => items.map((i) => `"${i}"`);

/** A message lists this many of the file's columns at most, so a file of 100,000 columns still gets a sentence. */
const LISTED_COLUMNS = 30;

function columnList(columns: readonly HeaderInfo[]): string {
  const labels = quoted(columns.slice(0, LISTED_COLUMNS).map((c) => c.label));
  const more = columns.length - labels.length;
  return more > 0 ? `${labels.join(', ')} and ${more.toLocaleString('en-US')} more` : list(labels);
}

function findColumn(columns: HeaderInfo[], header: string): HeaderInfo | undefined {
  const h = header.trim();
  const exact = columns.find((c) => c.label === h) ?? columns.find((c) => c.name === h);
  if (exact) return exact;
  const loose = columns.filter((c) => c.label.toLowerCase() === h.toLowerCase());
  return loose.length === 1 ? loose[0] : undefined;
}

function findProperty(properties: Property[], value: string): Property | undefined {
  const exact = properties.find((p) => p.key === value);
  if (exact) return exact;
  const n = normalizeHeader(value);
  const loose = properties.filter((p) => normalizeHeader(p.key) === n || normalizeHeader(p.label) === n);
  return loose.length === 1 ? loose[0] : undefined;
}

function checkNewProperties(kind: RecordKind, properties: readonly Property[], wanted: readonly NewProperty[]): Property[] {
  const reserved = reservedKeys(kind);
  const seen = new Set<string>();
  return wanted.map((p) => {
    if (!CUSTOM_KEY_PATTERN.test(p.key)) {
      fail(
        `The new property key "${p.key}" is not valid: use letters and digits in camelCase, starting with a lower-case letter, at most 40 characters (for example "customerSince").`,
      );
    }
    if (properties.some((x) => x.key === p.key))
      fail(`"${p.key}" is already a property of ${kind}; map the column to it instead of creating it.`);
    if (reserved.has(p.key)) fail(`"${p.key}" is reserved by Roster; choose another key for the new property.`);
    if (seen.has(p.key)) fail(`The new property "${p.key}" is given twice.`);
    if (!PROPERTY_TYPES.includes(p.type))
      fail(`The new property "${p.key}" has the type "${String(p.type)}"; use ${list(quoted([...PROPERTY_TYPES]), 'or')}.`);
    seen.add(p.key);
    return {
      key: p.key,
      label: p.label.trim() || p.key,
      type: p.type,
      required: false,
      custom: true,
      ...(p.choices ? { choices: [...p.choices] } : {}),
    };
  });
}

/**
 * Settles which column fills which property, from the suggestions and the person's overrides,
 * and refuses a mapping that cannot import. An override `{ "Header": "key" }` replaces the
 * suggestion for that column (the header by label or name, the property by key or label, case
 * aside); an empty or null value leaves the column out. Throws `RosterError('import_mapping')`
 * with a sentence for: an unknown column or property, a read-only property, two columns on one
 * property (naming both), and missing required properties (naming them by label and listing
 * the file's columns). A column may go to a property that does not exist yet only if it is
 * given in `options.newProperties`, which are checked like any new custom property. Users and
 * customers also take `fullName` (core/full-name.ts), which fills First Name and Last Name and so
 * cannot be combined with a column on either.
 */
export function resolveMapping(
  headers: readonly HeaderInfo[] | readonly string[],
  properties: readonly Property[],
  suggestions: MappingSuggestions,
  overrides: Readonly<Record<string, string | null>>,
  kind: RecordKind,
  options: ResolveMappingOptions = {},
): ResolvedMapping {
  const columns: HeaderInfo[] =
    headers.length > 0 && typeof headers[0] === 'string'
      ? describeHeaders(headers as readonly string[]).headers
      : [...(headers as HeaderInfo[])];
  const created = checkNewProperties(kind, properties, options.newProperties ?? []);
  const all = [...properties, ...created, ...(takesFullName(kind) ? [FULL_NAME_TARGET] : [])];
  const fileColumns = columnList(columns);

  const chosen = new Map<HeaderInfo, string | null>(columns.map((c) => [c, suggestions[c.label]?.key ?? null]));
  for (const [header, value] of Object.entries(overrides)) {
    const column = findColumn(columns, header);
    if (!column) fail(`There is no column "${header}" in the file; its columns are ${fileColumns}.`, header);
    const wanted = value?.trim() ?? '';
    if (wanted === '') {
      chosen.set(column, null);
      continue;
    }
    const property = findProperty(all, wanted);
    if (!property) {
      fail(
        `Column "${column.label}" cannot go to "${wanted}": ${kind} have no such property. Their properties are ${list(all.map((p) => `${p.key} (${p.label})`))}.`,
        column.label,
      );
    }
    chosen.set(column, property.key);
  }

  const byKey = new Map<string, HeaderInfo[]>();
  for (const [column, key] of chosen) {
    if (key === null) continue;
    const property = all.find((p) => p.key === key);
    if (!property) fail(`Column "${column.label}" is mapped to "${key}", which is not a property of ${kind}.`, column.label);
    if (property.readOnly)
      fail(
        `Column "${column.label}" is mapped to ${property.label}, which Roster manages itself and cannot be imported; leave the column out.`,
        column.label,
      );
    byKey.set(key, [...(byKey.get(key) ?? []), column]);
  }
  for (const [key, cols] of byKey) {
    if (cols.length < 2) continue;
    const label = all.find((p) => p.key === key)!.label;
    const names = quoted(cols.map((c) => c.label));
    fail(
      `Columns ${list(names)} are all mapped to ${label}, but a property takes one column. Leave out the others (for example "${cols[1]!.label}=") or map them to other properties.`,
      cols[1]!.label,
    );
  }
  const unused = created.filter((p) => !byKey.has(p.key));
  if (unused.length)
    fail(
      `The new ${unused.length === 1 ? 'property' : 'properties'} ${list(quoted(unused.map((p) => p.key)))} would get no column; map a column to ${unused.length === 1 ? 'it' : 'each'} (for example "Column=${unused[0]!.key}") or drop ${unused.length === 1 ? 'it' : 'them'}.`,
    );

  const fullName = byKey.get(FULL_NAME_KEY)?.[0];
  if (fullName) {
    const other = [...byKey].find(([key]) => key === 'firstName' || key === 'lastName');
    if (other) {
      const label = all.find((p) => p.key === other[0])!.label;
      fail(
        `Column "${fullName.label}" is mapped to Full name, which fills First Name and Last Name, so column "${other[1][0]!.label}" cannot go to ${label} as well. ` +
          `Leave one of them out (for example "${other[1][0]!.label}=") or map "${fullName.label}" to a single property.`,
        other[1][0]!.label,
      );
    }
  }

  const required = new Map<string, Property>();
  // A custom property an admin made required is checked cell by cell where a column fills it: a
  // file that leaves it out (one that updates other fields, say) is not refused for it.
  for (const p of [...standardProperties(kind), ...all]) if (p.required && !p.custom && !required.has(p.key)) required.set(p.key, p);
  // A full-name column fills both names, so it stands for them in this check.
  const filled = (key: string) => byKey.has(key) || (fullName !== undefined && (key === 'firstName' || key === 'lastName'));
  const missing = [...required.values()].filter((p) => !filled(p.key));
  if (missing.length) {
    fail(
      `${KIND_NAMES[kind]} need ${list([...required.values()].map((p) => p.label))}, but no column is mapped to ${list(
        missing.map((p) => p.label),
        'or',
      )}. ` +
        `The file's columns are ${fileColumns}. Map a column with "Column=key" (${list(missing.map((p) => `${p.label} is ${p.key}`))}).` +
        (takesFullName(kind) && missing.some((p) => p.key === 'firstName' || p.key === 'lastName')
          ? ` A column that holds the whole name can go to ${FULL_NAME_KEY}, which fills both names.`
          : ''),
    );
  }

  const result: ResolvedMapping = { mapping: {}, columns: [], ignored: [], newProperties: created };
  for (const column of columns) {
    const key = chosen.get(column) ?? null;
    if (key === null) {
      result.ignored.push(column.label);
      continue;
    }
    result.mapping[column.label] = key;
    result.columns.push({ index: column.index, label: column.label, property: all.find((p) => p.key === key)! });
  }
  return result;
}
