import {
  getCountryCallingCode,
  getExampleNumber,
  isSupportedCountry,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
} from 'libphonenumber-js/min';
import examples from 'libphonenumber-js/mobile/examples';
import metadata from 'libphonenumber-js/min/metadata';
import { clip } from './value-limits.js';

/** What libphonenumber makes of a number, as much as the value rules and search need. */
interface Reading {
  /** Its length fits a number of its country (see checkPhone for why this, not validity, is the rule). */
  possible: boolean;
  /** Its E.164 form, only when the number is valid: what dialers and deduplication want. */
  e164: string | null;
}

const MEMO_LIMIT = 50_000;
let current = new Map<string, Reading>();
let previous = new Map<string, Reading>();

/**
 * libphonenumber's parse costs several microseconds, the largest JavaScript cost of an imported
 * row, and the same number often recurs (a switchboard shared by a company's people). So results
 * are memoised in two generations of at most 50,000 entries each: memory stays flat whatever is
 * read, and a unique number loses only a Map lookup.
 */
function read(value: string, defaultCountry: string | undefined): Reading {
  const key = defaultCountry ? `${defaultCountry} ${value}` : value;
  let reading = current.get(key);
  if (reading === undefined) {
    reading = previous.get(key);
    if (reading === undefined) {
      const parsed = parsePhoneNumberFromString(value, defaultCountry as CountryCode | undefined);
      reading = { possible: parsed?.isPossible() ?? false, e164: parsed && parsed.isValid() ? parsed.number : null };
    }
    if (current.size >= MEMO_LIMIT) {
      previous = current;
      current = new Map();
    }
    current.set(ownCopy(key), reading);
  }
  return reading;
}

/**
 * The E.164 form of a valid number (using `defaultCountry` for numbers without a +prefix), or
 * undefined. A phone number is always kept as the person wrote it; this form is kept beside it.
 */
export function toE164(raw: string, defaultCountry?: string): string | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  return read(value, defaultCountry).e164 ?? undefined;
}

export type PhoneCheck = { ok: true; value: string; e164?: string } | { ok: false; message: string };

/**
 * The rule for a Phone or Mobile value: it must be a possible number of the default country, or of
 * the country its own +code names, or at least have the shape of an international number
 * (internationalShape). "Possible" (its length fits the country's numbers) rather than
 * "valid" (its digits fall in a range the metadata knows as assigned): spreadsheets hold numbers
 * from ranges opened after our copy of the metadata, and fictional demo numbers (555-01xx) that
 * are whole numbers all the same, while the length alone catches what is truly not a number: `12`,
 * `n/a`, a number cut short or two numbers in one cell. The E.164 form is still kept only for a
 * valid number, as dialers and deduplication need.
 *
 * Without a default country (the setting starts empty), a number written without its +country
 * code has no country to be checked against; refusing it would refuse every national number of a
 * directory not yet set up, so it is only checked to look like one (nationalShape).
 */
export function checkPhone(raw: string, defaultCountry?: string): PhoneCheck {
  const value = raw.trim();
  if (!defaultCountry && !value.startsWith('+')) {
    return nationalShape(value) ? { ok: true, value } : { ok: false, message: phoneProblem(value, undefined) };
  }
  const reading = read(value, defaultCountry);
  if (reading.possible || (value.startsWith('+') && internationalShape(value))) {
    return reading.e164 ? { ok: true, value, e164: reading.e164 } : { ok: true, value };
  }
  return { ok: false, message: phoneProblem(value, defaultCountry) };
}

/**
 * A number written with its own +country code: a calling code that exists, then 7 to 15 digits in
 * all (E.164's longest; the shortest numbers in international use have 7), phone punctuation and
 * an extension at most. Such a number is the writer's explicit claim, held to E.164's bounds rather
 * than to its country's lengths: directories keep short numbers of their own, as the 555-01xx demo
 * range written `+1 555 0100`, which a spreadsheet of "clean" customers holds and people expect
 * to import. What the country's lengths would refuse beyond that (`+46 12`, two numbers in a cell,
 * `+999 123`) this refuses too.
 */
function internationalShape(value: string): boolean {
  const match = /^\+([\d\s().\-/]+?)(?:\s*(?:ext\.?|x|#)\s*\d{1,7})?$/i.exec(value);
  if (!match) return false;
  const digits = match[1]!.replace(/\D/g, '');
  return (
    digits.length >= 7 && digits.length <= 15 && [1, 2, 3].some((n) => metadata.country_calling_codes[digits.slice(0, n)] !== undefined)
  );
}

/**
 * A national number of some country: phone punctuation, 4 to 17 digits (the shortest numbers, as
 * Niue's, have 4; 17 is libphonenumber's longest national number), and an extension at most.
 */
function nationalShape(value: string): boolean {
  const match = /^([\d\s().\-/]+?)(?:\s*(?:ext\.?|x|#)\s*\d{1,7})?$/i.exec(value);
  const digits = match ? match[1]!.replace(/\D/g, '').length : 0;
  return digits >= 4 && digits <= 17;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** Its sentence for a number that is not possible; computed only when one is refused. */
function phoneProblem(value: string, defaultCountry: string | undefined): string {
  const shown = `"${clip(value)}"`;
  if (value.startsWith('+')) {
    // Calling codes are prefix-free: at most one of the number's first one to three digits is one.
    const digits = value.replace(/\D/g, '');
    const code = [1, 2, 3].map((n) => digits.slice(0, n)).find((prefix) => metadata.country_calling_codes[prefix]);
    const country = code && metadata.country_calling_codes[code]![0];
    if (!country) return `${shown} is not a phone number: the digits after + are no country's calling code`;
    const length = validatePhoneNumberLength(value);
    const why = length === 'TOO_SHORT' ? 'it has too few digits' : length === 'TOO_LONG' ? 'it has too many digits' : 'it is not a number';
    return `${shown} is not a phone number in ${countryName(country)}: ${why}`;
  }
  if (!defaultCountry) {
    return `${shown} is not a phone number; write it with its country code, e.g. ${example('US')}, or set the default country to read numbers without one`;
  }
  return `${shown} is not a phone number in ${countryName(defaultCountry)}; write it with its country code, e.g. ${example(defaultCountry)}`;
}

/** "Sweden (+46)". */
function countryName(country: string): string {
  const name = regionNames.of(country) ?? country;
  return isSupportedCountry(country) ? `${name} (+${getCountryCallingCode(country)})` : name;
}

/** A number of that country as it is written internationally, from libphonenumber's examples. */
function example(country: string): string {
  return getExampleNumber(country as CountryCode, examples)?.formatInternational() ?? '+1 201 555 0123';
}

/**
 * A CSV cell is a slice of the parser's chunk of the file, and V8 keeps the whole chunk alive
 * while a slice is referenced, so the memo keeps its own copy of the key. Slicing a concatenation
 * makes V8 flatten it into a new string first, several times cheaper than a round trip through a
 * Buffer (see src/import/speed/README.md).
 */
function ownCopy(text: string): string {
  return (' ' + text).slice(1);
}
