import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';

/**
 * Hostile CSV files for the import's fuzz test (test/import/fuzz.test.ts) and its longer run
 * (bench/fuzz-import.ts): random bytes, broken quotes, very wide headers, huge cells, blank lines
 * by the million, encodings changing mid-file, NUL bytes, byte order marks where none belong,
 * and seeded mutations of a valid file. Each generator yields the file's bytes piece by piece,
 * so a 50 MB file is never held in memory; `writeHostileFile` streams them to disk with
 * backpressure. The same seed always gives the same bytes.
 */

export type Rng = () => number;

/** Mulberry32: a small seeded PRNG giving floats in [0, 1). */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n). */
export function pick(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

export type Bytes = Iterable<Buffer>;

/** Writes a generator's pieces to `file`, waiting for the disk when it falls behind. Returns the size. */
export async function writeHostileFile(file: string, bytes: Bytes): Promise<number> {
  await pipeline(Readable.from(bytes, { objectMode: false }), fs.createWriteStream(file));
  return fs.statSync(file).size;
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const HEADER = 'Email,First Name,Last Name,Notes\n';

function goodRow(prefix: string, i: number): string {
  return `${prefix}${i}@fuzz.example,First${i},Last${i},note ${i}\n`;
}

/** `size` random bytes, in 64 KiB pieces. */
export function* randomBytesFile(rng: Rng, size: number): Bytes {
  for (let done = 0; done < size;) {
    const n = Math.min(64 * 1024, size - done);
    const piece = Buffer.alloc(n);
    for (let i = 0; i < n; i++) piece[i] = pick(rng, 256);
    done += n;
    yield piece;
  }
}

/** Random printable ASCII with commas, quotes and line breaks: looks like text, reads as nonsense. */
export function* randomTextFile(rng: Rng, size: number): Bytes {
  const alphabet = 'abcdefghij@.,,,;"""\n\n\r \t0123456789ABC';
  for (let done = 0; done < size;) {
    const n = Math.min(64 * 1024, size - done);
    const piece = Buffer.alloc(n);
    for (let i = 0; i < n; i++) piece[i] = alphabet.charCodeAt(pick(rng, alphabet.length));
    done += n;
    yield piece;
  }
}

/**
 * Quotes that do not balance, in every position: never closed in a middle row, text after a
 * closing quote, a stray quote inside a cell, a quoted cell with a doubled quote (valid), and an
 * opening quote on the last row that runs to the end of the file.
 */
export function* unbalancedQuotesFile(): Bytes {
  yield utf8(HEADER);
  yield utf8(goodRow('q', 1));
  yield utf8('q2@fuzz.example,"Never,Closed,note 2\n');
  yield utf8(goodRow('q', 3));
  yield utf8('q4@fuzz.example,"Text"after,Last4,note 4\n');
  yield utf8('q5@fuzz.example,Mid"quote,Last5,note 5\n');
  yield utf8('q6@fuzz.example,"Dou""bled",Last6,"a, b"\n');
  yield utf8('"q7@fuzz.example,First7,Last7,note 7\n');
  yield utf8(goodRow('q', 8));
  yield utf8('q9@fuzz.example,First9,Last9,"runs to the end\nand on\n');
}

/** A header row whose own quote never closes: the columns cannot be read at all. */
export function* brokenHeaderFile(): Bytes {
  yield utf8('Email,"First Name,Last Name\n');
  yield utf8(goodRow('h', 1));
}

/**
 * A header of `columns` columns: Email, First Name and Last Name first, then "Extra 4" … and
 * `rows` data rows filling every column. Without `required`, the header misses Email.
 */
export function* wideHeaderFile(columns: number, rows: number, required = true): Bytes {
  const head = required ? ['Email', 'First Name', 'Last Name'] : ['Mail box', 'Given', 'Family'];
  const extra = (from: number, make: (i: number) => string) => {
    const cells: string[] = [];
    for (let i = from; i <= columns; i++) cells.push(make(i));
    return cells.join(',');
  };
  yield utf8(head.join(',') + ',' + extra(4, (i) => `Extra ${i}`) + '\n');
  for (let r = 1; r <= rows; r++) yield utf8(`wide${r}@fuzz.example,First${r},Last${r},` + extra(4, (i) => String(i % 10)) + '\n');
}

/**
 * A good row, then a row whose Notes cell holds `cellBytes` bytes of text without a line break
 * (quoted when `quoted`), then another good row.
 */
export function* hugeCellFile(cellBytes: number, quoted: boolean): Bytes {
  yield utf8(HEADER);
  yield utf8(goodRow('huge', 1));
  yield utf8(`huge2@fuzz.example,First2,Last2,${quoted ? '"' : ''}`);
  const piece = Buffer.alloc(1024 * 1024, 'x');
  for (let done = 0; done < cellBytes; done += piece.length)
    yield done + piece.length <= cellBytes ? piece : piece.subarray(0, cellBytes - done);
  yield utf8(`${quoted ? '"' : ''}\n`);
  yield utf8(goodRow('huge', 3));
}

/** A header, `lines` blank lines (LF, CRLF, blanks and lone delimiters), then `tail` good rows. */
export function* emptyLinesFile(lines: number, tail: number): Bytes {
  yield utf8(HEADER);
  const kinds = ['\n', '\r\n', '\n', ' \n', ',,,\n', '\n'];
  const chunk: string[] = [];
  for (let i = 0; i < lines; i++) {
    chunk.push(kinds[i % kinds.length]!);
    if (chunk.length === 50_000) yield utf8(chunk.splice(0).join(''));
  }
  if (chunk.length) yield utf8(chunk.join(''));
  for (let i = 1; i <= tail; i++) yield utf8(goodRow('blank', i));
}

/**
 * UTF-8 rows with accented names (past the first 64 KiB the encoding is judged on), then rows in
 * Windows-1252 (é as the single byte 0xE9), then rows in UTF-16LE (a zero byte after every ASCII
 * character), then UTF-8 again.
 */
export function* mixedEncodingsFile(): Bytes {
  yield utf8(HEADER);
  for (let i = 1; i <= 800; i++) yield utf8(`mix${i}@fuzz.example,Chloé${i},Müller,${'ü'.repeat(40)}\n`);
  for (let i = 801; i <= 810; i++) yield iconv.encode(`mix${i}@fuzz.example,José${i},Pérez,café\n`, 'windows-1252');
  for (let i = 811; i <= 820; i++) yield iconv.encode(`mix${i}@fuzz.example,Wide${i},Sixteen,note\n`, 'utf-16le');
  for (let i = 821; i <= 830; i++) yield utf8(`mix${i}@fuzz.example,Zoë${i},Back,again\n`);
}

/** The same mix, starting in Windows-1252: the file reads as 1252, and the UTF-16 rows hold NULs. */
export function* mixedEncodings1252FirstFile(): Bytes {
  yield utf8(HEADER);
  for (let i = 1; i <= 200; i++) yield iconv.encode(`mx${i}@fuzz.example,José${i},Pérez,café crème\n`, 'windows-1252');
  for (let i = 201; i <= 210; i++) yield utf8(`mx${i}@fuzz.example,Chloé${i},Müller,ü\n`);
  for (let i = 211; i <= 220; i++) yield iconv.encode(`mx${i}@fuzz.example,Wide${i},Sixteen,note\n`, 'utf-16le');
  yield iconv.encode('\ufeffmx221@fuzz.example,Be,Sixteen,note\n', 'utf-16be');
}

/** NUL bytes: in the first 8 KiB when `inHead` (a binary-looking file), otherwise in cells further on. */
export function* nulBytesFile(inHead: boolean): Bytes {
  yield utf8(HEADER);
  if (inHead) yield utf8('nul0@fuzz.example,Fi\0rst,Last,note\n');
  for (let i = 1; i <= 300; i++) yield utf8(goodRow('nul', i).replace('note', `note ${'n'.repeat(40)}`));
  yield utf8('nul301@fuzz.example,Fi\0rst,Last301,note\n');
  yield utf8('nul302\0@fuzz.example,First302,Last302,note\n');
  yield utf8('\0\0\0\0\n');
  yield utf8('nul303@fuzz.example,First303,Last303,\0\n');
  yield Buffer.alloc(64, 0);
  yield utf8('\n' + goodRow('nul', 304));
}

/**
 * Byte order marks where none belong: two at the start, one at the start of lines (files pasted
 * together), inside cells, alone on a line, and one in the middle of an email.
 */
export function* repeatedBomsFile(): Bytes {
  yield BOM;
  yield BOM;
  yield utf8(HEADER);
  yield utf8(goodRow('bom', 1));
  yield Buffer.concat([BOM, utf8(goodRow('bom', 2))]);
  yield Buffer.concat([utf8('bom3@fuzz.example,Fi'), BOM, utf8('rst3,Last3,note\n')]);
  yield Buffer.concat([BOM, BOM, utf8('\n')]);
  yield Buffer.concat([utf8('bom4@fuzz.'), BOM, utf8('example,First4,Last4,note\n')]);
  yield Buffer.concat([BOM, utf8(HEADER)]);
  yield Buffer.concat([utf8('bom5@fuzz.example'), BOM, utf8(',First5,Last5,'), BOM, utf8('\n')]);
  yield utf8(goodRow('bom', 6));
}

/** The same in UTF-16LE: a BOM at the start, then one inside a cell and one at the start of a line. */
export function* repeatedBomsUtf16File(): Bytes {
  const text = `\ufeff\ufeff${HEADER}${goodRow('wbom', 1)}\ufeff${goodRow('wbom', 2)}wbom3@fuzz.example,Fi\ufeffrst,Last3,x\n`;
  yield iconv.encode(text, 'utf-16le');
}

const MUTATION_BYTES = [0x22, 0x22, 0x2c, 0x2c, 0x3b, 0x0a, 0x0d, 0x09, 0x00, 0xef, 0xbb, 0xbf, 0xe9, 0xff, 0x40, 0x20];

/**
 * A copy of `sample` with 1–12 random edits: a byte flipped, inserted or deleted (favouring
 * quotes, delimiters, line breaks, NUL and bytes of other encodings), a line duplicated or
 * dropped, or a quote run inserted. Returns the bytes and a short description of the edits.
 */
export function mutate(sample: Buffer, rng: Rng): { bytes: Buffer; edits: string[] } {
  let bytes = Buffer.from(sample);
  const edits: string[] = [];
  const n = 1 + pick(rng, 12);
  for (let e = 0; e < n; e++) {
    const at = pick(rng, bytes.length + 1);
    const special = MUTATION_BYTES[pick(rng, MUTATION_BYTES.length)]!;
    const byte = rng() < 0.7 ? special : pick(rng, 256);
    switch (pick(rng, 7)) {
      case 0:
        if (at < bytes.length) {
          bytes[at] = bytes[at]! ^ (1 << pick(rng, 8));
          edits.push(`flip@${at}`);
        }
        break;
      case 1:
      case 2:
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at)]);
        edits.push(`insert 0x${byte.toString(16)}@${at}`);
        break;
      case 3: {
        const len = 1 + pick(rng, 4);
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + len)]);
        edits.push(`delete ${len}@${at}`);
        break;
      }
      case 4:
        if (at < bytes.length) {
          bytes[at] = byte;
          edits.push(`set 0x${byte.toString(16)}@${at}`);
        }
        break;
      case 5: {
        const run = '"'.repeat(1 + pick(rng, 3));
        bytes = Buffer.concat([bytes.subarray(0, at), utf8(run), bytes.subarray(at)]);
        edits.push(`quotes ${run.length}@${at}`);
        break;
      }
      default: {
        // Duplicate a line (a repeated email) or drop one.
        const lines = bytes.toString('latin1').split('\n');
        const i = pick(rng, lines.length);
        if (rng() < 0.5) lines.splice(i, 0, lines[i]!);
        else lines.splice(i, 1);
        bytes = Buffer.from(lines.join('\n'), 'latin1');
        edits.push(`line ${i}`);
      }
    }
  }
  return { bytes, edits };
}

/**
 * A larger valid file from a sample: its header, then its data rows `copies` times over, each copy's
 * emails made unique ("alice.anders+7@northwind.example"). A mutation of it exercises what only
 * large files take (on SQLite, files of 4 MiB and more are read on a worker thread).
 */
export function repeatedSample(sample: Buffer, copies: number): Buffer {
  const [header, ...rows] = sample.toString('utf8').split('\n');
  const data = rows.filter((r) => r.trim() !== '');
  const out: string[] = [header!];
  for (let c = 1; c <= copies; c++) for (const row of data) out.push(row.replace('@', `+${c}@`));
  return Buffer.from(out.join('\n') + '\n', 'utf8');
}
