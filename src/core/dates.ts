import { clip } from './value-limits.js';

/**
 * Dates are stored as `yyyy-mm-dd` (the article's rule). Other spellings are read only when a
 * person picks the format for a column; `suggestDateFormat` may propose one but never applies it.
 */
export const DATE_FORMATS = ['yyyy-mm-dd', 'dd/mm/yyyy', 'mm/dd/yyyy', 'dd.mm.yyyy', 'dd-mm-yyyy', 'yyyy/mm/dd', 'iso-datetime'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export function isDateFormat(value: string): value is DateFormat {
  return (DATE_FORMATS as readonly string[]).includes(value);
}

const PATTERNS: Record<DateFormat, { re: RegExp; y: number; m: number; d: number }> = {
  'yyyy-mm-dd': { re: /^(\d{4})-(\d{2})-(\d{2})$/, y: 1, m: 2, d: 3 },
  'dd/mm/yyyy': { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, y: 3, m: 2, d: 1 },
  'mm/dd/yyyy': { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, y: 3, m: 1, d: 2 },
  'dd.mm.yyyy': { re: /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, y: 3, m: 2, d: 1 },
  'dd-mm-yyyy': { re: /^(\d{1,2})-(\d{1,2})-(\d{4})$/, y: 3, m: 2, d: 1 },
  'yyyy/mm/dd': { re: /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, y: 1, m: 2, d: 3 },
  // An ISO 8601 date-time: the date part is kept as written, the time is dropped.
  'iso-datetime': { re: /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/, y: 1, m: 2, d: 3 },
};

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1]!;
}

export type DateResult = { ok: true; value: string } | { ok: false; message: string };

/** Reads a date written in `format` and returns it as `yyyy-mm-dd`, or says why it cannot. */
export function parseDate(raw: string, format: DateFormat = 'yyyy-mm-dd'): DateResult {
  const value = raw.trim();
  const p = PATTERNS[format];
  const m = p.re.exec(value);
  if (!m) {
    return {
      ok: false,
      message:
        `"${clip(value)}" is not a date in the format ${format}` +
        (format === 'yyyy-mm-dd' ? '; pick another date format for this column if the file uses one' : ''),
    };
  }
  const y = Number(m[p.y]);
  const mo = Number(m[p.m]);
  const d = Number(m[p.d]);
  if (!isRealDate(y, mo, d)) return { ok: false, message: `"${clip(value)}" is not a real calendar date` };
  return { ok: true, value: `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

export interface DateFormatSuggestion {
  format: DateFormat;
  /** True when every value also reads as another format (e.g. every day is 12 or less). */
  ambiguous: boolean;
  alternatives: DateFormat[];
}

/** Proposes the format that reads every non-empty sample value; the person still has to pick it. */
export function suggestDateFormat(samples: readonly string[]): DateFormatSuggestion | undefined {
  const values = samples.map((s) => s.trim()).filter((s) => s !== '');
  if (values.length === 0) return undefined;
  const fits = DATE_FORMATS.filter((f) => f !== 'iso-datetime' && values.every((v) => parseDate(v, f).ok));
  if (fits.length === 0) {
    return values.every((v) => parseDate(v, 'iso-datetime').ok)
      ? { format: 'iso-datetime', ambiguous: false, alternatives: [] }
      : undefined;
  }
  const [format, ...alternatives] = fits as [DateFormat, ...DateFormat[]];
  return { format, ambiguous: alternatives.length > 0, alternatives };
}
