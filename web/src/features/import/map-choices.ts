import type { Analysis, DateFormat, DryRunOptions, ImportReport, NewProperty, OnExisting } from './import-api';

/** What a person decides on the mapping step; the dry run receives it as it is. */
export interface MapChoices {
  /** Column (header label) → property key, or null for "Don't import this column". */
  mapping: Record<string, string | null>;
  newProperties: NewProperty[];
  dateFormats: Record<string, DateFormat>;
  onExisting: OnExisting;
  allOrNothing: boolean;
  /** Rows in the test sample imported first; null imports the whole file at once. */
  sample: number | null;
  /** Tickets: create a customer for each Customer Email that matches nobody, rather than leave the ticket waiting. */
  createMissingCustomers: boolean;
  /** Values mapped per column (header → value as written → a choice), set on the check over. */
  valueMaps: Record<string, Record<string, string>>;
}

export const DEFAULT_SAMPLE = 5;

/**
 * The starting choices: a dry run's own (when the person comes back from checking it over), else
 * the server's suggestions, with any date format it detected unambiguously.
 */
export function initialChoices(analysis: Analysis, report: ImportReport | undefined, sample: number | null): MapChoices {
  if (report && report.status === 'dry-run')
    return dryRunChoices(
      report,
      analysis.headers.map((h) => h.label),
      sample,
    );
  const mapping: Record<string, string | null> = {};
  const dateFormats: Record<string, DateFormat> = {};
  for (const h of analysis.headers) mapping[h.label] = analysis.suggestedMapping[h.label] ?? null;
  for (const [header, s] of Object.entries(analysis.dateFormatSuggestions)) {
    if (s.format !== 'yyyy-mm-dd' && !s.ambiguous) dateFormats[header] = s.format;
  }
  return {
    mapping,
    newProperties: [],
    dateFormats,
    onExisting: 'update',
    allOrNothing: false,
    sample,
    createMissingCustomers: false,
    valueMaps: {},
  };
}

/** The choices a dry run was made with, on the file's columns (`headers`, in file order). */
export function dryRunChoices(report: ImportReport, headers: readonly string[], sample: number | null): MapChoices {
  return {
    mapping: Object.fromEntries(headers.map((h) => [h, report.mapping[h] ?? null])),
    newProperties: report.options.newProperties.map((p) => ({ ...p })),
    dateFormats: { ...report.options.dateFormats },
    onExisting: report.options.onExisting,
    allOrNothing: report.options.allOrNothing,
    sample,
    createMissingCustomers: report.options.createMissingCustomers === true,
    valueMaps: { ...report.options.valueMaps },
  };
}

/** The body of the whole-file dry run that the check over shows (the sample applies at Confirm). */
export function dryRunBody(choices: MapChoices, overrides: { encoding?: string; delimiter?: string }): DryRunOptions {
  const mapped = new Set(Object.entries(choices.mapping).flatMap(([h, k]) => (k ? [h] : [])));
  const dateFormats: Record<string, DateFormat> = {};
  for (const [header, format] of Object.entries(choices.dateFormats)) if (mapped.has(header)) dateFormats[header] = format;
  // Values mapped for a column that was left out since would be refused; they wait in the choices instead.
  const valueMaps = Object.fromEntries(Object.entries(choices.valueMaps).filter(([header]) => mapped.has(header)));
  return {
    mapping: choices.mapping,
    ...(overrides.encoding ? { encoding: overrides.encoding } : {}),
    ...(overrides.delimiter ? { delimiter: overrides.delimiter } : {}),
    dateFormats,
    onExisting: choices.onExisting,
    allOrNothing: choices.allOrNothing,
    newProperties: choices.newProperties.filter((p) => choices.mapping[p.header] === p.key),
    ...(Object.keys(valueMaps).length > 0 ? { valueMaps } : {}),
    ...(choices.createMissingCustomers ? { createMissingCustomers: true } : {}),
  };
}

/** The options of an existing dry run, to run it again (e.g. limited to a test sample). */
export function rerunBody(report: ImportReport): DryRunOptions {
  return {
    mapping: { ...report.options.overrides },
    encoding: report.encoding,
    delimiter: report.delimiter === '\t' ? 'tab' : report.delimiter,
    dateFormats: report.options.dateFormats,
    onExisting: report.options.onExisting,
    allOrNothing: report.options.allOrNothing,
    newProperties: report.options.newProperties,
    ...(report.options.valueMaps ? { valueMaps: report.options.valueMaps } : {}),
    ...(report.options.createMissingCustomers ? { createMissingCustomers: true } : {}),
  };
}

/**
 * The options of a dry run with more values mapped: `added` (header → value as written → choice)
 * on top of those it had. The wizard's check over runs the file again with them.
 */
export function withValueMaps(report: ImportReport, added: Record<string, Record<string, string>>): DryRunOptions {
  const valueMaps: Record<string, Record<string, string>> = {};
  for (const [header, values] of Object.entries(report.options.valueMaps ?? {})) valueMaps[header] = { ...values };
  for (const [header, values] of Object.entries(added)) valueMaps[header] = { ...valueMaps[header], ...values };
  return { ...rerunBody(report), valueMaps };
}

const DRAFT_PREFIX = 'roster.import-mapping.';

/** The choices kept for this import in this tab, so a reload of the mapping step keeps them. */
export function loadDraft(id: number): MapChoices | undefined {
  try {
    const text = sessionStorage.getItem(DRAFT_PREFIX + id);
    if (!text) return undefined;
    // A draft kept before an option existed gets its default.
    const draft = JSON.parse(text) as Partial<MapChoices> & Omit<MapChoices, 'createMissingCustomers' | 'valueMaps'>;
    return { ...draft, createMissingCustomers: draft.createMissingCustomers ?? false, valueMaps: draft.valueMaps ?? {} };
  } catch {
    return undefined;
  }
}

export function saveDraft(id: number, choices: MapChoices): void {
  try {
    sessionStorage.setItem(DRAFT_PREFIX + id, JSON.stringify(choices));
  } catch {
    // A full or disabled storage only loses the draft on reload.
  }
}
