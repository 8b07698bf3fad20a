import type { DateFormat } from '../../core/dates.js';
import { FULL_NAME_KEY, takesFullName } from '../../core/full-name.js';
import { customColumnName, type Property } from '../../core/properties.js';
import { knownWords, mappingTargets, TIMESTAMP_KEYS } from '../../core/ticket-import.js';
import { maxLength } from '../../core/value-limits.js';
import { textRuleOf, type TextRule } from '../../core/values.js';
import type { ImportEntity } from '../types.js';

/**
 * One staged column: a value the import writes, where it comes from in the row and the column of
 * the target table it lands in. Phone properties get a second, derived column for their E.164 form;
 * a customer's organization is staged by name and resolved when the rows are merged. A ticket's
 * customer and assignee are staged by email (`link`) and found when the rows are merged; `extra`
 * columns (a customer's name, the conversation) are staged for the merge but are not the
 * ticket's own values.
 */
export interface StageColumn {
  /** Column name in the stage table and, for `value`/`e164`, in the target table. */
  name: string;
  role: 'value' | 'e164' | 'organization' | 'domains' | 'link' | 'extra';
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
  /** Words read as a choice's values (lower case → value): other helpdesks' and the person's. */
  words?: ReadonlyMap<string, string>;
  /** A ticket's created or updated moment, stored as an ISO 8601 timestamp (parseTimestamp). */
  timestamp?: boolean;
  /** The cell is a ticket's conversation (parseMessages), staged as JSON. */
  messages?: boolean;
  /** A text property with a rule of its own (a language, a time zone: core/values.ts), not taken as written. */
  textRule?: TextRule;
}

/** How the rows of one import are validated and staged. Pure data, built once per import. */
export interface RowLayout {
  entity: ImportEntity;
  /**
   * The column whose normalised value identifies a record (email, organization name, a ticket's
   * External ID); null for tickets without one, each row then a new ticket keyed by its row.
   */
  keyColumn: StageColumn | null;
  /** Where `keyColumn` stands in `columns` (-1: none), so a row finds its key without a search. */
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
  /** Values mapped per column (StoredImportOptions.valueMaps). */
  valueMaps?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}): RowLayout {
  const byKey = new Map(mappingTargets(input.entity, input.properties).map((p) => [p.key, p]));
  const columns: StageColumn[] = [];
  for (const header of input.headers) {
    const key = input.mapping[header.label];
    if (!key) continue;
    if (key === FULL_NAME_KEY && takesFullName(input.entity)) {
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
    if ((input.entity === 'customers' || input.entity === 'tickets') && key === 'organization' && !property.custom) {
      columns.push({ ...base, name: 'org_name', role: 'organization' });
    } else if (input.entity === 'organizations' && key === 'domains') {
      columns.push({ ...base, name: 'domain_list', role: 'domains' });
    } else if (input.entity === 'tickets' && !property.custom && (key === 'customerEmail' || key === 'assigneeEmail')) {
      columns.push({ ...base, name: standardColumnName(key), role: 'link' });
    } else if (input.entity === 'tickets' && key === 'customerName') {
      // A customer the import may create (createMissingCustomers) takes its names from here.
      for (const split of ['first', 'last'] as const) columns.push({ ...base, name: `customer_${split}_name`, role: 'extra', split });
    } else if (input.entity === 'tickets' && key === 'messages') {
      columns.push({ ...base, name: 'messages', role: 'extra', messages: true });
    } else {
      const name = property.custom ? customColumnName(key) : standardColumnName(key);
      const words = property.type === 'choice' ? wordsOf(input.entity, property, input.valueMaps?.[header.label]) : undefined;
      const timestamp = input.entity === 'tickets' && TIMESTAMP_KEYS.has(key) && !property.custom;
      const textRule = textRuleOf(property);
      columns.push({
        ...base,
        name,
        role: 'value',
        ...(words ? { words } : {}),
        ...(timestamp ? { timestamp } : {}),
        ...(textRule ? { textRule } : {}),
      });
      if (property.type === 'phone' && !property.custom) columns.push({ ...base, name: `${name}_e164`, role: 'e164' });
    }
  }
  const keyName = KEY_PROPERTY[input.entity];
  const keyColumn = columns.find((c) => c.role === 'value' && c.property.key === keyName) ?? null;
  if (!keyColumn && input.entity !== 'tickets') throw new Error(`The mapping has no column for ${keyName}.`);
  return {
    entity: input.entity,
    keyColumn,
    keyIndex: keyColumn ? columns.indexOf(keyColumn) : -1,
    columns,
    required: columns.filter((c) => c.role !== 'e164' && c.property.required),
  };
}

/** The property that identifies a record of each kind in a file. */
const KEY_PROPERTY: Record<ImportEntity, string> = { users: 'email', customers: 'email', organizations: 'name', tickets: 'externalId' };

/**
 * The words a choice column reads besides its values: other helpdesks' words for a ticket's
 * status and priority, and the values the person mapped for this column, which win.
 */
function wordsOf(
  entity: ImportEntity,
  property: Property,
  mapped: Readonly<Record<string, string>> | undefined,
): Map<string, string> | undefined {
  const words = new Map(Object.entries(entity === 'tickets' ? knownWords(property) : {}));
  for (const [written, value] of Object.entries(mapped ?? {})) words.set(written.trim().toLowerCase(), value);
  return words.size > 0 ? words : undefined;
}

/** The key column of a layout that must have one (people and organizations always do). */
export function keyColumnOf(layout: RowLayout): StageColumn {
  if (!layout.keyColumn) throw new Error(`An import of ${layout.entity} without a key column cannot check this.`);
  return layout.keyColumn;
}
