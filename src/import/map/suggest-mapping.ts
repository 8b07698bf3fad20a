import { FULL_NAME_KEY, FULL_NAME_LABEL } from '../../core/full-name.js';
import type { Property } from '../../core/properties.js';
import type { RecordKind } from '../../core/record-kind.js';
import { describeHeaders, type HeaderInfo } from '../parse/header-info.js';
import { normalizeHeader } from './normalize-header.js';
import { IGNORED_COLUMNS, LANGUAGES, SYNONYM_GROUP, SYNONYMS, type Synonym, type SynonymGroup } from './synonyms.js';

export interface MappingSuggestion {
  /** The property the column should fill, or null to leave the column out. */
  key: string | null;
  /** How the suggestion was made, for the person checking it. */
  reason: string;
}

/** Suggestions keyed by header label, in the order of the file's columns. */
export type MappingSuggestions = Record<string, MappingSuggestion>;

export const NO_MATCH = 'no matching property';

// Better kinds of match score higher; synonyms score 100 + their priority (below 200).
const EXACT_LABEL = 1000;
const EXACT_KEY = 950;
const LOOSE_LABEL = 900;
const LOOSE_KEY = 850;
const SYNONYM = 100;

interface Candidate {
  header: HeaderInfo;
  normalized: string;
  property: Property;
  score: number;
  reason: string;
  synonym?: Synonym;
}

const indexes = new Map<SynonymGroup, Map<string, Synonym[]>>();

function synonymIndex(group: SynonymGroup): Map<string, Synonym[]> {
  let index = indexes.get(group);
  if (!index) {
    index = new Map();
    for (const s of SYNONYMS[group]) {
      const n = normalizeHeader(s.header);
      index.set(n, [...(index.get(n) ?? []), s]);
    }
    indexes.set(group, index);
  }
  return index;
}

/** Which synonyms apply, from the properties alone, when the caller does not say the kind. */
function groupOf(properties: readonly Property[]): SynonymGroup | undefined {
  const keys = new Set(properties.map((p) => p.key));
  if (keys.has('firstName') || keys.has('lastName')) return 'people';
  if (keys.has('customerEmail') || keys.has('assigneeEmail') || keys.has('priority')) return 'tickets';
  if (keys.has('name') || keys.has('domains')) return 'organizations';
  return undefined;
}

/** Sources that share a spelling for the same property are all named ("Italian or Portuguese for First Name"). */
function synonymReason(entries: readonly Synonym[], property: Property): string {
  const sources = [...new Set(entries.map((e) => e.source))];
  const languages = sources.filter((x) => LANGUAGES.has(x));
  if (languages.length) return `${languages.join(' or ')} for ${property.label}`;
  const tools = sources.filter((x) => x !== 'English');
  if (tools.length) return `synonym from ${tools.join(' and ')}`;
  return `synonym for ${property.label}`;
}

function bestMatch(
  header: HeaderInfo,
  properties: readonly Property[],
  index: Map<string, Synonym[]> | undefined,
): Candidate | MappingSuggestion | undefined {
  const { name } = header;
  if (name === '') return undefined;
  const normalized = normalizeHeader(name);
  const found = (property: Property, score: number, reason: string, synonym?: Synonym): Candidate => ({
    header,
    normalized,
    property,
    score,
    reason,
    ...(synonym ? { synonym } : {}),
  });
  let p = properties.find((x) => x.label === name);
  if (p) return found(p, EXACT_LABEL, `exact match of the label ${p.label}`);
  p = properties.find((x) => x.key === name);
  if (p) return found(p, EXACT_KEY, `exact match of the key ${p.key}`);
  if (normalized === '') return undefined;
  p = properties.find((x) => normalizeHeader(x.label) === normalized);
  if (p) return found(p, LOOSE_LABEL, `matches the label ${p.label} apart from case, accents, spaces or punctuation`);
  p = properties.find((x) => normalizeHeader(x.key) === normalized);
  if (p) return found(p, LOOSE_KEY, `matches the key ${p.key} apart from case, accents, spaces or punctuation`);
  const ignored = IGNORED_COLUMNS.find((c) => c.pattern.test(name));
  if (ignored) return { key: null, reason: ignored.reason };
  const lower = name.toLowerCase();
  let best: { s: Synonym; property: Property; spelled: boolean } | undefined;
  for (const s of index?.get(normalized) ?? []) {
    const property = properties.find((x) => x.key === s.key);
    if (!property) continue;
    // Where spellings differ only by accents (Teléfono, Telefono), the one written names the language.
    const spelled = s.header.toLowerCase() === lower;
    if (!best || (spelled && !best.spelled) || (spelled === best.spelled && s.priority > best.s.priority)) best = { s, property, spelled };
  }
  if (!best) return undefined;
  const { s: chosen, property, spelled } = best;
  const alike = (index?.get(normalized) ?? []).filter(
    (s) => s.key === chosen.key && s.priority === chosen.priority && (!spelled || s.header.toLowerCase() === lower),
  );
  return found(property, SYNONYM + chosen.priority, synonymReason(alike, property), chosen);
}

