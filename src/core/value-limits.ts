import type { Property } from './properties.js';

/**
 * The longest value, in characters (UTF-16 code units, as JavaScript and both databases' `length`
 * count them), that a property holds. Without a limit, a 900 KB first name was stored and then
 * sent with every list of people. Generous for real data, small enough to keep lists, exports
 * and indexes fast:
 * - names (first, last, organization): 200;
 * - email: 254, the longest address SMTP can carry (RFC 5321 with its erratum);
 * - phone: 100; url: 2,048, what browsers and search engines keep;
 * - notes, a ticket's description and an organization's domains: 10,000;
 * - any other text, custom text included, and every other type: 1,000.
 */
export const VALUE_LIMITS = { name: 200, email: 254, phone: 100, url: 2048, long: 10_000, text: 1000 } as const;

const NAME_KEYS = new Set(['firstName', 'lastName', 'name', 'organization']);
const LONG_KEYS = new Set(['notes', 'description', 'domains']);

/** The longest value `property` holds (see `VALUE_LIMITS`). */
export function maxLength(property: Pick<Property, 'key' | 'type' | 'custom'>): number {
  if (!property.custom && NAME_KEYS.has(property.key)) return VALUE_LIMITS.name;
  if (!property.custom && LONG_KEYS.has(property.key)) return VALUE_LIMITS.long;
  switch (property.type) {
    case 'email':
      return VALUE_LIMITS.email;
    case 'phone':
      return VALUE_LIMITS.phone;
    case 'url':
      return VALUE_LIMITS.url;
    default:
      return VALUE_LIMITS.text;
  }
}

/** The problem of a value longer than `limit`, as a sentence fragment (no value quoted: it is long). */
export function tooLong(length: number, limit: number, label: string): string {
  return `the value is ${length.toLocaleString('en-US')} characters long, more than the ${limit.toLocaleString('en-US')} ${label} can hold`;
}

/** How much of a value a message or a stored problem shows. */
export const SHOWN_CHARS = 200;

/**
 * A value cut to `SHOWN_CHARS` characters with an ellipsis, for messages: a 1 MB cell must not be
 * repeated in full in its row's problem. Never cuts a character of two UTF-16 units in half.
 */
export function clip(value: string, max = SHOWN_CHARS): string {
  if (value.length <= max) return value;
  const code = value.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return value.slice(0, end) + '…';
}
