import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { RosterError } from '../../core/errors.js';
import type { EncodingName } from './encoding-name.js';
import { hexByte, markInvalidByte } from './invalid-bytes.js';
import { incompleteUtf8Tail, scanUtf8 } from './utf8-scan.js';

/** Turns the bytes of a file into text chunk by chunk; characters may straddle chunks. */
export interface ChunkDecoder {
  write(bytes: Uint8Array): string;
  /** Flushes the last characters; throws if the file ends inside one. */
  end(): string;
}

const CONTEXT_CHARS = 30;

function notUtf8(offset: number, byte: number | undefined, before: string): RosterError {
  const where =
    byte === undefined
      ? `the file ends in the middle of a character (byte offset ${offset})`
      : `the byte at offset ${offset} (${hexByte(byte)}) is not valid UTF-8`;
  const context = before ? `, right after "${before.slice(-CONTEXT_CHARS).replace(/\s+/g, ' ')}"` : '';
  return new RosterError(
    'import_unreadable',
    `This file was read as UTF-8, but ${where}${context}. It was probably saved in another encoding; if it comes from Excel on Windows, import it again with --encoding windows-1252.`,
    { field: 'encoding' },
  );
}

/**
 * What the UTF-8 decoder does with a byte that is not valid UTF-8:
 * - `refuse`: throws `import_unreadable` naming its offset (the file is in another encoding);
 * - `mark`: passes it on marked (`markInvalidByte`), so that the parser fails the row holding it
 *   and the rest of the file imports (one damaged cell in a UTF-8 file);
 * - `auto`: refuses until a valid multi-byte character has been decoded, marks from then on. A
 *   file that has shown UTF-8 characters is UTF-8 with a damaged cell, not a Windows-1252 file.
 */
export type InvalidUtf8 = 'refuse' | 'mark' | 'auto';

/** Decodes a stretch that failed `isUtf8`, each invalid byte marked instead of refused. */
function decodeMarked(body: Buffer): string {
  let text = '';
  let i = 0;
  while (i < body.length) {
    // `body` holds no character cut off at its end, so `truncated` means a broken sequence here.
    const { validUpTo } = scanUtf8(body, i);
    text += body.toString('utf8', i, validUpTo);
    if (validUpTo === body.length) break;
    text += markInvalidByte(body[validUpTo]!);
    i = validUpTo + 1;
  }
  return text;
}

/**
 * UTF-8, validated strictly before it is decoded (`isUtf8`: no overlong forms, no surrogates,
 * nothing above U+10FFFF, as WHATWG's fatal decoder), so no byte is ever replaced by U+FFFD.
 * The bytes of a character cut off at the end of a chunk wait for the next one. When a chunk is
 * refused, it is scanned again to say at which byte of the file; when invalid bytes are marked
 * (see `InvalidUtf8`), only such a chunk is scanned byte by byte.
 *
 * Why not TextDecoder in fatal mode: Node 20's streaming one is slow on large files; `isUtf8` and
 * `toString` run the file's bytes through simdutf and V8's native UTF-8 reader at a fraction of
 * its cost (figures: speed/README.md).
 */
