import type { Property } from './types';

/**
 * What the forms suggest and show for the two text properties the server checks against a list
 * (src/core/values.ts): a language, stored as its tag (`sv`, `pt-BR`), and a time zone, stored as
 * its IANA name. Both lists come from the browser's own Intl, the kind of data the server reads,
 * so nothing is copied here that could fall behind; a browser may name fewer languages than the
 * server accepts, which only shortens the suggestions.
 */
export type SuggestedValues = 'language' | 'timeZone';

export function suggestedValuesOf(property: Pick<Property, 'key' | 'type' | 'custom'>): SuggestedValues | undefined {
  if (property.custom || property.type !== 'text') return undefined;
  return property.key === 'language' || property.key === 'timeZone' ? property.key : undefined;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', languageDisplay: 'standard', fallback: 'none' });

/** The English name of a stored language tag: `sv` → "Swedish", `pt-BR` → "Portuguese (Brazil)". */
export function languageName(tag: string): string | undefined {
  try {
    return languageNames.of(tag);
  } catch {
    return undefined;
  }
}

let languages: { code: string; name: string }[] | undefined;

/** Every ISO 639-1 language the browser can name, by name: the codes the server accepts without a region. */
export function languageOptions(): { code: string; name: string }[] {
  if (languages) return languages;
  const found = new Map<string, string>();
  for (const a of LETTERS) {
    for (const b of LETTERS) {
      const name = languageNames.of(a + b);
      // Old codes (`iw`) name a language again under its current code (`he`): listed once.
      if (name && Intl.getCanonicalLocales(a + b)[0] === a + b) found.set(a + b, name);
    }
  }
  languages = [...found].map(([code, name]) => ({ code, name })).sort((x, y) => x.name.localeCompare(y.name));
  return languages;
}

/** The IANA time zones the browser knows. */
export function timeZoneOptions(): readonly string[] {
  return Intl.supportedValuesOf('timeZone');
}
