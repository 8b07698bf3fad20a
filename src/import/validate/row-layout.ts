import type { DateFormat } from '../../core/dates.js';
import { FULL_NAME_KEY } from '../../core/full-name.js';
import { customColumnName, type Property } from '../../core/properties.js';
import { maxLength } from '../../core/value-limits.js';
import type { ImportEntity } from '../types.js';

/**
 * One staged column: a value the import writes, where it comes from in the row and the column of
 * the target table it lands in. Phone properties get a second, derived column for their E.164 form;
 * a customer's organization is staged by name and resolved when the rows are merged.
 */
export interface StageColumn {
  /** Column name in the stage table and, for `value`/`e164`, in the target table. */
  name: string;
  role: 'value' | 'e164' | 'organization' | 'domains';
  property: Property;
  /** The header of the file column it comes from, as the report names it. */
  header: string;
  /** Index of the cell in a parsed row. */
  cellIndex: number;
  dateFormat?: DateFormat;
  /** The longest value the property holds (core/value-limits.ts), looked up once, not per row. */
  maxLength: number;
  /** Which half of a full-name cell the column takes (splitFullName); absent for a cell taken whole. */
  split?: 'first' | 'last';
  /** False for a new custom property during a dry run: its column does not exist yet. */
  inTarget: boolean;
}

/** How the rows of one import are validated and staged. Pure data, built once per import. */
export interface RowLayout {
  entity: ImportEntity;
  /** The column whose normalised value identifies a record (email, or organization name). */
  keyColumn: StageColumn;
  /** Where `keyColumn` stands in `columns`, so a row finds its key without a search. */
  keyIndex: number;
  columns: StageColumn[];
  /** Required properties, all mapped (resolveMapping refuses otherwise). */
  required: StageColumn[];
}

/** `firstName` → `first_name`: the snake_case column behind a standard property. */
export function standardColumnName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

/**
 * Builds the layout from the file's headers, the resolved mapping (header label → property key)
 * and the record kind's properties. `pendingKeys` are custom properties not created yet (a dry
 * run): they are validated as if they existed but compared with nothing.
 */
export function buildRowLayout(input: {
  entity: ImportEntity;
  headers: readonly { index: number; label: string }[];
  mapping: Readonly<Record<string, string>>;
  properties: readonly Property[];
  dateFormats?: Readonly<Record<string, DateFormat>>;
  pendingKeys?: ReadonlySet<string>;
}): RowLayout {
  const byKey = new Map(input.properties.map((p) => [p.key, p]));
  const columns: StageColumn[] = [];
  for (const header of input.headers) {
    const key = input.mapping[header.label];
    if (!key) continue;
    if (key === FULL_NAME_KEY && input.entity !== 'organizations') {
      // One cell, two staged columns, first then last (validateRow splits the cell once for both):
      // the rest of the import sees First Name and Last Name.
      for (const [split, name] of [
        ['first', 'firstName'],
        ['last', 'lastName'],
      ] as const) {
        const property = byKey.get(name);
        if (!property) throw new Error(`${input.entity} have no ${name} for the full name to fill.`);
        columns.push({
          property,
          header: header.label,
          cellIndex: header.index,
          maxLength: maxLength(property),
          inTarget: true,
          name: standardColumnName(name),
          role: 'value',
          split,
        });
      }
      continue;
    }
    const property = byKey.get(key);
    if (!property) throw new Error(`The mapping names "${key}", which is not a property of ${input.entity}.`);
    const base = {
      property,
      header: header.label,
      cellIndex: header.index,
      maxLength: maxLength(property),
      inTarget: !input.pendingKeys?.has(key),
      ...(input.dateFormats?.[header.label] ? { dateFormat: input.dateFormats[header.label] } : {}),
    };
    if (input.entity === 'customers' && key === 'organization') {
      columns.push({ ...base, name: 'org_name', role: 'organization' });
    } else if (input.entity === 'organizations' && key === 'domains') {
      columns.push({ ...base, name: 'domain_list', role: 'domains' });
    } else {
      const name = property.custom ? customColumnName(key) : standardColumnName(key);
      columns.push({ ...base, name, role: 'value' });
      if (property.type === 'phone' && !property.custom) columns.push({ ...base, name: `${name}_e164`, role: 'e164' });
    }
  }
  const keyName = input.entity === 'organizations' ? 'name' : 'email';
  const keyColumn = columns.find((c) => c.role === 'value' && c.property.key === keyName);
  if (!keyColumn) throw new Error(`The mapping has no column for ${keyName}.`);
  return {
    entity: input.entity,
    keyColumn,
    keyIndex: columns.indexOf(keyColumn),
    columns,
    required: columns.filter((c) => c.role !== 'e164' && c.property.required),
  };
}
