import type { FieldValue, Property } from './types';

/** A person's display name: first and last name, or the email when both are empty. */
export function personName(record: Record<string, FieldValue>): string {
  const name = [record.firstName, record.lastName].filter((v) => v !== null && v !== undefined && v !== '').join(' ');
  return name || String(record.email ?? '');
}

/** Initials for an avatar: "Ada Lovelace" → "AL". */
export function initials(name: string): string {
  const parts = name.split(/[\s@.]+/).filter((p) => p !== '');
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase() || '?';
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A timestamp as the reader's locale writes it. */
export function formatDateTime(value: FieldValue | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const d = new Date(String(value));
  return Number.isNaN(d.getTime()) ? String(value) : dateTime.format(d);
}

/** A property value as text for tables and detail views. */
export function formatValue(property: Pick<Property, 'type'> | undefined, value: FieldValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (property?.type === 'boolean') return value === true || value === 'true' ? 'Yes' : 'No';
  return String(value);
}
