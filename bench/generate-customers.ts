import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/**
 * A deterministic customers CSV for the import benchmark: the columns of
 * `shared/samples/customers.csv`, unique emails, some quoted cells with commas ("Fabrikam, Inc."),
 * some accented names, real-looking phone numbers, about 120 bytes a row. The same row count
 * always gives the same bytes (seeded PRNG), so runs on different days compare.
 */

export const CUSTOMER_HEADERS = [
  'Email',
  'First Name',
  'Last Name',
  'Organization',
  'Phone',
  'Title',
  'City',
  'Country',
  'Customer Since',
] as const;

/** Bump when the bytes a row count produces change, so a cached file from an older generator is not reused. */
const GENERATOR_VERSION = 1;

// prettier-ignore
const FIRST_NAMES = [
  'Alice', 'Bruno', 'Chloé', 'Dmitri', 'Elena', 'Farah', 'Gustav', 'Hana', 'Ivan', 'Júlia', 'Kwame',
  'Lena', 'Mateo', 'Nadia', 'Omar', 'Paula', 'Quentin', 'Rosa', 'Sven', 'Tomás', 'Ursula', 'Victor',
  'Wanda', 'Xavier', 'Yara', 'Zoë', 'Amélie', 'Björn', 'Carmen', 'Dario', 'Emeka', 'François',
  'Grace', 'Henrik', 'Ingrid', 'Jamal', 'Katarzyna', 'Luca', 'Maëlle', 'Nikolai', 'Olivia', 'Pedro',
  'Rahul', 'Sofía', 'Thabo', 'Ulrich', 'Valentina', 'William', 'Yusuf', 'Zainab',
];
// prettier-ignore
const LAST_NAMES = [
  'Anders', 'Berg', 'Castro', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Hoffmann', 'Ibrahim',
  'Jansen', 'Kowalski', 'Larsen', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quinn', 'Rossi',
  'Schmidt', 'Tanaka', 'Müller', 'Novák', 'O’Brien', 'Pérez', 'Rodríguez', 'Silva', 'Van der Berg',
  'Wójcik', 'Yılmaz', 'Zhang', 'Andersson', 'Bianchi', 'Costa', 'Dąbrowski', 'Ellis', 'Fernández',
  'Gonçalves', 'Horvath', 'Ivanova', 'Johansson', 'Kim', 'Lefèvre', 'Martin', 'Nguyen', 'Olsen',
  'Papadopoulos', 'Richter', 'Svensson', 'Thompson', 'Weber',
];
// prettier-ignore
const ORG_WORDS = [
  'Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Wide World', 'Adventure', 'Blue Yonder', 'Coho',
  'Alpine', 'Litware', 'Lucerne', 'Margie', 'Proseware', 'Southridge', 'Trey', 'Woodgrove',
  'Fourth Coffee', 'Graphic', 'Humongous', 'Wingtip', 'Datum', 'Consolidated', 'Relecloud',
  'Bellows',
];
const ORG_KINDS = ['Traders', 'Toys', 'Importers', 'Works', 'Bank', 'Airlines', 'Logistics', 'Design', 'Labs', 'Media'];
// A legal suffix after a comma forces the cell to be quoted, as real exports of "Fabrikam, Inc." are.
const ORG_SUFFIXES = ['', '', '', ', Inc.', ', Ltd', ', LLC', ' GmbH', ' S.A.'];
const TITLES = ['Engineer', 'Buyer', 'Owner', 'Manager', 'Director', 'Analyst', 'Consultant', 'VP, Sales', 'Head of IT', 'Accountant'];
const PLACES: readonly (readonly [string, string, string])[] = [
  // city, country, phone prefix (a real area code so the phone library can give an E.164 form)
  ['Austin', 'US', '+1 512 555 '],
  ['Toronto', 'CA', '+1 416 555 '],
  ['Lyon', 'FR', '+33 4 72 10 '],
  ['Oslo', 'NO', '+47 22 33 '],
  ['Berlin', 'DE', '+49 30 1234 '],
  ['Madrid', 'ES', '+34 91 123 '],
  ['Milano', 'IT', '+39 02 1234 '],
  ['Lisboa', 'PT', '+351 21 123 '],
  ['Amsterdam', 'NL', '+31 20 123 '],
  ['São Paulo', 'BR', '+55 11 3123 '],
];

