import { RosterError } from '../../core/errors.js';
import type { EncodingName } from './encoding-name.js';

// Files people upload by mistake instead of a CSV, by their first bytes.
const MAGIC: Array<{ bytes: number[]; what: string }> = [
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    what: 'it is a ZIP archive, which is what an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods) is. Save the sheet as "CSV UTF-8" and import that file',
  },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: 'it is an old Excel workbook (.xls). Save the sheet as "CSV UTF-8" and import that file',
  },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'it is a PDF document' },
  { bytes: [0x1f, 0x8b], what: 'it is gzip-compressed; uncompress it first' },
];

/** How much of the head the control-character count looks at; enough to judge, cheap to count. */
const SAMPLE_BYTES = 8192;
/** Share of control characters above which a file is not text. Real CSVs have next to none. */
const MAX_CONTROL_SHARE = 0.1;

const isControl = (c: number) => (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f;

function binary(detail: string): RosterError {
  return new RosterError('import_unreadable', `This file looks binary, not a CSV text file: ${detail}.`);
}

/**
 * Throws `RosterError('import_unreadable')` when the start of a file (after any byte order mark)
 * is not text in the given encoding: a known binary format (Excel workbook, ZIP, PDF, gzip), a
 * NUL character (which no text file holds, but every binary one does), or a high share of
 * control characters. UTF-16 is judged by 16-bit units, since half of its bytes are zero.
 */
export function assertLooksLikeText(head: Uint8Array, encoding: EncodingName): void {
  for (const m of MAGIC) {
    if (head.length >= m.bytes.length && m.bytes.every((b, i) => head[i] === b)) throw binary(m.what);
  }
  const wide = encoding === 'utf-16le' || encoding === 'utf-16be';
  const step = wide ? 2 : 1;
  const end = Math.min(head.length - (head.length % step), SAMPLE_BYTES);
  let controls = 0;
  for (let i = 0; i < end; i += step) {
    const c = !wide ? head[i]! : encoding === 'utf-16le' ? head[i]! | (head[i + 1]! << 8) : (head[i]! << 8) | head[i + 1]!;
    if (c === 0) throw binary(`it contains NUL ${wide ? 'characters' : 'bytes'}, which text never does`);
    if (isControl(c)) controls++;
  }
  if (end > 0 && controls / (end / step) > MAX_CONTROL_SHARE) {
    throw binary(`${Math.round((100 * controls) / (end / step))}% of its first characters are control characters`);
  }
}
