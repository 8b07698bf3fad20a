import { parseDate, type DateFormat } from './dates.js';
import { isValidEmail, normalizeEmail } from './email.js';
import { canonicalLanguage } from './language.js';
import { checkPhone } from './phone.js';
import type { Property } from './properties.js';
import { canonicalTimeZone } from './time-zone.js';
import { clip, maxLength, tooLong } from './value-limits.js';

/**
 * Boolean words in the languages the import understands (English, French, German, Spanish,
 * Italian, Portuguese, Dutch), compared lower-case.
 */
const TRUE_WORDS = new Set([
  'true',
  'yes',
  'y',
  '1',
  'x',
  'oui',
  'vrai',
  'ja',
  'wahr',
  'sí',
  'si',
  'verdadero',
  'vero',
  'sim',
  'verdadeiro',
  'waar',
  'on',
]);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'non', 'faux', 'nein', 'falsch', 'falso', 'não', 'nao', 'nee', 'onwaar', 'off']);

export type ValueResult = { ok: true; value: string | null; e164?: string } | { ok: false; message: string };

/**
 * Standard text properties whose values follow a rule of their own: a language (stored as its
 * tag, core/language.ts) and a time zone (its IANA name, core/time-zone.ts). They stay of type
 * text, so that the API, the import templates and the UI need no type of their own for them.
 */
export type TextRule = 'language' | 'timeZone';

export function textRuleOf(property: Pick<Property, 'key' | 'type' | 'custom'>): TextRule | undefined {
  if (property.custom || property.type !== 'text') return undefined;
  return property.key === 'language' || property.key === 'timeZone' ? property.key : undefined;
}

export interface ValueOptions {
  dateFormat?: DateFormat;
  defaultCountry?: string;
}

/**
 * Checks one value against its property's type and returns the form Roster stores: always text,
 * so leading zeros and phone spellings survive; `null` for an empty cell. Required-ness is the
 * caller's concern, since an update may legitimately leave a required field untouched.
 */
export function normalizeValue(property: Property, raw: string, options: ValueOptions = {}): ValueResult {
  if (property.type !== 'text' && raw.trim() === '') return { ok: true, value: null };
  if (raw === '') return { ok: true, value: null };
  const limit = maxLength(property);
  if (raw.length > limit) return { ok: false, message: tooLong(raw.length, limit, property.label) };
  switch (property.type) {
    case 'text': {
      const rule = textRuleOf(property);
      if (rule === undefined) return { ok: true, value: raw };
      if (raw.trim() === '') return { ok: true, value: null };
      return rule === 'language' ? checkLanguage(raw) : checkTimeZone(raw);
    }
    case 'email': {
      const email = normalizeEmail(raw);
      return isValidEmail(email)
        ? { ok: true, value: email }
        : { ok: false, message: `"${clip(raw.trim())}" is not a valid email address` };
    }
    case 'phone':
      return checkPhone(raw, options.defaultCountry);
    case 'date': {
      const r = parseDate(raw, options.dateFormat);
      return r.ok ? { ok: true, value: r.value } : r;
    }
    case 'number': {
      const value = raw.trim();
      return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value) && Number.isFinite(Number(value))
        ? { ok: true, value: String(Number(value)) }
        : { ok: false, message: `"${clip(value)}" is not a number` };
    }
    case 'boolean': {
      const word = raw.trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return { ok: true, value: 'true' };
      if (FALSE_WORDS.has(word)) return { ok: true, value: 'false' };
      return { ok: false, message: `"${clip(raw.trim())}" is not yes or no` };
    }
    case 'choice': {
      const wanted = raw.trim().toLowerCase();
      const choice = property.choices?.find((c) => c.toLowerCase() === wanted);
      return choice !== undefined
        ? { ok: true, value: choice }
        : { ok: false, message: `"${clip(raw.trim())}" is not one of ${(property.choices ?? []).join(', ')}` };
    }
    case 'url': {
      const value = raw.trim();
      const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
      try {
        const url = new URL(withScheme);
        if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.')) return { ok: true, value };
      } catch {
        // fall through to the message below
      }
      return { ok: false, message: `"${clip(value)}" is not a web address` };
    }
  }
}

function checkLanguage(raw: string): ValueResult {
  const tag = canonicalLanguage(raw);
  return tag
    ? { ok: true, value: tag }
    : {
        ok: false,
        message: `"${clip(raw.trim())}" is not a language Roster knows; write its code (sv, pt-BR) or its English name (Swedish)`,
      };
}

function checkTimeZone(raw: string): ValueResult {
  const zone = canonicalTimeZone(raw);
  return zone
    ? { ok: true, value: zone }
    : { ok: false, message: `"${clip(raw.trim())}" is not a time zone; write its IANA name, such as Europe/Stockholm or America/New_York` };
}

/** The JSON form of a stored value: numbers and booleans typed, everything else text. */
export function toJsonValue(property: Pick<Property, 'type'>, stored: string | null | undefined): string | number | boolean | null {
  if (stored === null || stored === undefined) return null;
  if (property.type === 'number') return Number(stored);
  if (property.type === 'boolean') return stored === 'true';
  return stored;
}
