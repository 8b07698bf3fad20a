import os from 'node:os';
import { isDateFormat, type DateFormat } from '../../core/dates.js';
import { RosterError } from '../../core/errors.js';
import { CUSTOM_KEY_PATTERN, PROPERTY_TYPES, type Property } from '../../core/properties.js';
import { mappingTargets } from '../../core/ticket-import.js';
import type { Database } from '../../db/database.js';
import { insertImport } from '../../db/imports/import-records.js';
import { now } from '../../db/repositories/now.js';
import { listProperties } from '../../db/repositories/properties.js';
import { executeImport, type RunOptions } from '../commit/execute-import.js';
import { openSource } from '../parse/open-source.js';
import { applyTemplate, getImportTemplate } from './import-templates.js';
import { createProperties, pendingProperty } from './new-properties.js';
import { resolveMapping } from '../map/resolve-mapping.js';
import { checkValueMaps } from '../map/value-maps.js';
import { suggestMapping } from '../map/suggest-mapping.js';
import {
  IMPORT_ENTITIES,
  ON_EXISTING,
  type ImportEntity,
  type ImportReport,
  type NewPropertyOption,
  type OnExisting,
  type StoredImportOptions,
} from '../types.js';

export interface RunImportOptions extends RunOptions {
  entity: ImportEntity;
  /** The file to import; it is copied into the file store so the import can be resumed. */
  filePath: string;
  /** The name the person knows the file by (defaults to the path's base name). */
  fileName?: string;
  /** Mapping overrides: header → property key, or null/'' to ignore the column. */
  mapping?: Record<string, string | null>;
  encoding?: string;
  delimiter?: string;
  /** Date format per header, e.g. `{ 'Client depuis': 'dd/mm/yyyy' }`; yyyy-mm-dd otherwise. */
  dateFormats?: Record<string, string>;
  onExisting?: OnExisting;
  /**
   * Values mapped per column: header → value as written → the property's value, e.g.
   * `{ Status: { Escalated: 'open' } }` (`--value "Status:Escalated=open"`). For choice columns.
   */
  valueMaps?: Record<string, Record<string, string>>;
  /** Tickets: create a customer for each Customer Email nobody has, rather than leave the ticket waiting for one. */
  createMissingCustomers?: boolean;
  /** Import only the first N data rows (a test sample, a real import that can be undone). */
  sample?: number;
  /**
   * Leave out the rows up to this spreadsheet row (header = 1): the rows a test sample imported
   * (see importRemaining). The rows after it keep the file's numbers.
   */
  afterRow?: number;
  /** Validate and plan the whole file without writing any record. */
  dryRun?: boolean;
  /** Write nothing if any row fails. */
  allOrNothing?: boolean;
  /** Who runs the import (an email, "cli:<user>"), recorded with it. */
  actor?: string;
  /** Custom properties to create before the run (a dry run validates them as if they existed). */
  newProperties?: NewPropertyOption[];
  /**
   * The name of a saved template of `entity` (import-templates.ts): its mapping, date formats,
   * values, onExisting, allOrNothing and createMissingCustomers apply, and the options given here
   * win over them.
   */
  template?: string;
}

function cannotRun(message: string): RosterError {
  return new RosterError('import_mapping', message);
}

function checkOptions(options: RunImportOptions): void {
  if (!IMPORT_ENTITIES.includes(options.entity)) {
    throw new RosterError('validation', `"${String(options.entity)}" cannot be imported; choose ${IMPORT_ENTITIES.join(', ')}.`, {
      field: 'entity',
    });
  }
  if (options.onExisting !== undefined && !ON_EXISTING.includes(options.onExisting)) {
    throw new RosterError('validation', `--on-existing must be one of ${ON_EXISTING.join(', ')}.`, { field: 'onExisting' });
  }
  if (options.afterRow !== undefined && (!Number.isInteger(options.afterRow) || options.afterRow < 1)) {
    throw new RosterError('validation', 'The row to start after must be a whole number of at least 1 (the header row).', {
      field: 'afterRow',
    });
  }
  if (options.sample !== undefined && (!Number.isInteger(options.sample) || options.sample < 1)) {
    throw new RosterError('validation', 'The sample size must be a whole number of at least 1.', { field: 'sample' });
  }
  for (const [header, format] of Object.entries(options.dateFormats ?? {})) {
    if (!isDateFormat(format)) {
      throw new RosterError(
        'validation',
        `The date format "${format}" for column "${header}" is not one Roster reads; use yyyy-mm-dd, dd/mm/yyyy, mm/dd/yyyy, dd.mm.yyyy, dd-mm-yyyy, yyyy/mm/dd or iso-datetime.`,
        {
          field: 'dateFormats',
        },
      );
    }
  }
  for (const p of options.newProperties ?? []) {
    if (!CUSTOM_KEY_PATTERN.test(p.key)) {
      throw new RosterError(
        'validation',
        `The new property key "${p.key}" must start with a lower-case letter and hold only letters and digits.`,
        { field: 'newProperties' },
      );
    }
    if (!PROPERTY_TYPES.includes(p.type)) {
      throw new RosterError(
        'validation',
        `The new property "${p.key}" has the type "${p.type}"; use one of ${PROPERTY_TYPES.join(', ')}.`,
        { field: 'newProperties' },
      );
    }
  }
}

