import { suggestDateFormat, type DateFormatSuggestion } from '../../core/dates.js';
import { RosterError } from '../../core/errors.js';
import { FULL_NAME_RULE, takesFullName } from '../../core/full-name.js';
import { mappingTargets } from '../../core/ticket-import.js';
import type { Property } from '../../core/properties.js';
import type { Database } from '../../db/database.js';
import { listProperties } from '../../db/repositories/properties.js';
import { templatesMatching, type MatchingTemplate } from './import-templates.js';
import { resolveMapping } from '../map/resolve-mapping.js';
import { suggestMapping, type MappingSuggestions } from '../map/suggest-mapping.js';
import type { HeaderInfo } from '../parse/header-info.js';
import { openCsv } from '../parse/read-csv.js';
import type { ImportEntity } from '../types.js';

/** How many data rows the preview shows, and how many values a date format is guessed from. */
export const PREVIEW_ROWS = 10;
export const DATE_SAMPLE_ROWS = 200;

export interface PreviewRow {
  /** The row number as a spreadsheet shows it (header = 1). */
  row: number;
  cells: string[];
  /** Why the parser could not read this row cleanly (a broken quote, too many cells). */
  error?: { code: string; message: string };
}

export interface DateFormatHint extends DateFormatSuggestion {
  /** How many non-empty values of the column the suggestion was made from. */
  sampled: number;
  /** A sentence for the person: which format fits, and whether the values leave it open. */
  message: string;
}

/** What a person needs to see before mapping a file: what was detected, its first rows, suggestions. */
export interface FileAnalysis {
  entity: ImportEntity;
  encoding: string;
  encodingReason: string;
  delimiter: string;
  delimiterReason: string;
  headers: HeaderInfo[];
  headerIssues: string[];
  previewRows: PreviewRow[];
  suggestions: MappingSuggestions;
  /** Header → property key from the suggestions alone (ignored columns absent). */
  suggestedMapping: Record<string, string>;
  /**
   * Why the suggested mapping cannot import as it is (a required property no column fills),
   * as the import would say it; null when it can.
   */
  mappingProblem: string | null;
  /** Header → the date format its first values fit, for columns whose values read as dates. */
  dateFormatSuggestions: Record<string, DateFormatHint>;
  /** The properties of the record kind, so a client can offer them for each column. */
  properties: Property[];
  /** How a column mapped to `fullName` is split into First and Last Name; null for organizations. */
  fullNameRule: string | null;
  /** Saved templates of the kind whose headers are the same set as the file's. */
  templates: MatchingTemplate[];
}

export interface AnalyseFileOptions {
  encoding?: string;
  delimiter?: string;
}

function dateHint(values: string[]): DateFormatHint | undefined {
  const suggestion = suggestDateFormat(values);
  if (!suggestion) return undefined;
  const sampled = values.filter((v) => v.trim() !== '').length;
  const message = suggestion.ambiguous
    ? `The first ${sampled} values read as ${[suggestion.format, ...suggestion.alternatives].join(' or ')} (no day is above 12); pick the format the file uses.`
    : `The first ${sampled} values read as ${suggestion.format}.`;
  return { ...suggestion, sampled, message };
}

/**
 * Looks at the start of a file as the import wizard shows it: the detected encoding and delimiter
 * (with why), the headers and their problems, the first data rows, a suggested mapping to the
 * properties of `entity`, and a date format per column whose first values read as dates (never
 * applied: the person picks it). Only the first ~200 rows are read and the file is then closed,
 * so memory does not depend on the file's size. Throws what `openCsv` throws for a file that
 * cannot be read (`import_unreadable`, `validation` for an unknown encoding).
 *
 * @example
 * const analysis = await analyseFile(db, '/data/uploads/…upload', 'customers');
 * // analysis.encoding → 'windows-1252', analysis.suggestions['E-mail'] → { key: 'email', … }
 */
export async function analyseFile(
  db: Database,
  filePath: string,
  entity: ImportEntity,
  options: AnalyseFileOptions = {},
): Promise<FileAnalysis> {
  const csv = await openCsv(filePath, {
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
  });
  const previewRows: PreviewRow[] = [];
  const columnValues: string[][] = csv.headers.map(() => []);
  try {
    let read = 0;
    for await (const row of csv.rows) {
      if (previewRows.length < PREVIEW_ROWS) {
        previewRows.push({
          row: row.row,
          cells: row.cells,
          ...(row.error ? { error: { code: row.error.code, message: row.error.message } } : {}),
        });
      }
      if (!row.error) csv.headers.forEach((h, i) => columnValues[i]!.push(row.cells[h.index] ?? ''));
      if (++read >= DATE_SAMPLE_ROWS) break;
    }
  } finally {
    await csv.close();
  }

  const properties = mappingTargets(entity, await listProperties(db, entity));
  const suggestions = suggestMapping(csv.headers, properties, { kind: entity });
  const suggestedMapping: Record<string, string> = {};
  for (const [header, s] of Object.entries(suggestions)) if (s.key !== null) suggestedMapping[header] = s.key;
  let mappingProblem: string | null = null;
  try {
    resolveMapping(csv.headers, properties, suggestions, {}, entity);
  } catch (error) {
    if (!(error instanceof RosterError) || error.code !== 'import_mapping') throw error;
    mappingProblem = error.message;
  }

  const dateFormatSuggestions: Record<string, DateFormatHint> = {};
  csv.headers.forEach((h, i) => {
    const hint = dateHint(columnValues[i]!);
    if (hint) dateFormatSuggestions[h.label] = hint;
  });

  return {
    entity,
    encoding: csv.encoding.encoding,
    encodingReason: csv.encoding.reason,
    delimiter: csv.delimiter.delimiter,
    delimiterReason: csv.delimiter.reason,
    headers: csv.headers,
    headerIssues: csv.headerIssues,
    previewRows,
    suggestions,
    suggestedMapping,
    mappingProblem,
    dateFormatSuggestions,
    properties,
    fullNameRule: takesFullName(entity) ? FULL_NAME_RULE : null,
    templates: await templatesMatching(
      db,
      entity,
      csv.headers.map((h) => h.label),
    ),
  };
}
