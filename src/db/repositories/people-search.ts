import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { toE164 } from '../../core/phone.js';
import type { DialectName } from '../database.js';
import { POSTGRES_ORGANIZATION_DOCUMENT } from '../migrations/013-directory-search.js';
import { containsLike } from './contains-like.js';

/**
 * What a people search looks for, read from the text someone typed. Each whitespace-separated
 * term is a word prefix ("and" finds "Anders") of the person's name, email or organization name
 * (every term must match, each in any of them: "acme ali" finds Alice of Acme); a term with
 * punctuation inside is a phrase of its words, the last one a prefix ("alice.sm" finds
 * "alice.smith@…"). A text with an `@` is the start of an email, found through the email's own
 * index. A phone is matched as one number, by its E.164 form or a prefix of its digits; a text of
 * six digits or more and phone punctuation only is looked for among the phones alone.
 *
 * Only letters and digits reach the full-text syntax: quotes, `*`, `-`, `(`, `:`, `%`, `_` and
 * the words OR, NOT and NEAR are never operators, so no text can make a search fail. A text with
 * no letter or digit at all (`%`, `_`, `\`) is looked for as a plain substring instead, slowly.
 */
export interface SearchPlan {
  /** The text, trimmed and lower-cased. */
  text: string;
  /** The text as a whole email, when it could be one (an `@`, no space): ranked first when it is one. */
  exactEmail: string | null;
  /** The text as the start of an email (it has an `@`): found in the lower(email) index. */
  emailPrefix: string | null;
  /** Each term's words (letters and digits), lower-cased. */
  terms: string[][];
  /** Digits a stored E.164 number (without its +) may start with, and the E.164 form the text reads as, when that prefix would not find it. */
  phonePrefix: string | null;
  phoneE164: string | null;
}

const WORD = /[\p{L}\p{N}]+/gu;
const PHONE_LIKE = /^[\d\s()+./-]+$/;

export function searchPlan(search: string, defaultCountry: string | null): SearchPlan {
  const text = search.trim().toLowerCase();
  // Every stored email has an @ (isValidEmail), so a text without one is never a whole email.
  const exactEmail = text.includes('@') && !/\s/.test(text) ? text : null;
  const none = { text, exactEmail, emailPrefix: null, terms: [], phonePrefix: null, phoneE164: null };
  if (exactEmail) return { ...none, emailPrefix: exactEmail };
  if (PHONE_LIKE.test(text)) {
    let digits = text.replace(/\D/g, '');
    // "0049 30 …": the international prefix most of the world dials, written in place of "+".
    if (digits.startsWith('00')) digits = digits.slice(2);
    const e164 = toE164(text, defaultCountry ?? undefined) ?? (text.startsWith('00') ? toE164('+' + text.slice(2)) : undefined);
    const phonePrefix = digits.length >= 3 ? digits : null;
    // A number written as it is stored ("+49 30 …", "0049 30 …") is found by its prefix already;
    // asking the index for it a second time made a phone search cost four times as much.
    const phoneE164 = e164 && !(phonePrefix && e164.slice(1).startsWith(phonePrefix)) ? e164.slice(1) : null;
    const phone = { phonePrefix, phoneE164 };
    // Six digits or more is a phone number: its groups ("030", "1234") are not looked for as
    // words too, which would only find the email numbers that start with them, slowly.
    if (digits.length >= 6) return { ...none, ...phone };
    return { ...none, ...phone, terms: wordsOf(text) };
  }
  return { ...none, terms: wordsOf(text) };
}

/**
 * The text a people search looks for, or undefined for none: blank, or only the punctuation a
 * phone number starts with ("+", "(", "+ ("), which someone typing a number into the search box
 * sends before its first digit. Such a text would match no index, only a scan of every person.
 */
export function searchedText(search: string | undefined): string | undefined {
  const text = search?.trim();
  return text && !(PHONE_LIKE.test(text) && !/\d/.test(text)) ? text : undefined;
}

/** Whether a search could be a phone number, read then with the helpdesk's default country (the settings). */
export function searchNeedsCountry(search: string): boolean {
  return PHONE_LIKE.test(search.trim());
}

function wordsOf(text: string): string[][] {
  return text
    .split(/\s+/)
    .map((term) => term.match(WORD) ?? [])
    .filter((words) => words.length > 0);
}

/** How the search finds its rows: the full-text index, the email index, or a scan (punctuation only). */
export function searchIndex(plan: SearchPlan): 'text' | 'email' | 'scan' {
  if (plan.emailPrefix) return 'email';
  return plan.terms.length > 0 || plan.phonePrefix !== null || plan.phoneE164 !== null ? 'text' : 'scan';
}

/**
 * The search's conditions on `people`, by rank: `first` (the name matches every term) and
 * `rest` (the others that match); `all` is either. The exact email, ranked before both, is
 * `lower(people.email) = exactEmail` (the unique index).
 */
