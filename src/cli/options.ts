import { InvalidArgumentError } from 'commander';

// Argument parsers for commander: they check the shape of a flag, never a business rule, and
// throw InvalidArgumentError so commander reports a usage error naming the flag.

/** A whole number of at least `min` (1 for pages, 0 for a port chosen by the system). */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(
        max === Number.MAX_SAFE_INTEGER ? `Expected a whole number of at least ${min}.` : `Expected a whole number from ${min} to ${max}.`,
      );
    }
    return n;
  };
}

/** A port number, 0 meaning "any free port". */
export const portNumber = wholeNumber(0, 65535);

/** `true`/`false` (also yes/no, on/off, 1/0), as settings flags take them. */
export function booleanWord(value: string): boolean {
  const word = value.trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(word)) return true;
  if (['false', 'no', 'off', '0'].includes(word)) return false;
  throw new InvalidArgumentError('Expected true or false.');
}

/**
 * An ISO 3166 alpha-2 country code, upper-cased; an empty value or `none` gives '' (no country).
 * Not null: commander turns a parser's null into '' anyway.
 */
export function countryCode(value: string): string {
  const code = value.trim().toUpperCase();
  if (code === '' || code === 'NONE') return '';
  if (!/^[A-Z]{2}$/.test(code)) throw new InvalidArgumentError('Expected a two-letter country code such as FR or US, or "none".');
  return code;
}

/** A comma-separated list, trimmed, empty items dropped. */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** A duration such as `30d` (days) or `12h` (hours), in milliseconds. */
export function duration(value: string): number {
  const match = /^(\d+)\s*([dh])$/i.exec(value.trim());
  const amount = match ? Number(match[1]) : 0;
  if (!match || amount < 1 || amount > 100_000) throw new InvalidArgumentError('Expected a duration such as 30d (days) or 12h (hours).');
  return amount * (match[2]!.toLowerCase() === 'd' ? 86_400_000 : 3_600_000);
}