/** 2,400 organizations shared by the customers, so joining them by name is real work, as in a real file. */
const ORGANIZATIONS: readonly { name: string; domain: string }[] = ORG_WORDS.flatMap((word) =>
  ORG_KINDS.flatMap((kind, k) =>
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => {
      const suffix = ORG_SUFFIXES[(n + k) % ORG_SUFFIXES.length] ?? '';
      const base = `${word} ${kind}${n > 0 ? ` ${n}` : ''}`;
      // `.test` is reserved for testing (RFC 2606), like `.example`, and shorter.
      const domain = `${base
        .toLowerCase()
        .replace(/ (\d)$/, '$1')
        .replace(/[^a-z0-9]+/g, '-')}.test`;
      return { name: base + suffix, domain };
    }),
  ),
);

/** sfc32: a small, fast, well-distributed seeded PRNG (Math.random cannot be seeded). */
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
}

function pick<T>(list: readonly T[], r: number): T {
  return list[r % list.length] as T;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const ASCII_FOLD: Record<string, string> = {
  é: 'e',
  á: 'a',
  ó: 'o',
  ú: 'u',
  í: 'i',
  ë: 'e',
  è: 'e',
  ç: 'c',
  ø: 'o',
  ü: 'u',
  ą: 'a',
  ł: 'l',
  ı: 'i',
  ö: 'o',
  ñ: 'n',
};

function emailPart(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z]/g, (ch) => ASCII_FOLD[ch] ?? '')
    .slice(0, 12);
}

function isoDay(daysSince2010: number): string {
  return new Date(Date.UTC(2010, 0, 1) + daysSince2010 * 86_400_000).toISOString().slice(0, 10);
}

/** One data row (no line end). Row `i` is 0-based; its number makes the email unique. */
function customerRow(i: number, next: () => number): string {
  const first = pick(FIRST_NAMES, next());
  const last = pick(LAST_NAMES, next());
  const org = pick(ORGANIZATIONS, next());
  const [city, country, phonePrefix] = pick(PLACES, next());
  const phone = phonePrefix + String(next() % 10_000).padStart(4, '0');
  const email = `${emailPart(first)}.${emailPart(last)}.${i}@${org.domain}`;
  return [email, first, last, csvCell(org.name), phone, csvCell(pick(TITLES, next())), city, country, isoDay(next() % 5_400)].join(',');
}

/**
 * Writes `rows` data rows (plus the header) to `file`, streamed in ~64 KB chunks and honouring
 * backpressure so memory stays flat whatever the row count. Written to a temp name and renamed,
 * so a file at `file` is always complete.
 */
export async function writeCustomersCsv(file: string, rows: number): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  const out = fs.createWriteStream(partial);
  const next = sfc32(0x9e3779b9, 0x243f6a88, 0xb7e15162, rows);
  let chunk = CUSTOMER_HEADERS.join(',') + '\n';
  try {
    for (let i = 0; i < rows; i++) {
      chunk += customerRow(i, next) + '\n';
      if (chunk.length >= 65_536) {
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
    out.end(chunk);
    await once(out, 'finish');
  } catch (error) {
    out.destroy();
    fs.rmSync(partial, { force: true });
    throw error;
  }
  fs.renameSync(partial, file);
}

/**
 * Returns the path of the benchmark file for `rows` rows under `dir`, generating it only when
 * it is not there yet (a 1M-row file takes a few seconds to write; runs reuse it).
 */
export async function customersCsv(rows: number, dir: string): Promise<{ file: string; generated: boolean }> {
  const file = path.join(dir, `customers-${rows}-v${GENERATOR_VERSION}.csv`);
  if (fs.existsSync(file)) return { file, generated: false };
  await writeCustomersCsv(file, rows);
  return { file, generated: true };
}

// `node --import tsx bench/generate-customers.ts [ROWS] [DIR]` writes (or finds) the file and prints its path.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const dir = process.argv[3] ?? path.resolve('.tmp/bench');
  const started = process.hrtime.bigint();
  const { file, generated } = await customersCsv(rows, dir);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const mb = fs.statSync(file).size / 1e6;
  console.log(`${generated ? 'Generated' : 'Reused'} ${file} (${rows} rows, ${mb.toFixed(1)} MB) in ${seconds.toFixed(2)} s`);
}
