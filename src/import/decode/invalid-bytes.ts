/**
 * How a byte that is not valid UTF-8 travels from the decoder to the parser, which fails the row
 * that holds it: as a NUL followed by a lone low surrogate U+DC80–U+DCFF carrying the byte (as
 * Python's "surrogateescape"). Valid UTF-8 never decodes to a lone surrogate, so the pair cannot
 * come from the file itself; and the parser already looks for NUL characters (PostgreSQL cannot
 * store them) with one `indexOf` per stretch of text, so a file without either costs nothing more.
 */
const MARK = '\0';
const SURROGATE_BASE = 0xdc00;
const MARKED = /\0([\uDC80-\uDCFF])/g;

/** The text standing for one invalid byte (0x80–0xFF). */
export function markInvalidByte(byte: number): string {
  return MARK + String.fromCharCode(SURROGATE_BASE + byte);
}

/** The invalid bytes marked in a cell, in order (empty when none). */
export function invalidBytesIn(cell: string): number[] {
  const bytes: number[] = [];
  for (const m of cell.matchAll(MARKED)) bytes.push(m[1]!.charCodeAt(0) - SURROGATE_BASE);
  return bytes;
}

/** The cell as a person can read it: each invalid byte becomes U+FFFD, the replacement character. */
export function unmarkInvalidBytes(cell: string): string {
  return cell.includes(MARK) ? cell.replace(MARKED, '\uFFFD') : cell;
}

/** `0xE9`: a byte as people who fix files write it. */
export function hexByte(byte: number): string {
  return '0x' + byte.toString(16).toUpperCase().padStart(2, '0');
}
