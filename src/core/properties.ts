import type { RecordKind } from './record-kind.js';

export const PROPERTY_TYPES = ['text', 'email', 'phone', 'date', 'number', 'boolean', 'choice', 'url'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

/**
 * A property is one field of a record kind, described as data so that the import mapping,
 * the API, the CLI and the UI all read the same schema. Standard properties are columns of
 * their own; custom ones are added by admins and stored the same way.
 */
export interface Property {
  key: string;
  label: string;
  type: PropertyType;
  required: boolean;
  choices?: string[];
  custom: boolean;
  /** Standard properties whose value the system manages (status, timestamps) cannot be imported. */
  readOnly?: boolean;
  /** Lists can be sorted by this property (the database has what it needs to do so cheaply). */
  sortable?: boolean;
  /** A standard property an admin left out of the web forms; the API and imports still take it. */
  hidden?: boolean;
}

/** A property as listProperties gives it: in the admin's order, saying whether it is hidden. */
export type ListedProperty = Property & { hidden: boolean };

type Def = Omit<Property, 'custom' | 'required'> & { required?: boolean };

const text = (key: string, label: string): Def => ({ key, label, type: 'text' });
const phone = (key: string, label: string): Def => ({ key, label, type: 'phone' });

const PERSON_STATUS: Def = { key: 'status', label: 'Status', type: 'choice', choices: ['active', 'deactivated'] };
const PERSON_HEAD: Def[] = [
  { key: 'email', label: 'Email', type: 'email', required: true },
  { key: 'firstName', label: 'First Name', type: 'text', required: true },
  { key: 'lastName', label: 'Last Name', type: 'text', required: true },
];

const STANDARD: Record<RecordKind, Def[]> = {
  users: [
    ...PERSON_HEAD,
    text('title', 'Title'),
    phone('phone', 'Phone'),
    phone('mobile', 'Mobile'),
    text('department', 'Department'),
    { key: 'role', label: 'Role', type: 'choice', choices: ['admin', 'agent'] },
    text('language', 'Language'),
    text('timeZone', 'Time Zone'),
    PERSON_STATUS,
  ],
  customers: [
    ...PERSON_HEAD,
    text('organization', 'Organization'),
    text('title', 'Title'),
    phone('phone', 'Phone'),
    phone('mobile', 'Mobile'),
    text('address', 'Address'),
    text('city', 'City'),
    text('region', 'Region'),
    text('postalCode', 'Postal Code'),
    text('country', 'Country'),
    { key: 'website', label: 'Website', type: 'url' },
    text('language', 'Language'),
    text('timeZone', 'Time Zone'),
    text('notes', 'Notes'),
    PERSON_STATUS,
  ],
  organizations: [{ key: 'name', label: 'Name', type: 'text', required: true }, text('domains', 'Email Domains')],
  tickets: [
    { key: 'number', label: 'Number', type: 'number' },
    { key: 'title', label: 'Title', type: 'text', required: true },
    text('description', 'Description'),
    { key: 'status', label: 'Status', type: 'choice', choices: ['open', 'pending', 'resolved', 'closed'] },
    { key: 'priority', label: 'Priority', type: 'choice', choices: ['low', 'normal', 'high', 'urgent'] },
    { key: 'customerEmail', label: 'Customer Email', type: 'email' },
    { key: 'assigneeEmail', label: 'Assignee Email', type: 'email' },
    text('externalId', 'External ID'),
    text('organization', 'Organization'),
  ],
};

const SORTABLE: Record<RecordKind, ReadonlySet<string>> = {
  users: new Set(['email', 'firstName', 'lastName', 'title', 'department', 'role', 'status']),
  customers: new Set(['email', 'firstName', 'lastName', 'title', 'city', 'country', 'status']),
  organizations: new Set(['name']),
  tickets: new Set(['number', 'title', 'status', 'priority']),
};

/** The standard properties of a record kind, in display order. */
export function standardProperties(kind: RecordKind): Property[] {
  return STANDARD[kind].map((d) => ({
    ...d,
    required: d.required ?? false,
    custom: false,
    ...(SORTABLE[kind].has(d.key) ? { sortable: true } : {}),
  }));
}

/** The keys a list of this kind can be sorted by: its sortable properties and the timestamps. */
export function sortKeys(kind: RecordKind): Set<string> {
  return new Set([...SORTABLE[kind], 'createdAt', 'updatedAt']);
}

/** Keys that a custom property may not take: standard keys and the system's own fields. */
export function reservedKeys(kind: RecordKind): Set<string> {
  return new Set([
    ...STANDARD[kind].map((d) => d.key),
    'id',
    'kind',
    'createdAt',
    'updatedAt',
    'organizationId',
    'customerId',
    'assigneeId',
    'passwordHash',
    'importId',
    'createdImportId',
    'importRow',
    'phoneE164',
    'mobileE164',
    'customerName',
    'assigneeName',
    'pendingCustomerEmail',
    'pendingAssigneeEmail',
    'messages',
    // The import's mapping target that fills First Name and Last Name (core/full-name.ts), and
    // the read-only field that says how a person came to be (core/person-source.ts).
    ...(kind === 'users' || kind === 'customers' ? ['fullName', 'source'] : []),
  ]);
}

/**
 * Names every JavaScript object already answers to (`constructor`, `toString`, `valueOf`,
 * `hasOwnProperty`, `__proto__`, …). Records and values are objects keyed by property key, so a
 * property of such a name would read the built-in instead of a value: they are refused as keys.
 */
export const BUILT_IN_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** A custom property key is camelCase ASCII, starting with a letter, at most 40 characters. */
export const CUSTOM_KEY_PATTERN = /^[a-z][a-zA-Z0-9]{0,39}$/;

/** The column that stores a custom property: `x_` + snake_case, so it never meets a standard column. */
export function customColumnName(key: string): string {
  return 'x_' + key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}
