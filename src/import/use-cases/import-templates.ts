import { mappingTargets } from '../../core/ticket-import.js';
import { isDateFormat, type DateFormat } from '../../core/dates.js';
import { RosterError, validationError } from '../../core/errors.js';
import type { Database } from '../../db/database.js';
import {
  deleteImportTemplateRecord,
  findImportTemplateRecord,
  listImportTemplateRecords,
  upsertImportTemplateRecord,
  type ImportTemplateRecord,
} from '../../db/repositories/import-templates.js';
import { listProperties } from '../../db/repositories/properties.js';
import { normalizeHeader } from '../map/normalize-header.js';
import { resolveMapping } from '../map/resolve-mapping.js';
import { checkValueMaps, type ValueMaps } from '../map/value-maps.js';
import { IMPORT_ENTITIES, ON_EXISTING, type ImportEntity, type ImportReport, type OnExisting } from '../types.js';

/** A saved mapping: the file's headers, column → key (or null: left out), the values mapped, and the options to run with. */
export interface ImportTemplate extends ImportTemplateRecord {
  entity: ImportEntity;
  dateFormats: Record<string, DateFormat>;
  onExisting: OnExisting;
}

/** A template whose headers are those of a file, as the analysis lists it for the wizard to offer. */
export interface MatchingTemplate {
  id: number;
  name: string;
  /** The same headers, in any order (compared by `normalizeHeader`). */
  matches: 'exact';
  /** What the template chose, on the file's own header labels (applyTemplate), for a form to show. */
  applied: {
    mapping: Record<string, string | null>;
    dateFormats: Record<string, DateFormat>;
    valueMaps: ValueMaps;
    onExisting: OnExisting;
    allOrNothing: boolean;
    createMissingCustomers: boolean;
  };
}

export interface SaveImportTemplateInput {
  entity: ImportEntity;
  name: string;
  /** The header labels of the file, in file order. */
  headers: string[];
  /** Header label → property key (or `fullName`), null to leave the column out; absent headers are left out. */
  mapping: Record<string, string | null>;
  dateFormats?: Record<string, string>;
  onExisting?: OnExisting;
  allOrNothing?: boolean;
  /** Header label → value as written → a choice of the property the column goes to. */
  valueMaps?: ValueMaps;
  /** Tickets only: create a customer for a Customer Email that matches nobody. */
  createMissingCustomers?: boolean;
  /** Who saves it (an email, "cli:<user>"). */
  actor?: string;
}

/** The longest template name: it is shown in a menu. */
export const TEMPLATE_NAME_MAX = 100;

function checkEntity(entity: string): ImportEntity {
  if (!IMPORT_ENTITIES.includes(entity as ImportEntity)) {
    throw validationError('entity', `"${entity}" cannot be imported; choose ${IMPORT_ENTITIES.join(', ')}.`);
  }
  return entity as ImportEntity;
}

function typed(record: ImportTemplateRecord): ImportTemplate {
  return record as ImportTemplate;
}

/** Headers as a template compares them: normalised and sorted, so order, case and punctuation do not matter. */
function headerKey(headers: readonly string[]): string {
  return JSON.stringify(headers.map(normalizeHeader).sort());
}

/**
 * Saves a mapping under a name for its record kind, replacing a template of the same kind and
 * name (`replaced` says so). Every mapped header must be one of `headers`, and the mapping is
 * checked as an import would check it (`import_mapping`: an unknown property, two columns on one
 * property, a required property without a column). Bad fields are `validation` errors naming
 * the field.
 *
 * @example
 * await saveImportTemplate(db, { entity: 'customers', name: 'CRM export', headers: ['Mail', 'Name'],
 *   mapping: { Mail: 'email', Name: 'fullName' }, actor: 'ann@example.com' });
 */
