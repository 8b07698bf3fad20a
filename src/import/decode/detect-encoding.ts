import { RosterError } from '../../core/errors.js';
import { assertLooksLikeText } from './binary-check.js';
import type { EncodingName } from './encoding-name.js';
import { hexByte } from './invalid-bytes.js';
import { scanUtf8, tallyUtf8 } from './utf8-scan.js';

export interface EncodingDetection {
  encoding: EncodingName;
  /** Bytes of byte order mark at the start of the file, to skip before decoding. */
  bomLength: number;
  /** Why this encoding was chosen, as a sentence fragment a person can read. */
  reason: string;
  /**
   * UTF-8 whose head already holds bytes that are not UTF-8: they are to be reported row by row
   * (see `InvalidUtf8` in chunk-decoder.ts) rather than refuse the file.
   */
  invalidBytes?: true;
}

/** Bytes looked at for the UTF-16 zero-byte pattern; a few lines of text are plenty. */
const UTF16_SAMPLE_BYTES = 4096;

const startsWith = (head: Uint8Array, ...bytes: number[]) => head.length >= bytes.length && bytes.every((b, i) => head[i] === b);

/**
 * UTF-16 without a byte order mark: most characters of a CSV are ASCII, so one byte of each
 * pair is zero, always the second (little-endian) or always the first (big-endian). A few
 * zeros on the other side are allowed because characters like U+4E00 have a zero low byte.
 */
function utf16ByPattern(head: Uint8Array): EncodingName | undefined {
  const end = Math.min(head.length - (head.length % 2), UTF16_SAMPLE_BYTES);
  const pairs = end / 2;
  if (pairs === 0) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < end; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const looksLike = (many: number, few: number) => many / pairs >= 0.2 && few / pairs < 0.05 && many > 4 * few;
  if (looksLike(oddZeros, evenZeros)) return 'utf-16le';
  if (looksLike(evenZeros, oddZeros)) return 'utf-16be';
  return undefined;
}

function isAscii(head: Uint8Array): boolean {
  for (let i = 0; i < head.length; i++) if (head[i]! >= 0x80) return false;
  return true;
}

/**
 * A head that is not valid UTF-8: UTF-8 all the same when its valid multi-byte characters
 * outnumber its invalid bytes (a UTF-8 file with a damaged cell: one stray 0xE9 must not turn
 * every "Zoë" into "ZoÃ«"), Windows-1252 otherwise (its accented letters are single bytes that
 * are almost never followed by what UTF-8 would need, so they count as invalid bytes).
 */
function notUtf8(head: Uint8Array, complete: boolean): EncodingDetection {
  const { multiByte, invalid, firstInvalid } = tallyUtf8(head, complete);
  const counts = `${multiByte} UTF-8 character${multiByte === 1 ? '' : 's'} of several bytes and ${invalid} invalid byte${invalid === 1 ? '' : 's'}`;
  if (multiByte > invalid && firstInvalid) {
    return {
      encoding: 'utf-8',
      bomLength: 0,
      reason: `the start of the file is UTF-8 (${counts}, the first ${hexByte(firstInvalid.byte)} at byte offset ${firstInvalid.offset}), read as UTF-8; the rows holding invalid bytes are reported and not imported`,
      invalidBytes: true,
    };
  }
  return {
    encoding: 'windows-1252',
    bomLength: 0,
    reason:
      multiByte === 0
        ? 'not valid UTF-8, read as Windows-1252 (what Excel writes on Windows)'
        : `not valid UTF-8 (${counts}), read as Windows-1252 (what Excel writes on Windows)`,
  };
}

/**
 * Decides how the bytes at the start of a file are to be read. A byte order mark wins (UTF-8,
 * UTF-16LE, UTF-16BE); UTF-16 without one is recognised by its zero bytes (Excel's "Unicode
 * Text" export); otherwise the head is UTF-8 if it is valid UTF-8, or mostly UTF-8 with a few
 * invalid bytes (`invalidBytes`, see `notUtf8`), and Windows-1252 if not.
 * The head may stop in the middle of a character: that is not counted against UTF-8 unless
 * `complete` says the head is the whole file. ISO-8859-1 is never guessed: Windows-1252 reads
 * every printable Latin-1 character the same way and also the €, œ and curly quotes Excel
 * writes in 0x80–0x9F, where Latin-1 has only control codes. Throws
 * `RosterError('import_unreadable')` for UTF-32 and for binary files.
 */
export function detectEncoding(head: Uint8Array, options: { complete?: boolean } = {}): EncodingDetection {
  if (startsWith(head, 0xff, 0xfe, 0x00, 0x00) || startsWith(head, 0x00, 0x00, 0xfe, 0xff)) {
    throw new RosterError(
      'import_unreadable',
      'This file is saved as UTF-32, which Roster does not read. Save it as UTF-8 (in Excel: "CSV UTF-8") and import it again.',
    );
  }
  let found: EncodingDetection;
  if (startsWith(head, 0xef, 0xbb, 0xbf)) found = { encoding: 'utf-8', bomLength: 3, reason: 'byte order mark for UTF-8' };
  else if (startsWith(head, 0xff, 0xfe)) found = { encoding: 'utf-16le', bomLength: 2, reason: 'byte order mark for UTF-16LE' };
  else if (startsWith(head, 0xfe, 0xff)) found = { encoding: 'utf-16be', bomLength: 2, reason: 'byte order mark for UTF-16BE' };
  else {
    const wide = utf16ByPattern(head);
    if (wide) {
      const name = wide === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE';
      found = {
        encoding: wide,
        bomLength: 0,
        reason: `no byte order mark, but one byte in two is zero, the pattern of ${name} text (such as Excel's "Unicode Text")`,
      };
    } else if (head.length === 0) {
      found = { encoding: 'utf-8', bomLength: 0, reason: 'the file is empty, read as UTF-8' };
    } else {
      const scan = scanUtf8(head);
      const valid = scan.validUpTo === head.length || (scan.truncated && !options.complete);
      if (!valid) found = notUtf8(head, options.complete ?? false);
      else if (isAscii(head)) found = { encoding: 'utf-8', bomLength: 0, reason: 'the start of the file is plain ASCII, read as UTF-8' };
      else found = { encoding: 'utf-8', bomLength: 0, reason: 'the start of the file is valid UTF-8' };
    }
  }
  assertLooksLikeText(head.subarray(found.bomLength), found.encoding);
  return found;
}
