import { stripQuoted } from './strip-quoted.js';

export type Delimiter = ',' | ';' | '\t' | '|';

export interface DelimiterDetection {
  delimiter: Delimiter;
  reason: string;
}

// Order breaks ties: comma is the standard, semicolon what Excel writes where comma is the decimal mark.
const CANDIDATES: Array<{ delimiter: Delimiter; one: string; many: string }> = [
  { delimiter: ',', one: 'comma', many: 'commas' },
  { delimiter: ';', one: 'semicolon', many: 'semicolons' },
  { delimiter: '\t', one: 'tab', many: 'tabs' },
  { delimiter: '|', one: 'pipe (|)', many: 'pipes (|)' },
];

/** Lines looked at; the header and a few dozen rows show the pattern. */
const MAX_LINES = 50;

function count(line: string, ch: string): number {
  let n = 0;
  for (let i = line.indexOf(ch); i !== -1; i = line.indexOf(ch, i + 1)) n++;
  return n;
}

/**
 * Guesses the delimiter of a CSV sample among comma, semicolon, tab and pipe: the one the
 * header line contains and the most lines contain the same number of times, outside quoted
 * values; more occurrences in the header break ties, then the order above. Blank lines and an
 * Excel `sep=` line are ignored. Without any of the four in the header, the file has a single
 * column and comma is as good as any.
 */
export function detectDelimiter(sample: string): DelimiterDetection {
  const lines = stripQuoted(sample)
    .split(/\r\n|\n|\r/)
    .filter((l, i) => l.trim() !== '' && !(i === 0 && /^sep=.$/.test(l)))
    .slice(0, MAX_LINES);
  if (lines.length === 0) return { delimiter: ',', reason: 'the file has no lines to look at, so comma is assumed' };
  let best: { c: (typeof CANDIDATES)[number]; inHeader: number; agree: number } | undefined;
  for (const c of CANDIDATES) {
    const inHeader = count(lines[0]!, c.delimiter);
    if (inHeader === 0) continue;
    const agree = lines.filter((l) => count(l, c.delimiter) === inHeader).length;
    if (!best || agree > best.agree || (agree === best.agree && inHeader > best.inHeader)) best = { c, inHeader, agree };
  }
  if (!best) return { delimiter: ',', reason: 'the header has no comma, semicolon, tab or pipe, so the file is read as a single column' };
  const what = `${best.inHeader} ${best.inHeader === 1 ? best.c.one : best.c.many}`;
  const reason =
    lines.length === 1
      ? `the header has ${what} outside quotes`
      : best.agree === lines.length
        ? `each of the first ${lines.length} lines has ${what} outside quotes`
        : `the header has ${what} outside quotes and ${best.agree} of the first ${lines.length} lines have as many`;
  return { delimiter: best.c.delimiter, reason };
}