export async function saveImportTemplate(
  db: Database,
  input: SaveImportTemplateInput,
): Promise<{ template: ImportTemplate; replaced: boolean }> {
  const entity = checkEntity(input.entity);
  const name = input.name.trim();
  if (name === '') throw validationError('name', 'Give the template a name.');
  if (name.length > TEMPLATE_NAME_MAX) throw validationError('name', `A template name has at most ${TEMPLATE_NAME_MAX} characters.`);
  const headers = input.headers.map((h) => h.trim());
  if (headers.length === 0 || headers.some((h) => h === '')) {
    throw validationError('headers', 'Give the header labels of the file, none of them empty.');
  }
  if (new Set(headers).size !== headers.length) throw validationError('headers', 'The header labels must all differ.');
  const known = new Set(headers);
  const mapping: Record<string, string | null> = {};
  for (const [header, key] of Object.entries(input.mapping)) {
    if (!known.has(header.trim())) {
      throw validationError('mapping', `The mapping names the column "${header}", which is not one of the template's headers.`);
    }
    mapping[header.trim()] = key?.trim() ? key.trim() : null;
  }
  const dateFormats: Record<string, DateFormat> = {};
  for (const [header, format] of Object.entries(input.dateFormats ?? {})) {
    if (!known.has(header.trim())) {
      throw validationError('dateFormats', `A date format is given for "${header}", which is not one of the template's headers.`);
    }
    if (!isDateFormat(format))
      throw validationError('dateFormats', `The date format "${format}" for column "${header}" is not one Roster reads.`);
    dateFormats[header.trim()] = format;
  }
  const onExisting = input.onExisting ?? 'update';
  if (!ON_EXISTING.includes(onExisting)) throw validationError('onExisting', `onExisting must be one of ${ON_EXISTING.join(', ')}.`);

  if (input.createMissingCustomers && entity !== 'tickets') {
    throw validationError('createMissingCustomers', 'Creating missing customers is an option of a tickets import only.');
  }
  const valueMaps: ValueMaps = {};
  for (const [header, values] of Object.entries(input.valueMaps ?? {})) {
    if (!known.has(header.trim())) {
      throw validationError('valueMaps', `Values are mapped for "${header}", which is not one of the template's headers.`);
    }
    valueMaps[header.trim()] = values;
  }

  // Every column follows the template: the ones it does not name are left out, as saved.
  const complete = Object.fromEntries(headers.map((h) => [h, mapping[h] ?? null]));
  const properties = await listProperties(db, entity);
  const resolved = resolveMapping(headers, mappingTargets(entity, properties), {}, complete, entity);
  const saved = Object.fromEntries(headers.map((h) => [h, resolved.mapping[h] ?? null]));
  const result = await upsertImportTemplateRecord(db, {
    entity,
    name,
    headers,
    mapping: saved,
    dateFormats,
    onExisting,
    allOrNothing: input.allOrNothing === true,
    valueMaps: checkValueMaps(entity, valueMaps, resolved.mapping, properties) ?? {},
    createMissingCustomers: input.createMissingCustomers === true,
    createdBy: input.actor ?? null,
  });
  return { template: typed(result.template), replaced: result.replaced };
}

/** The saved templates of one record kind, or of every kind, by kind and name. */
export async function listImportTemplates(db: Database, entity?: ImportEntity): Promise<ImportTemplate[]> {
  return (await listImportTemplateRecords(db, entity === undefined ? undefined : checkEntity(entity))).map(typed);
}

/** The template of that kind and name; `not_found` with a sentence when none is saved. */
export async function getImportTemplate(db: Database, entity: ImportEntity, name: string): Promise<ImportTemplate> {
  const found = await findImportTemplateRecord(db, checkEntity(entity), name.trim());
  if (!found) throw new RosterError('not_found', `No import template "${name}" is saved for ${entity}.`, { field: 'template' });
  return typed(found);
}

/** Deletes a template by id, or by kind and name; `not_found` when there is none. */
export async function deleteImportTemplate(db: Database, which: number | { entity: ImportEntity; name: string }): Promise<ImportTemplate> {
  const id = typeof which === 'number' ? which : (await getImportTemplate(db, which.entity, which.name)).id;
  return typed(await deleteImportTemplateRecord(db, id));
}