/**
 * Imports a CSV file of users, customers or organizations: decode → parse → map → validate →
 * plan → commit → report, streaming, with the import's state in the database. Row problems are
 * data in the report (`errors`, `failed`, `duplicates`); it throws a RosterError only when the
 * import cannot run at all: an unreadable file (`import_unreadable`), a mapping that misses a
 * required property or names a column twice (`import_mapping`), bad options (`validation`).
 *
 * @example
 * const report = await runImport(db, {
 *   entity: 'customers',
 *   filePath: 'customers.csv',
 *   fileStore: localFileStore(config.dataDir),
 *   dateFormats: { 'Customer Since': 'dd/mm/yyyy' },
 * });
 * // report.created, report.updated, …, report.errors[0] → { row: 4, column: 'Email', … }
 */
export async function runImport(db: Database, given: RunImportOptions): Promise<ImportReport> {
  checkOptions(given);
  const entity = given.entity;
  const source = await openSource(given.filePath, {
    ...(given.encoding ? { encoding: given.encoding } : {}),
    ...(given.delimiter ? { delimiter: given.delimiter } : {}),
  });
  let options = given;
  let prepared: { mapping: Record<string, string>; suggestions: ImportReport['suggestions']; pending: Property[] };
  try {
    if (given.template !== undefined) {
      const template = await getImportTemplate(db, entity, given.template);
      const fileHeaders = source.headers.map((h) => h.label);
      options = { ...given, ...applyTemplate(template, fileHeaders, given) };
      checkOptions(options);
    }
    prepared = await prepareMapping(db, entity, source.headers, options);
  } finally {
    await source.close();
  }
  const labels = new Set(source.headers.map((h) => h.label));
  for (const header of Object.keys(options.dateFormats ?? {})) {
    if (!labels.has(header)) {
      throw cannotRun(
        `A date format was given for "${header}", which is not a column of the file; its columns are ${[...labels].map((l) => `"${l}"`).join(', ')}.`,
      );
    }
  }

  const valueMaps = checkValueMaps(entity, options.valueMaps, prepared.mapping, await listProperties(db, entity));
  if (options.createMissingCustomers && entity !== 'tickets') {
    throw new RosterError('validation', 'Creating missing customers is an option of a tickets import only.', {
      field: 'createMissingCustomers',
    });
  }
  const stored = await options.fileStore.save(options.filePath, options.fileName ?? options.filePath);
  const storedOptions: StoredImportOptions & { encodingOverride?: string; delimiterOverride?: string } = {
    onExisting: options.onExisting ?? 'update',
    dateFormats: (options.dateFormats ?? {}) as Record<string, DateFormat>,
    sample: options.sample ?? null,
    ...(options.afterRow !== undefined && options.afterRow > 1 ? { afterRow: options.afterRow } : {}),
    allOrNothing: options.allOrNothing === true,
    newProperties: options.newProperties ?? [],
    overrides: Object.fromEntries(Object.entries(options.mapping ?? {}).map(([h, k]) => [h, k ? k : null])),
    ...(valueMaps ? { valueMaps } : {}),
    ...(options.createMissingCustomers ? { createMissingCustomers: true } : {}),
    ...(options.encoding ? { encodingOverride: options.encoding } : {}),
    ...(options.delimiter ? { delimiterOverride: options.delimiter } : {}),
  };
  const t = now();
  const id = await insertImport(db, {
    entity,
    status: 'running',
    phase: 'staging',
    dryRun: options.dryRun ? 1 : 0,
    fileName: baseName(options.fileName ?? options.filePath),
    fileSize: stored.size,
    fileSha256: stored.sha256,
    fileKey: stored.key,
    encoding: source.encoding,
    delimiter: source.delimiter,
    headers: JSON.stringify(source.headers.map((h) => ({ index: h.index, label: h.label }))),
    mapping: JSON.stringify(prepared.mapping),
    suggestions: JSON.stringify(prepared.suggestions),
    options: JSON.stringify(storedOptions),
    actor: options.actor ?? null,
    startedAt: t,
    heartbeatAt: t,
    pid: process.pid,
    host: os.hostname(),
  });
  if (!options.dryRun) await createProperties(db, entity, prepared.pending);
  return executeImport(db, id, options, options.dryRun ? prepared.pending : []);
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}

/**
 * Suggests a mapping and applies the person's overrides; new custom properties join the known
 * ones (as pending until created) so a column can be mapped to them.
 */
export async function prepareMapping(
  db: Database,
  entity: ImportEntity,
  headers: { index: number; name: string; label: string }[],
  options: Pick<RunImportOptions, 'mapping' | 'newProperties'>,
): Promise<{ mapping: Record<string, string>; suggestions: ImportReport['suggestions']; pending: Property[] }> {
  const existing = mappingTargets(entity, await listProperties(db, entity));
  const pending: Property[] = [];
  const overrides: Record<string, string | null> = { ...(options.mapping ?? {}) };
  for (const p of options.newProperties ?? []) {
    const same = existing.find((e) => e.key === p.key);
    if (same && (!same.custom || same.type !== p.type)) {
      throw cannotRun(
        `The new property "${p.key}" already exists as a ${same.custom ? `${same.type} property` : 'standard property'}; map the column to it instead.`,
      );
    }
    if (!headers.some((h) => h.label === p.header)) {
      throw cannotRun(
        `The new property "${p.key}" is for column "${p.header}", which is not in the file; its columns are ${headers.map((h) => `"${h.label}"`).join(', ')}.`,
      );
    }
    if (!same) {
      pending.push(pendingProperty(p));
    }
    overrides[p.header] ??= p.key;
  }
  const suggestions = suggestMapping(headers, [...existing, ...pending], { kind: entity });
  const resolved = resolveMapping(headers, existing, suggestions, overrides, entity, {
    newProperties: pending.map((p) => ({ key: p.key, label: p.label, type: p.type, ...(p.choices ? { choices: p.choices } : {}) })),
  });
  return { mapping: resolved.mapping, suggestions, pending };
}
