export interface ScanOptions {
  /** One character. */
  delimiter: string;
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

const LF = 10;
const CR = 13;

/** 2 for a CRLF at `at`, 1 for a lone LF or CR. */
export function breakLength(text: string, at: number): 1 | 2 {
  return text.charCodeAt(at) === CR && text.charCodeAt(at + 1) === LF ? 2 : 1;
}

/**
 * The line breaks of a text in order, CRLF, LF and CR alike, so that a file whose lines end in a
 * mix of them (files pasted together, a line edited on another system) reads each line as one.
 * The next LF and the next CR are kept, so long lines are searched once and a text without a CR
 * costs one search for it; the positions asked for must not go backwards.
 */
export class LineBreaks {
  private lf: number;
  private cr: number;

  constructor(
    private readonly text: string,
    from: number,
  ) {
    this.lf = text.indexOf('\n', from);
    this.cr = text.indexOf('\r', from);
  }

  /** Where the first line break at or after `pos` starts, or -1. */
  from(pos: number): number {
    if (this.lf !== -1 && this.lf < pos) this.lf = this.text.indexOf('\n', pos);
    if (this.cr !== -1 && this.cr < pos) this.cr = this.text.indexOf('\r', pos);
    if (this.cr === -1) return this.lf;
    return this.lf === -1 || this.cr < this.lf ? this.cr : this.lf;
  }

  /**
   * Where the last line break that starts before `to` starts, or -1; after `from(pos)`, only
   * breaks at or after `pos` are looked for, so the search goes back no further than that.
   * `to` must not be the LF of a CRLF.
   */
  lastBefore(to: number): number {
    const lf = this.lf !== -1 && this.lf < to ? this.text.lastIndexOf('\n', to - 1) : -1;
    const cr = this.cr !== -1 && this.cr < to ? this.text.lastIndexOf('\r', to - 1) : -1;
    if (lf > cr) return cr !== -1 && cr === lf - 1 ? cr : lf;
    return cr;
  }

  /** How many line breaks start in [from, to), counting no further than `limit` + 1. */
  static count(text: string, from: number, to: number, limit: number): number {
    const breaks = new LineBreaks(text, from);
    let n = 0;
    for (let at = breaks.from(from); at !== -1 && at < to && n <= limit; at = breaks.from(at + breakLength(text, at))) n++;
    return n;
  }
}

/** Where the first line break at or after `from` starts, or -1. */
export function nextLineBreak(text: string, from: number): number {
  return new LineBreaks(text, from).from(from);
}

const QUOTE = 34;
const MORE: ScanResult = { type: 'more' };
const WHITESPACE = /\s/;

/**
 * Finds record boundaries in CSV text with the quoting rules papaparse applies (a quote opens
 * a field only at its start; inside, "" is a quote; after the closing quote only blanks may
 * come before the delimiter or line break), so that papaparse is only ever handed text whose
 * quotes balance. A record ends at any line break outside quotes: CRLF, LF or a lone CR (see
 * `LineBreaks`); the caller keeps a CR that ends text still to be continued until it knows
 * whether an LF follows. Where quotes do not balance, it reports the broken record instead of
 * letting it run: an opening quote that reaches the end of the file, or runs past
 * `maxQuotedChars` characters or `maxQuotedLines` line breaks, is `unclosed_quote`; text after a
 * closing quote is `text_after_quote`. Work is proportional to the number of quotes and line
 * breaks, not characters, as it jumps with `indexOf`. `final` says no text will follow; without
 * it, an incomplete last record is left for the next call.
 */
export function scanRecords(text: string, start: number, final: boolean, options: ScanOptions): ScanResult {
  const { maxQuotedChars, maxQuotedLines } = options;
  const delimiter = options.delimiter.charCodeAt(0);
  const len = text.length;

  let recordStart = start;
  // Where the line break before `recordStart` starts, once `recordStart` has moved.
  let recordBreak = start;
  let multiline = false;
  let p = start;
  const breaks = new LineBreaks(text, start);
  const linesIn = (from: number, to: number) => LineBreaks.count(text, from, to, maxQuotedLines);
  // Complete records before the current one, or a request for more text.
  const before = (): ScanResult => (recordStart > start ? { type: 'records', end: recordBreak, next: recordStart } : MORE);
  const ended = (end: number, next: number): ScanResult => {
    if (!multiline) return { type: 'records', end, next };
    return recordStart > start ? before() : { type: 'multiline', end, next };
  };
  const broken = (problem: QuoteProblem, quoteAt: number): ScanResult => {
    if (recordStart > start) return before();
    const lineEnd = nextLineBreak(text, recordStart);
    if (lineEnd === -1) return final ? { type: 'broken', problem, quoteAt, lineEnd: len, next: len } : MORE;
    return { type: 'broken', problem, quoteAt, lineEnd, next: lineEnd + breakLength(text, lineEnd) };
  };

  for (;;) {
    const q = text.indexOf('"', p);
    const stop = q === -1 ? len : q;
    const nl = breaks.from(p);
    if (nl !== -1 && nl < stop) {
      if (multiline) return ended(nl, nl + breakLength(text, nl));
      recordBreak = breaks.lastBefore(stop);
      recordStart = recordBreak + breakLength(text, recordBreak);
    }
    if (q === -1) {
      if (!final) return before();
      if (multiline) return ended(len, len);
      return { type: 'records', end: recordStart === len ? recordBreak : len, next: len };
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
    const nlInside = breaks.from(q);
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
      const c = text.charCodeAt(k);
      if (c === delimiter) {
        p = k + 1;
        break;
      }
      if (c === LF || c === CR) {
        const next = k + breakLength(text, k);
        if (multiline) return ended(k, next);
        recordBreak = k;
        recordStart = p = next;
        break;
      }
      if (!WHITESPACE.test(text[k]!)) return broken('text_after_quote', q);
      k++;
    }
  }
}
