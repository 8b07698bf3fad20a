import { toE164 } from '../../core/phone.js';

const LIMIT = 50_000;
let current = new Map<string, string | null>();
let previous = new Map<string, string | null>();

/**
 * `toE164` with a bounded memo. libphonenumber's parse is the import's largest JavaScript cost
 * (a few µs a cell) and the same number often recurs in a file (a switchboard shared by a
 * company's people). Two generations of at most 50,000 entries each (a few MB) keep the memo's
 * memory flat whatever the file's size: when the current one is full it becomes the previous
 * one and the oldest is dropped. Unique numbers gain nothing and lose only a Map lookup.
 */
export function memoE164(value: string, defaultCountry: string | undefined): string | undefined {
  const key = defaultCountry ? `${defaultCountry} ${value}` : value;
  let e164 = current.get(key);
  if (e164 === undefined) {
    e164 = previous.get(key);
    if (e164 === undefined) e164 = toE164(value, defaultCountry) ?? null;
    if (current.size >= LIMIT) {
      previous = current;
      current = new Map();
    }
    // A cell is a slice of the parser's chunk of the file, and V8 keeps the whole chunk alive
    // for as long as a slice is referenced; the memo keeps its own copy of the key.
    current.set(Buffer.from(key, 'utf8').toString('utf8'), e164);
  }
  return e164 ?? undefined;
}
