import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

const MEMO_LIMIT = 50_000;
let current = new Map<string, string | null>();
let previous = new Map<string, string | null>();

/**
 * A phone number is always kept as the person wrote it; when libphonenumber can read it as a
 * valid number (using `defaultCountry` for numbers without a +prefix) we also keep its E.164 form,
 * which is what dialers and deduplication want.
 *
 * libphonenumber's parse costs several microseconds, the largest JavaScript cost of an imported
 * row, and the same number often recurs (a switchboard shared by a company's people). So results
 * are memoised in two generations of at most 50,000 entries each: memory stays flat whatever is
 * read, and a unique number loses only a Map lookup.
 */
export function toE164(raw: string, defaultCountry?: string): string | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  const key = defaultCountry ? `${defaultCountry} ${value}` : value;
  let e164 = current.get(key);
  if (e164 === undefined) {
    e164 = previous.get(key);
    if (e164 === undefined) {
      const parsed = parsePhoneNumberFromString(value, defaultCountry as CountryCode | undefined);
      e164 = parsed && parsed.isValid() ? parsed.number : null;
    }
    if (current.size >= MEMO_LIMIT) {
      previous = current;
      current = new Map();
    }
    current.set(ownCopy(key), e164);
  }
  return e164 ?? undefined;
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
