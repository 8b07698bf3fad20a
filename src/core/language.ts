/**
 * A person's language, stored as a BCP 47 tag whose language is one of ISO 639-1's (`sv`, `pt-BR`,
 * `zh-Hant`): the form browsers, mail clients and translation tools read, and one spelling per
 * language, so that exports and filters agree.
 *
 * The list comes from Node's own Intl (ICU's CLDR data) rather than a package: every two-letter
 * language subtag is an ISO 639-1 code, CLDR names all of them in English, and Intl also
 * canonicalises tags (`pt-br` → `pt-BR`, `iw` → `he`, `swe` → `sv`). It is kept up to date with
 * Node itself and adds no dependency. A code CLDR does not name (`xx`) and a language without an
 * ISO 639-1 code (Klingon, `tlh`) are refused.
 */

const ENGLISH = 'en';
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

interface Languages {
  /** Language subtags that are ISO 639-1 codes, as Intl canonicalises them (`tl` → `fil`). */
  codes: Set<string>;
  /** Lower-case English name → canonical tag: "swedish" → "sv". */
  byName: Map<string, string>;
  /** Lower-case English name of a region → its code: "brazil" → "BR". */
  regionByName: Map<string, string>;
}

let languages: Languages | undefined;

/** Built on first use: 676 look-ups for the languages and as many for the regions, once. */
function known(): Languages {
  if (languages) return languages;
  const names = new Intl.DisplayNames([ENGLISH], { type: 'language', fallback: 'none', languageDisplay: 'standard' });
  const regions = new Intl.DisplayNames([ENGLISH], { type: 'region', fallback: 'none' });
  const codes = new Set<string>();
  const byName = new Map<string, string>();
  const regionByName = new Map<string, string>();
  for (const a of LETTERS) {
    for (const b of LETTERS) {
      const code = a + b;
      const name = names.of(code);
      if (name) {
        const canonical = Intl.getCanonicalLocales(code)[0]!;
        codes.add(new Intl.Locale(canonical).language);
        if (!byName.has(name.toLowerCase())) byName.set(name.toLowerCase(), canonical);
      }
      const region = code.toUpperCase();
      const regionName = isRealRegion(region) ? regions.of(region) : undefined;
      if (regionName && !regionByName.has(regionName.toLowerCase())) regionByName.set(regionName.toLowerCase(), region);
    }
  }
  languages = { codes, byName, regionByName };
  return languages;
}

/** CLDR also names codes that are no place: Unknown Region (ZZ), pseudo-locales (XA…), groupings (QO…). */
function isRealRegion(region: string): boolean {
  return !/^(ZZ|X[A-Z]|Q[M-Z])$/.test(region);
}

const scripts = new Intl.DisplayNames([ENGLISH], { type: 'script', fallback: 'none' });
const regionNames = new Intl.DisplayNames([ENGLISH], { type: 'region', fallback: 'none' });

const MEMO_LIMIT = 1000;
const memo = new Map<string, string | undefined>();

/**
 * The canonical tag of a language written as a code or tag (`SV`, `pt_br`, `zh-Hant-TW`), an
 * English name (`Swedish`, any case) or a name with its region (`Portuguese (Brazil)`, as
 * the web UI names a stored tag); undefined when it is none of those.
 */
export function canonicalLanguage(raw: string): string | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  // A language column holds a handful of distinct values over many rows: each is worked out once.
  if (memo.has(text)) return memo.get(text);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  const canonical = readLanguage(text);
  // Its own copy: a cell is a slice of the parser's chunk, which a kept slice would keep alive.
  memo.set((' ' + text).slice(1), canonical);
  return canonical;
}

function readLanguage(text: string): string | undefined {
  const { byName, regionByName } = known();
  const named = byName.get(text.toLowerCase());
  if (named) return named;
  const withRegion = /^(.+?)\s*\((.+)\)$/.exec(text);
  if (withRegion) {
    const language = byName.get(withRegion[1]!.toLowerCase());
    const region = regionByName.get(withRegion[2]!.trim().toLowerCase());
    return language && region ? fromTag(`${language}-${region}`) : undefined;
  }
  return fromTag(text.replace(/_/g, '-'));
}

/** A tag of a known language, an optional known script and an optional known region; nothing else. */
function fromTag(tag: string): string | undefined {
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(tag)[0]!;
  } catch {
    return undefined;
  }
  const locale = new Intl.Locale(canonical);
  if (!known().codes.has(locale.language)) return undefined;
  // Variants, extensions and private use (`de-1996`, `en-u-ca-buddhist`) say more than a language.
  if ([locale.language, locale.script, locale.region].filter(Boolean).join('-') !== canonical) return undefined;
  if (locale.script && !scripts.of(locale.script)) return undefined;
  if (locale.region && (!isRealRegion(locale.region) || !regionNames.of(locale.region))) return undefined;
  return canonical;
}
