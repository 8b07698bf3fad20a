/**
 * A person's time zone, stored as an IANA time zone name (`Europe/Stockholm`) in one spelling.
 *
 * Node's Intl knows the IANA database (ICU ships it and Node updates it): `Intl.DateTimeFormat`
 * accepts a name in any case and the database's links (`US/Eastern`, `Asia/Calcutta`, `UTC`), and
 * `Intl.supportedValuesOf` lists the zones. No package is needed for either.
 *
 * ICU answers with CLDR's canonical name, which keeps the spelling a zone had when CLDR first
 * listed it; the IANA database has renamed a few since. Stored names follow the IANA database (as
 * browsers now do, and newer engines will), so these renames are applied on top.
 */
const IANA_RENAMES: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

let byLowerCase: Map<string, string> | undefined;

/** The zones Intl lists, by their lower-case name, with the IANA spelling each is stored in. */
function zones(): Map<string, string> {
  if (byLowerCase) return byLowerCase;
  byLowerCase = new Map();
  for (const zone of Intl.supportedValuesOf('timeZone')) byLowerCase.set(zone.toLowerCase(), IANA_RENAMES[zone] ?? zone);
  for (const renamed of Object.values(IANA_RENAMES)) byLowerCase.set(renamed.toLowerCase(), renamed);
  return byLowerCase;
}

const MEMO_LIMIT = 1000;
const memo = new Map<string, string | undefined>();

/**
 * The stored spelling of an IANA time zone name written in any case or as one of its links
 * (`us/eastern` → `America/New_York`, `Asia/Calcutta` → `Asia/Kolkata`); undefined for anything
 * else, an offset such as `+01:00` included (it says nothing of summer time).
 */
export function canonicalTimeZone(raw: string): string | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  // A time zone column holds a handful of distinct values over many rows: each is worked out once.
  if (memo.has(text)) return memo.get(text);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  const canonical = readTimeZone(text);
  // Its own copy: a cell is a slice of the parser's chunk, which a kept slice would keep alive.
  memo.set((' ' + text).slice(1), canonical);
  return canonical;
}

function readTimeZone(text: string): string | undefined {
  const listed = zones().get(text.toLowerCase());
  if (listed) return listed;
  if (!/^[A-Za-z]/.test(text)) return undefined;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  return zones().get(resolved.toLowerCase()) ?? resolved;
}