export interface SearchConditions {
  first: RawBuilder<SqlBool> | null;
  rest: RawBuilder<SqlBool>;
  all: RawBuilder<SqlBool>;
  /** SQLite only: the FTS5 queries of `first`, `rest` and `all`, to walk people_search in id order. */
  match?: { first: string | null; rest: string; all: string };
}

export function searchConditions(dialect: DialectName, plan: SearchPlan): SearchConditions {
  const how = searchIndex(plan);
  if (how === 'email') {
    // A range of the lower(email) index; the LIKE keeps it exact whatever the database's collation.
    const prefix = plan.emailPrefix!;
    const starts = sql<SqlBool>`(lower(people.email) >= ${prefix} AND lower(people.email) < ${prefix + '\u{10ffff}'} AND ${startsLike(
      sql`lower(people.email)`,
      prefix,
    )})`;
    return { first: null, rest: starts, all: starts };
  }
  if (how === 'scan') {
    // Nothing but punctuation: the contains-search of old, over every row (there is no index for it).
    const like = sql<SqlBool>`(${containsLike(sql`lower(people.email)`, plan.text)} OR ${containsLike(
      sql`lower(people.first_name || ' ' || people.last_name)`,
      plan.text,
    )})`;
    return { first: null, rest: like, all: like };
  }
  return dialect === 'sqlite' ? sqliteConditions(plan) : postgresConditions(plan);
}

function startsLike(expression: RawBuilder<unknown>, prefix: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${expression} LIKE ${prefix.replace(/[\\%_]/g, (c) => '\\' + c) + '%'} ESCAPE '\\'`;
}

// SQLite: FTS5 query strings. Every word is inside double quotes (it holds no quote: WORD), so it is
// never an operator; `"a b"*` is the phrase of a and b with b a prefix.

function ftsTerms(columns: string, plan: SearchPlan): string | null {
  if (plan.terms.length === 0) return null;
  return `{${columns}} : (${plan.terms.map((words) => `"${words.join(' ')}"*`).join(' AND ')})`;
}

function ftsPhone(plan: SearchPlan): string | null {
  const parts = [plan.phonePrefix ? `"${plan.phonePrefix}"*` : null, plan.phoneE164 ? `"${plan.phoneE164}"` : null].filter(
    (p): p is string => p !== null,
  );
  return parts.length > 0 ? `{phone} : (${parts.join(' OR ')})` : null;
}

function sqliteConditions(plan: SearchPlan): SearchConditions {
  const first = ftsTerms('name', plan);
  const all = [ftsTerms('name email organization', plan), ftsPhone(plan)].filter((q): q is string => q !== null).join(' OR ');
  const rest = first ? `(${all}) NOT (${first})` : all;
  const inSearch = (query: string) => sql<SqlBool>`people.id IN (SELECT rowid FROM people_search WHERE people_search MATCH ${query})`;
  return { first: first ? inSearch(first) : null, rest: inSearch(rest), all: inSearch(all), match: { first, rest, all } };
}

// PostgreSQL: tsquery text for to_tsquery('simple', …). Every word is quoted and holds only letters
// and digits; weight letters after `:` keep a word to parts of the document (A name, B email, C phone).

function tsPhrase(words: string[], weights: string): string {
  return words
    .map((w, i) => {
      const flags = (i === words.length - 1 ? '*' : '') + weights;
      return flags ? `'${w}':${flags}` : `'${w}'`;
    })
    .join(' <-> ');
}

function postgresConditions(plan: SearchPlan): SearchConditions {
  const organization = sql.raw(POSTGRES_ORGANIZATION_DOCUMENT);
  // people.search_words: the generated column of migration 013, with its GIN index.
  const matches = (query: string) => sql<SqlBool>`people.search_words @@ to_tsquery('simple'::regconfig, ${query})`;
  const parts: RawBuilder<SqlBool>[] = [];
  if (plan.terms.length > 0) {
    // Each term in the name or email (one GIN probe), or in the organization's name. `= ANY (ARRAY(…))`,
    // not `IN (…)`: the organizations are found once, and the people_organization index can then be
    // OR-ed with the GIN index's rows; an IN subquery is checked row by row over the whole table.
    const each = plan.terms.map(
      (words) =>
        sql<SqlBool>`(${matches(tsPhrase(words, 'AB'))} OR people.organization_id = ANY (ARRAY(SELECT id FROM organizations WHERE (${organization}) @@ to_tsquery('simple'::regconfig, ${tsPhrase(words, '')}))))`,
    );
    parts.push(sql<SqlBool>`(${sql.join(each, sql` AND `)})`);
  }
  const phones = [plan.phonePrefix ? `'${plan.phonePrefix}':*C` : null, plan.phoneE164 ? `'${plan.phoneE164}':C` : null].filter(
    (p): p is string => p !== null,
  );
  if (phones.length > 0) parts.push(matches(phones.join(' | ')));
  const all = sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
  if (plan.terms.length === 0) return { first: null, rest: all, all };
  const first = matches(plan.terms.map((words) => `(${tsPhrase(words, 'A')})`).join(' & '));
  return { first, rest: sql<SqlBool>`(${all} AND NOT ${first})`, all };
}