/** The templates of `entity` whose headers are the same set as the file's, for the analysis. */
export async function templatesMatching(db: Database, entity: ImportEntity, headers: readonly string[]): Promise<MatchingTemplate[]> {
  const key = headerKey(headers);
  return (await listImportTemplateRecords(db, entity))
    .filter((t) => headerKey(t.headers) === key)
    .map((record) => {
      const t = typed(record);
      const applied = applyTemplate(t, headers, {});
      return {
        id: t.id,
        name: t.name,
        matches: 'exact' as const,
        applied: {
          mapping: applied.mapping ?? {},
          // The template's own formats, checked when it was saved, on the file's labels.
          dateFormats: (applied.dateFormats ?? {}) as Record<string, DateFormat>,
          valueMaps: applied.valueMaps ?? {},
          onExisting: t.onExisting,
          allOrNothing: t.allOrNothing,
          createMissingCustomers: t.createMissingCustomers,
        },
      };
    });
}

/** What an import takes from a template, with the person's own choices on top. */
export interface TemplateOptions {
  mapping?: Record<string, string | null>;
  dateFormats?: Record<string, string>;
  onExisting?: OnExisting;
  allOrNothing?: boolean;
  valueMaps?: ValueMaps;
  createMissingCustomers?: boolean;
}

/**
 * Applies a template to a file's columns: its mapping, date formats and value maps land on the
 * file's columns whose headers match the template's (as `normalizeHeader` compares them; entries
 * for columns the file lacks are passed over), its options apply, and `given` wins over all of
 * it (explicit mapping entries, date formats, values and options). A column that `given` maps
 * elsewhere leaves the template's values for it behind, since they were chosen for its property.
 * Pure.
 */
export function applyTemplate(template: ImportTemplate, fileHeaders: readonly string[], given: TemplateOptions): TemplateOptions {
  const column = (header: string) =>
    fileHeaders.find((h) => h === header) ?? fileHeaders.find((h) => normalizeHeader(h) === normalizeHeader(header));
  const mapping: Record<string, string | null> = {};
  for (const [header, key] of Object.entries(template.mapping)) {
    const label = column(header);
    if (label !== undefined) mapping[label] = key;
  }
  const dateFormats: Record<string, string> = {};
  for (const [header, format] of Object.entries(template.dateFormats)) {
    const label = column(header);
    if (label !== undefined) dateFormats[label] = format;
  }
  // Values were chosen for the property the template sends the column to.
  const goesWhereTemplateSays = (label: string, header: string) =>
    given.mapping === undefined || !(label in given.mapping) || (given.mapping[label] || null) === template.mapping[header];
  const valueMaps: ValueMaps = {};
  for (const [header, values] of Object.entries(template.valueMaps)) {
    const label = column(header);
    if (label !== undefined && goesWhereTemplateSays(label, header)) valueMaps[label] = values;
  }
  for (const [label, values] of Object.entries(given.valueMaps ?? {})) valueMaps[label] = { ...valueMaps[label], ...values };
  const createMissingCustomers = given.createMissingCustomers ?? template.createMissingCustomers;
  return {
    mapping: { ...mapping, ...given.mapping },
    dateFormats: { ...dateFormats, ...given.dateFormats },
    onExisting: given.onExisting ?? template.onExisting,
    allOrNothing: given.allOrNothing ?? template.allOrNothing,
    ...(Object.keys(valueMaps).length > 0 ? { valueMaps } : {}),
    ...(createMissingCustomers ? { createMissingCustomers } : {}),
  };
}

/**
 * The template an import ran with, ready to save: every header of the file with the key it went
 * to (or null), its date formats and options. The headers are the report's, in file order.
 */
export function templateInputFromReport(report: ImportReport, name: string, actor?: string): SaveImportTemplateInput {
  const headers = Object.keys(report.suggestions);
  return {
    entity: report.entity,
    name,
    headers,
    mapping: Object.fromEntries(headers.map((h) => [h, report.mapping[h] ?? null])),
    dateFormats: report.options.dateFormats,
    onExisting: report.options.onExisting,
    allOrNothing: report.options.allOrNothing,
    ...(report.options.valueMaps ? { valueMaps: report.options.valueMaps } : {}),
    ...(report.options.createMissingCustomers ? { createMissingCustomers: true } : {}),
    ...(actor !== undefined ? { actor } : {}),
  };
}
