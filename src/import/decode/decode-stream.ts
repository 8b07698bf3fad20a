import { createChunkDecoder } from './chunk-decoder.js';
import { detectEncoding, type EncodingDetection } from './detect-encoding.js';
import { assertLooksLikeText } from './binary-check.js';
import type { EncodingName } from './encoding-name.js';

export interface DecodeInfo extends EncodingDetection {
  /** True when the caller chose the encoding instead of detection. */
  overridden: boolean;
}

/**
 * The text of a file, with what is known about its encoding before any text is read.
 * `text` is single-use; iterating it to the end or leaving a `for await` early closes the
 * source. Call `close()` when giving up without iterating (for example after a mapping error).
 */
export interface DecodedText {
  info: DecodeInfo;
  text: AsyncIterable<string>;
  close(): Promise<void>;
}

export interface DecodeOptions {
  /** Read the file in this encoding instead of detecting it. */
  encoding?: EncodingName;
}

/** Bytes read before deciding the encoding: more than enough to see a UTF-16 pattern or a stray byte. */
const HEAD_BYTES = 64 * 1024;

const BOMS: Partial<Record<EncodingName, number[]>> = {
  'utf-8': [0xef, 0xbb, 0xbf],
  'utf-16le': [0xff, 0xfe],
  'utf-16be': [0xfe, 0xff],
};

function chosen(head: Uint8Array, encoding: EncodingName): DecodeInfo {
  const bom = BOMS[encoding];
  const bomLength = bom && head.length >= bom.length && bom.every((b, i) => head[i] === b) ? bom.length : 0;
  assertLooksLikeText(head.subarray(bomLength), encoding);
  const reason = bomLength ? 'chosen explicitly; its byte order mark was skipped' : 'chosen explicitly';
  return { encoding, bomLength, reason, overridden: true };
}

/**
 * Streams the text of a file from its bytes. It first reads up to 64 KiB to decide the
 * encoding (see `detectEncoding`), unless `options.encoding` says which one to use, and
 * resolves once that is known, so the caller can show the encoding before reading on. The
 * byte order mark is removed and never reaches the first header; an explicit encoding removes
 * only its own byte order mark. Decoding never drops or replaces a byte silently: in UTF-8
 * text that has shown characters of several bytes, an invalid byte is passed on marked so
 * that its row fails (`InvalidUtf8` 'auto' or 'mark'); any other invalid UTF-8, or a binary
 * file, rejects with `RosterError('import_unreadable')` (see `createChunkDecoder` and
 * `assertLooksLikeText`).
 */
export async function decodeStream(source: AsyncIterable<Uint8Array>, options: DecodeOptions = {}): Promise<DecodedText> {
  const it = source[Symbol.asyncIterator]();
  let closed = false;
  const closeSource = async () => {
    if (closed) return;
    closed = true;
    await it.return?.();
  };

  let head: Uint8Array | undefined;
  let exhausted = false;
  let info: DecodeInfo;
  try {
    const parts: Uint8Array[] = [];
    let size = 0;
    while (size < HEAD_BYTES) {
      const r = await it.next();
      if (r.done) {
        exhausted = closed = true;
        break;
      }
      parts.push(r.value);
      size += r.value.length;
    }
    head = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    info = options.encoding ? chosen(head, options.encoding) : { ...detectEncoding(head, { complete: exhausted }), overridden: false };
  } catch (error) {
    await closeSource();
    throw error;
  }

  const decoder = createChunkDecoder(info.encoding, { startOffset: info.bomLength, invalidUtf8: info.invalidBytes ? 'mark' : 'auto' });
  async function* text(): AsyncGenerator<string> {
    try {
      const first = decoder.write(head!.subarray(info.bomLength));
      // The head can be a whole 1 MiB read; let it go once decoded.
      head = undefined;
      if (first) yield first;
      while (!exhausted) {
        const r = await it.next();
        if (r.done) {
          exhausted = closed = true;
          break;
        }
        const chunk = decoder.write(r.value);
        if (chunk) yield chunk;
      }
      const last = decoder.end();
      if (last) yield last;
    } finally {
      await closeSource();
    }
  }
  const gen = text();
  return {
    info,
    text: gen,
    async close() {
      await gen.return(undefined);
      await closeSource();
    },
  };
}
