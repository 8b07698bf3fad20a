import iconv from 'iconv-lite';
import { RosterError } from '../../core/errors.js';
import type { EncodingName } from './encoding-name.js';
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
      : `the byte at offset ${offset} (0x${byte.toString(16).toUpperCase().padStart(2, '0')}) is not valid UTF-8`;
  const context = before ? `, right after "${before.slice(-CONTEXT_CHARS).replace(/\s+/g, ' ')}"` : '';
  return new RosterError(
    'import_unreadable',
    `This file was read as UTF-8, but ${where}${context}. It was probably saved in another encoding; if it comes from Excel on Windows, import it again with --encoding windows-1252.`,
    { field: 'encoding' },
  );
}

/**
 * UTF-8 through the native WHATWG decoder in fatal mode, which never substitutes U+FFFD.
 * When it refuses a chunk, the chunk is scanned again to say at which byte of the file.
 */
function utf8Decoder(startOffset: number): ChunkDecoder {
  // ignoreBOM keeps a U+FEFF that follows the (already removed) byte order mark: it is data.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let offset = startOffset;
  // The bytes of an unfinished character the native decoder holds back, and the text before
  // them: both only serve to describe an error, and cost a few bytes per chunk to keep.
  let pending: Uint8Array = new Uint8Array(0);
  let recent = '';
  const fail = (bytes: Uint8Array | undefined): never => {
    const joined = bytes ? Buffer.concat([pending, bytes]) : Buffer.from(pending);
    const { validUpTo } = scanUtf8(joined);
    const before = recent + joined.subarray(0, validUpTo).toString('utf8');
    const bad = bytes && validUpTo < joined.length ? joined[validUpTo] : undefined;
    throw notUtf8(offset - pending.length + validUpTo, bad, before);
  };
  return {
    write(bytes) {
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        return fail(bytes);
      }
      // An unfinished character is at most 3 bytes, so a short chunk may continue the last one.
      if (bytes.length >= 3) pending = bytes.subarray(bytes.length - incompleteUtf8Tail(bytes));
      else {
        const joined = Buffer.concat([pending, bytes]);
        pending = joined.subarray(joined.length - incompleteUtf8Tail(joined));
      }
      offset += bytes.length;
      recent = text.length >= CONTEXT_CHARS ? text.slice(-CONTEXT_CHARS) : (recent + text).slice(-CONTEXT_CHARS);
      return text;
    },
    end() {
      try {
        return decoder.decode();
      } catch {
        return fail(undefined);
      }
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
 * and a UTF-16 file with an odd byte count throw `RosterError('import_unreadable')` naming the
 * byte offset (counted from the start of the file, so pass the byte order mark's length as
 * `startOffset`); the five bytes Windows-1252 leaves undefined become C1 controls as in
 * WHATWG. Windows-1252, ISO-8859-1 and UTF-16 go through iconv-lite; UTF-8 through the native
 * decoder, which is several times faster.
 */
export function createChunkDecoder(encoding: EncodingName, options: { startOffset?: number } = {}): ChunkDecoder {
  const startOffset = options.startOffset ?? 0;
  switch (encoding) {
    case 'utf-8':
      return utf8Decoder(startOffset);
    case 'windows-1252':
      return windows1252Decoder();
    default:
      return iconvDecoder(encoding, startOffset);
  }
}
