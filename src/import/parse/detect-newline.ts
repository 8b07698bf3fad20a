import { stripQuoted } from './strip-quoted.js';

export type Newline = '\r\n' | '\n' | '\r';

/**
 * Says which line break separates the records of a file: the most frequent of CRLF, LF and CR
 * outside quoted values, CRLF winning ties. Counting instead of taking the first one copes with
 * Excel on Windows, which ends records with CRLF but line breaks inside a cell with LF only.
 * A sample without any line break gives LF, which then never matters.
 */
export function detectNewline(sample: string): Newline {
  const text = stripQuoted(sample);
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) === 10) crlf++;
    else cr++;
  }
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lf++;
  lf -= crlf;
  if (crlf >= lf && crlf >= cr && crlf > 0) return '\r\n';
  if (cr > lf) return '\r';
  return '\n';
}
