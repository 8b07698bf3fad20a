import type { FieldValue, Property } from './types';
import { languageName, suggestedValuesOf } from './value-suggestions';

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

// The one way Roster writes dates: the browser's locale, its medium style ("6 Dec 2026", "Dec 6, 2026").
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
// A date property is a calendar day, not a moment: written in UTC so no time zone moves it a day.
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A timestamp as the reader's locale writes it. */
export function formatDateTime(value: FieldValue | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const d = new Date(String(value));
  return Number.isNaN(d.getTime()) ? String(value) : dateTime.format(d);
}

/** A date (2026-12-06) as the reader's locale writes it, in the same style as formatDateTime. */
export function formatDate(value: FieldValue | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
  if (!match) return formatDateTime(value);
  return dateOnly.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}

/** A property value as text for tables and detail views. */
export function formatValue(
  property: (Pick<Property, 'type'> & Partial<Pick<Property, 'key' | 'custom'>>) | undefined,
  value: FieldValue | undefined,
): string {
  if (value === null || value === undefined) return '';
  if (property?.type === 'boolean') return value === true || value === 'true' ? 'Yes' : 'No';
  if (property?.type === 'date') return formatDate(value);
  // A language is stored as its tag (sv); people read its name (Swedish).
  if (property?.key && suggestedValuesOf({ type: property.type, key: property.key, custom: property.custom ?? true }) === 'language')
    return languageName(String(value)) ?? String(value);
  return String(value);
}