/**
 * Headers (normalised) of a column that holds a person's whole name: exports of Zendesk ("name"),
 * Freshdesk ("Full Name"), Google Contacts ("Name"), Outlook ("Display Name"), and the same in
 * the languages the synonyms speak.
 */
const FULL_NAME_HEADERS: ReadonlySet<string> = new Set(
  [
    'Name',
    'Full Name',
    'Fullname',
    'Contact Name',
    'Display Name',
    'Customer Name',
    'Client Name',
    'Nom complet',
    'Nom et prénom',
    'Prénom et nom',
    'Vollständiger Name',
    'Name, Vorname',
    'Nombre completo',
    'Nombre y apellidos',
    'Nome completo',
    'Volledige naam',
    'Naam',
  ].map(normalizeHeader),
);

/**
 * A people file without a first or last name column: its whole-name column goes to fullName
 * (the leftmost, when there are several); with one, a whole-name column is left out and says why.
 */
function suggestFullName(columns: readonly HeaderInfo[], result: MappingSuggestions): void {
  const named = Object.values(result).some((s) => s.key === 'firstName' || s.key === 'lastName');
  let chosen: HeaderInfo | undefined;
  for (const column of columns) {
    const current = result[column.label];
    if (current?.key !== null || !FULL_NAME_HEADERS.has(normalizeHeader(column.name))) continue;
    if (named)
      result[column.label] = { key: null, reason: `a full name; the file's own First Name and Last Name columns are used instead` };
    else if (chosen) result[column.label] = { key: null, reason: `column "${chosen.label}" is used for ${FULL_NAME_LABEL}` };
    else {
      chosen = column;
      result[column.label] = {
        key: FULL_NAME_KEY,
        reason: `a whole name, split into First Name and Last Name (the file has no first or last name column)`,
      };
    }
  }
}

const beats = (a: Candidate, b: Candidate) => a.synonym?.beats?.headers.includes(b.normalized) ?? false;

/**
 * Proposes which property each column of a file fills, keyed by header label. A header
 * matches a property's label or key exactly, then apart from case, accents, spaces and
 * punctuation, then through synonyms: the columns of Google Contacts, Outlook, HubSpot,
 * Zendesk and Freshdesk exports, and sheets headed in English, French, German, Spanish,
 * Italian, Portuguese or Dutch. No property goes to two columns: the better match wins
 * (exact, then loose, then the synonym's priority, then the leftmost column), except that
 * Outlook's "Job Title" beats its "Title", a salutation; the losing column gets `key: null`
 * and a reason naming the winner. Read-only properties are never suggested. The synonyms
 * follow `options.kind`, or else the kind the properties belong to. For people, a whole-name
 * column ("Name", "Full Name", "Nom complet", …) is suggested as `fullName` when no column is
 * suggested for First Name or Last Name.
 */
export function suggestMapping(
  headers: readonly HeaderInfo[] | readonly string[],
  properties: readonly Property[],
  options: { kind?: RecordKind } = {},
): MappingSuggestions {
  const columns: HeaderInfo[] =
    headers.length > 0 && typeof headers[0] === 'string'
      ? describeHeaders(headers as readonly string[]).headers
      : (headers as HeaderInfo[]);
  const importable = properties.filter((p) => !p.readOnly);
  const group = options.kind ? SYNONYM_GROUP[options.kind] : groupOf(properties);
  const index = group ? synonymIndex(group) : undefined;

  const result: MappingSuggestions = {};
  const byKey = new Map<string, Candidate[]>();
  for (const header of columns) {
    const match = bestMatch(header, importable, index);
    if (!match) result[header.label] = { key: null, reason: NO_MATCH };
    else if (!('property' in match)) result[header.label] = match;
    else {
      result[header.label] = { key: match.property.key, reason: match.reason };
      byKey.set(match.property.key, [...(byKey.get(match.property.key) ?? []), match]);
    }
  }
  for (const candidates of byKey.values()) {
    if (candidates.length < 2) continue;
    candidates.sort((a, b) => (beats(a, b) ? -1 : beats(b, a) ? 1 : b.score - a.score || a.header.index - b.header.index));
    const [winner, ...losers] = candidates as [Candidate, ...Candidate[]];
    const label = winner.property.label;
    for (const loser of losers) {
      const why = beats(winner, loser)
        ? `column "${winner.header.label}" is used for ${label}: ${winner.synonym!.beats!.reason}`
        : winner.score > loser.score
          ? `column "${winner.header.label}" is a better match for ${label}`
          : `column "${winner.header.label}" matches ${label} as well and comes first`;
      result[loser.header.label] = { key: null, reason: why };
    }
  }
  if (group === 'people' && (!options.kind || options.kind === 'users' || options.kind === 'customers')) suggestFullName(columns, result);
  return result;
}