function utf8Decoder(startOffset: number, invalid: InvalidUtf8): ChunkDecoder {
  /** The file offset of the first byte not decoded yet (the start of `pending`). */
  let offset = startOffset;
  let pending = Buffer.alloc(0);
  let mark = invalid === 'mark';
  // The text just before, only to describe an error: a few characters kept per chunk.
  let recent = '';
  const fail = (joined: Buffer, atEnd: boolean): never => {
    const { validUpTo, truncated } = scanUtf8(joined);
    const before = recent + joined.subarray(0, validUpTo).toString('utf8');
    const bad = atEnd && truncated ? undefined : joined[validUpTo];
    throw notUtf8(offset + validUpTo, bad, before);
  };
  /** With `auto`, whether a valid multi-byte character comes before the first invalid byte. */
  const utf8Before = (joined: Buffer): boolean => {
    const { validUpTo } = scanUtf8(joined);
    return !isAscii(joined.subarray(0, validUpTo));
  };
  return {
    write(bytes) {
      const chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
      const joined = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      const whole = joined.length - incompleteUtf8Tail(joined);
      const body = joined.subarray(0, whole);
      let text: string;
      if (isUtf8(body)) {
        text = body.toString('utf8');
        if (!mark && invalid === 'auto' && !isAscii(body)) mark = true;
      } else {
        if (!mark && !(invalid === 'auto' && utf8Before(joined))) return fail(joined, false);
        mark = true;
        text = decodeMarked(body);
      }
      // A copy: the few held-back bytes must not keep the whole chunk alive.
      pending = Buffer.from(joined.subarray(whole));
      offset += whole;
      recent = text.length >= CONTEXT_CHARS ? text.slice(-CONTEXT_CHARS) : (recent + text).slice(-CONTEXT_CHARS);
      return text;
    },
    end() {
      if (pending.length === 0) return '';
      if (!mark) return fail(pending, true);
      // The file ends inside a character: its bytes are invalid, each of them.
      const text = [...pending].map(markInvalidByte).join('');
      pending = Buffer.alloc(0);
      return text;
    },
  };
}

// Bytes that Windows-1252 leaves undefined. iconv-lite turns them into U+FFFD, which would lose
// them; WHATWG (and Windows itself) map each to the C1 control of the same number instead, so
// the text still holds every byte of the file and encoding it back gives the same bytes.
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

function windows1252Decoder(): ChunkDecoder {
  return {
    write(bytes) {
      const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), 'windows-1252');
      if (!text.includes('\uFFFD')) return text;
      // One byte is one UTF-16 unit in a single-byte encoding, so positions line up.
      let out = '';
      let from = 0;
      for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) {
        const b = bytes[i]!;
        if (!CP1252_UNDEFINED.has(b)) continue;
        out += text.slice(from, i) + String.fromCharCode(b);
        from = i + 1;
      }
      return out + text.slice(from);
    },
    end: () => '',
  };
}

function iconvDecoder(encoding: 'iso-8859-1' | 'utf-16le' | 'utf-16be', startOffset: number): ChunkDecoder {
  const decoder = iconv.getDecoder(encoding, { stripBOM: false });
  let total = startOffset;
  const wide = encoding !== 'iso-8859-1';
  return {
    write(bytes) {
      total += bytes.length;
      return decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
    },
    end() {
      // iconv-lite silently drops a last odd byte of UTF-16; that byte would be lost.
      if (wide && total % 2 === 1) {
        throw new RosterError(
          'import_unreadable',
          `This file was read as ${encoding.toUpperCase()}, but it has an odd number of bytes (${total}), so its last character is cut in half. The file is probably damaged or not in ${encoding.toUpperCase()}.`,
          { field: 'encoding' },
        );
      }
      return decoder.end() ?? '';
    },
  };
}

/**
 * Creates the decoder for one encoding. Nothing is ever dropped or replaced: invalid UTF-8
 * (unless `invalidUtf8` marks it for the parser, see `InvalidUtf8`) and a UTF-16 file with an
 * odd byte count throw `RosterError('import_unreadable')` naming the byte offset (counted from
 * the start of the file, so pass the byte order mark's length as `startOffset`); the five bytes Windows-1252 leaves undefined become C1 controls as in
 * WHATWG. Windows-1252, ISO-8859-1 and UTF-16 go through iconv-lite; UTF-8 through the native
 * decoder, which is several times faster.
 */
export function createChunkDecoder(
  encoding: EncodingName,
  options: { startOffset?: number; invalidUtf8?: InvalidUtf8 } = {},
): ChunkDecoder {
  const startOffset = options.startOffset ?? 0;
  switch (encoding) {
    case 'utf-8':
      return utf8Decoder(startOffset, options.invalidUtf8 ?? 'refuse');
    case 'windows-1252':
      return windows1252Decoder();
    default:
      return iconvDecoder(encoding, startOffset);
  }
}
