export interface Utf8Scan {
  /** Length of the longest prefix that is complete, valid UTF-8. */
  validUpTo: number;
  /**
   * True when the bytes after `validUpTo` are the valid beginning of a character that the
   * buffer cuts off, so more bytes could still make them valid.
   */
  truncated: boolean;
}

/**
 * Finds where a buffer stops being valid UTF-8, by the same rules as WHATWG's decoder
 * (no overlong forms, no surrogates, nothing above U+10FFFF). The decoders themselves are
 * native and faster; this exists for what they do not say: the byte offset of the first bad
 * byte, and whether a buffer merely ends in the middle of a character.
 */
export function scanUtf8(bytes: Uint8Array, start = 0): Utf8Scan {
  const n = bytes.length;
  let i = start;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return { validUpTo: i, truncated: false };
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return { validUpTo: i, truncated: true };
      const c = bytes[i + k]!;
      // Only the first continuation byte has a narrowed range; the rest are plain 80..BF.
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return { validUpTo: i, truncated: false };
    }
    i += need + 1;
  }
  return { validUpTo: n, truncated: false };
}

/**
 * How many bytes at the end of `bytes` start a character that is not complete yet (0 to 3).
 * Looks at no more than the last three bytes, so it costs nothing per chunk.
 */
export function incompleteUtf8Tail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const b = bytes[n - k]!;
    if ((b & 0xc0) === 0x80) continue;
    if (b < 0xc0) return 0;
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return len > k ? k : 0;
  }
  return 0;
}

export interface Utf8Tally {
  /** Valid characters of two to four bytes: the evidence that the text is UTF-8. */
  multiByte: number;
  /** Bytes that start no valid character (each counted on its own). */
  invalid: number;
  /** Offset and value of the first invalid byte, when there is one. */
  firstInvalid?: { offset: number; byte: number };
}

/**
 * Counts the valid multi-byte characters and the invalid bytes of a buffer, by `scanUtf8`'s
 * rules. A character cut off by the end of the buffer is not counted as invalid unless
 * `complete` says the buffer is the whole file. Used on the head of a file only: it tells one
 * damaged cell in a UTF-8 file (many characters, a stray byte) from a Windows-1252 file (its
 * accented letters are almost never followed by continuation bytes).
 */
export function tallyUtf8(bytes: Uint8Array, complete = false): Utf8Tally {
  const tally: Utf8Tally = { multiByte: 0, invalid: 0 };
  let i = 0;
  while (i < bytes.length) {
    const { validUpTo, truncated } = scanUtf8(bytes, i);
    for (let k = i; k < validUpTo; k++) if (bytes[k]! >= 0xc0) tally.multiByte++;
    if (validUpTo === bytes.length || (truncated && !complete)) break;
    tally.invalid++;
    tally.firstInvalid ??= { offset: validUpTo, byte: bytes[validUpTo]! };
    i = validUpTo + 1;
  }
  return tally;
}
