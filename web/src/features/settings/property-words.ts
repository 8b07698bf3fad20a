import type { RecordKind } from '../../shared/types';
import type { PropertyType } from './properties-api';

/** How the settings page names each record kind. */
export const KIND_WORDS: Record<RecordKind, { title: string; singular: string; plural: string }> = {
  customers: { title: 'Customers', singular: 'customer', plural: 'customers' },
  users: { title: 'Users', singular: 'user', plural: 'users' },
  organizations: { title: 'Organizations', singular: 'organization', plural: 'organizations' },
  tickets: { title: 'Tickets', singular: 'ticket', plural: 'tickets' },
};

export const RECORD_KINDS = Object.keys(KIND_WORDS) as RecordKind[];

export function isRecordKind(value: string | undefined): value is RecordKind {
  return value !== undefined && Object.hasOwn(KIND_WORDS, value);
}

/** A property type as people read it. */
export function typeName(type: PropertyType): string {
  return type === 'url' ? 'URL' : type[0]!.toUpperCase() + type.slice(1);
}

/** Choices typed one per line (a choice may hold a comma), without blanks. */
export function choiceList(text: string): string[] {
  return text
    .split('\n')
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

/** "42 customers have a value for Loyalty Tier; removing it erases them." */
export function usageSentence(records: number, kind: RecordKind, label: string): string {
  const words = KIND_WORDS[kind];
  if (records === 0) return `No ${words.plural} have a value for ${label}; removing it erases nothing but the property.`;
  return records === 1
    ? `1 ${words.singular} has a value for ${label}; removing it erases it.`
    : `${records.toLocaleString('en-US')} ${words.plural} have a value for ${label}; removing it erases them.`;
}
