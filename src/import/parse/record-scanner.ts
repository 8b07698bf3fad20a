import type { Newline } from './detect-newline.js';

export interface ScanOptions {
  /** One character. */
  delimiter: string;
  newline: Newline;
  /** A quoted field longer than this is taken as a quote that never closes. */
  maxQuotedChars: number;
  /** A quoted field holding more line breaks than this is taken as a quote that never closes. */
  maxQuotedLines: number;
}

export type QuoteProblem = 'unclosed_quote' | 'text_after_quote';

/**
 * What lies at the scan position:
 * - `records`: one or more complete, well-quoted records in [start, end), none of them spanning
 *   lines; the next record starts at `next`.
 * - `multiline`: one well-quoted record in [start, end) with a quoted field that holds line breaks.
 * - `broken`: a record whose quoting is wrong; its first line ends at `lineEnd` and reading
 *   resumes at `next`, the line after, so the quote cannot swallow the rest of the file.
 * - `more`: the text ends before the first record does; append text and scan again.
 */
export type ScanResult =
  | { type: 'records'; end: number; next: number }
  | { type: 'multiline'; end: number; next: number }
  | { type: 'broken'; problem: QuoteProblem; quoteAt: number; lineEnd: number; next: number }
  | { type: 'more' };

const QUOTE = 34;
const MORE: ScanResult = { type: 'more' };
const WHITESPACE = /\s/;

/**
 * Finds record boundaries in CSV text with the quoting rules papaparse applies (a quote opens
 * a field only at its start; inside, "" is a quote; after the closing quote only blanks may
 * come before the delimiter or line break), so that papaparse is only ever handed text whose
 * quotes balance. Where they do not, it reports the broken record instead of letting it run:
 * an opening quote that reaches the end of the file, or runs past `maxQuotedChars` characters
 * or `maxQuotedLines` line breaks, is `unclosed_quote`; text after a closing quote is
 * `text_after_quote`. Work is proportional to the number of quotes, not characters, as it jumps
 * with `indexOf`. `final` says no text will follow; without it, an incomplete last record is
 * left for the next call.
 */
export function scanRecords(text: string, start: number, final: boolean, options: ScanOptions): ScanResult {
  const { newline, maxQuotedChars, maxQuotedLines } = options;
  const delimiter = options.delimiter.charCodeAt(0);
  const nlLen = newline.length;
  const len = text.length;

  let recordStart = start;
  let multiline = false;
  let p = start;
  // The next line break at or after a position, kept so that long lines are searched once.
  let nextNl = text.indexOf(newline, start);
  const newlineFrom = (pos: number) => {
    if (nextNl !== -1 && nextNl < pos) nextNl = text.indexOf(newline, pos);
    return nextNl;
  };
  const linesIn = (from: number, to: number) => {
    let n = 0;
    for (let i = text.indexOf(newline, from); i !== -1 && i < to && n <= maxQuotedLines; i = text.indexOf(newline, i + nlLen)) n++;
    return n;
  };
  // Complete records before the current one, or a request for more text.
  const before = (): ScanResult => (recordStart > start ? { type: 'records', end: recordStart - nlLen, next: recordStart } : MORE);
  const ended = (end: number, next: number): ScanResult => {
    if (!multiline) return { type: 'records', end, next };
    return recordStart > start ? before() : { type: 'multiline', end, next };
  };
  const broken = (problem: QuoteProblem, quoteAt: number): ScanResult => {
    if (recordStart > start) return before();
    const lineEnd = text.indexOf(newline, recordStart);
    if (lineEnd === -1) return final ? { type: 'broken', problem, quoteAt, lineEnd: len, next: len } : MORE;
    return { type: 'broken', problem, quoteAt, lineEnd, next: lineEnd + nlLen };
  };

  for (;;) {
    const q = text.indexOf('"', p);
    const stop = q === -1 ? len : q;
    const nl = newlineFrom(p);
    if (nl !== -1 && nl < stop) {
      if (multiline) return ended(nl, nl + nlLen);
      recordStart = text.lastIndexOf(newline, stop - nlLen) + nlLen;
    }
    if (q === -1) {
      if (!final) return before();
      if (multiline) return ended(len, len);
      return { type: 'records', end: recordStart === len ? len - nlLen : len, next: len };
    }
    // A quote inside an unquoted field is an ordinary character.
    if (q !== recordStart && text.charCodeAt(q - 1) !== delimiter) {
      p = q + 1;
      continue;
    }

    let close = q + 1;
    for (;;) {
      close = text.indexOf('"', close);
      if (close === -1) {
        if (final || len - q > maxQuotedChars || linesIn(q, len) > maxQuotedLines) return broken('unclosed_quote', q);
        return before();
      }
      if (close + 1 < len && text.charCodeAt(close + 1) === QUOTE) {
        close += 2;
        continue;
      }
      break;
    }
    const nlInside = newlineFrom(q);
    const spans = nlInside !== -1 && nlInside < close;
    if (spans && (close - q > maxQuotedChars || linesIn(q, close) > maxQuotedLines)) return broken('unclosed_quote', q);
    if (spans) multiline = true;

    let k = close + 1;
    for (;;) {
      if (k === len) {
        if (!final) return before();
        // Blanks after the last closing quote of the file belong to no field.
        return ended(close + 1, len);
      }
      if (text.charCodeAt(k) === delimiter) {
        p = k + 1;
        break;
      }
      if (text.startsWith(newline, k)) {
        if (multiline) return ended(k, k + nlLen);
        recordStart = p = k + nlLen;
        break;
      }
      if (!WHITESPACE.test(text[k]!)) return broken('text_after_quote', q);
      k++;
    }
  }
}
