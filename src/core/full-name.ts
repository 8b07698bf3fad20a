import type { Property } from './properties.js';
import type { RecordKind } from './record-kind.js';

/** The mapping target of a column that holds a whole name, split into First Name and Last Name. */
export const FULL_NAME_KEY = 'fullName';
export const FULL_NAME_LABEL = 'Full name';

/**
 * Lower-case particles that belong to the last name that follows them (Dutch, German, French,
 * Italian, Spanish, Portuguese, Arabic). Only the lower-case spelling counts: "Al" or "De"
 * written with a capital is taken for a first or middle name.
 */
export const NAME_PARTICLES: ReadonlySet<string> = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'da',
  'di',
  'du',
  'del',
  'della',
  'dos',
  'das',
  'le',
  'la',
  'ten',
  'ter',
  'bin',
  'al',
]);

/** The rule `splitFullName` follows, as the wizard shows it to the person checking a mapping. */
export const FULL_NAME_RULE =
  'A full name is split before its last word ("Mary Ann Smith" → Mary Ann / Smith), except that a comma means "Last, First" ("Anders, Alice" → Alice / Anders), a lower-case particle such as van, von, de or al starts the last name ("Alice van der Berg" → Alice / van der Berg), and a single word is a first name with an empty last name.';

export interface SplitName {
  firstName: string;
  /** Empty when the name is a single word. */
  lastName: string;
}

function splitWords(name: string): SplitName {
  const words = name.split(/\s+/).filter((w) => w !== '');
  if (words.length <= 1) return { firstName: words[0] ?? '', lastName: '' };
  // From the second word on: a name never starts with its last name.
  let at = words.findIndex((w, i) => i > 0 && i < words.length - 1 && NAME_PARTICLES.has(w));
  if (at < 0) at = words.length - 1;
  return { firstName: words.slice(0, at).join(' '), lastName: words.slice(at).join(' ') };
}

/**
 * Splits a whole name into first and last name: "Alice Anders" → Alice / Anders; "Anders, Alice"
 * → Alice / Anders (a comma means Last, First); "Alice van der Berg" → Alice / van der Berg (a
 * lower-case particle from `NAME_PARTICLES` starts the last name); otherwise the last word is the
 * last name and the words before it the first name; one word is a first name and an empty last
 * name. Spaces are trimmed and collapsed. Pure; `FULL_NAME_RULE` says the same in one sentence.
 *
 * @example
 * splitFullName('Mary Ann Smith'); // → { firstName: 'Mary Ann', lastName: 'Smith' }
 */
export function splitFullName(value: string): SplitName {
  const name = value.trim();
  const comma = name.indexOf(',');
  if (comma >= 0) {
    const last = name.slice(0, comma).trim().replace(/\s+/g, ' ');
    const first = name
      .slice(comma + 1)
      .trim()
      .replace(/\s+/g, ' ');
    if (last !== '' && first !== '') return { firstName: first, lastName: last };
    return splitWords(last || first);
  }
  return splitWords(name);
}

/** The kinds whose records have a first and a last name, and so can take a full-name column. */
export function takesFullName(kind: RecordKind): boolean {
  return kind === 'users' || kind === 'customers';
}

/**
 * `fullName` as a mapping target, shaped like a property so a mapping can name it; it is no
 * property of its own (the import stores its two halves in First Name and Last Name).
 */
export const FULL_NAME_TARGET: Property = { key: FULL_NAME_KEY, label: FULL_NAME_LABEL, type: 'text', required: false, custom: false };

/**
 * A name for someone known only by their email: the local part's words, split at dots,
 * underscores and hyphens (a `+tag` dropped), each with a capital, then split as splitFullName
 * does: "jane.doe@x" → Jane / Doe, "jdoe@x" → Jdoe / (empty). Falls back to the local part as
 * written when it has no letters or digits to make words of.
 *
 * @example
 * nameFromEmail('mary_ann.smith@example.com'); // → { firstName: 'Mary Ann', lastName: 'Smith' }
 */
export function nameFromEmail(email: string): SplitName {
  const at = email.lastIndexOf('@');
  const local = at < 0 ? email : email.slice(0, at);
  const plus = local.indexOf('+');
  const words = (plus > 0 ? local.slice(0, plus) : local).split(/[._-]+/).filter((w) => w !== '');
  if (words.length === 0) return { firstName: local, lastName: '' };
  return splitFullName(words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' '));
}
