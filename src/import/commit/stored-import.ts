import type { Property } from '../../core/properties.js';
import type { Database } from '../../db/database.js';
import type { ImportRow } from '../../db/imports/import-records.js';
import type { StageSpec } from '../../db/imports/stage-spec.js';
import { listProperties } from '../../db/repositories/properties.js';
import { getSettings, type Settings } from '../../db/repositories/settings.js';
import type { ImportEntity, StoredOptions } from '../types.js';
import { buildRowLayout, type RowLayout } from '../validate/row-layout.js';

/** A recorded import with what reading, staging and merging its rows needs. */
export interface StoredImport {
  row: ImportRow;
  options: StoredOptions;
  layout: RowLayout;
  spec: StageSpec;
  settings: Settings;
}

/** Loads what `row` needs to be read and merged; `pending` are new properties a dry run validates as if they existed. */
export async function storedImport(db: Database, row: ImportRow, pending: Property[] = []): Promise<StoredImport> {
  const settings = await getSettings(db);
  const layout = await layoutOf(db, row, pending);
  return { row, options: storedOptions(row), layout, spec: specOf(row, layout, settings.autoCreateOrganizations), settings };
}

export function storedOptions(row: Pick<ImportRow, 'options'>): StoredOptions {
  return JSON.parse(row.options) as StoredOptions;
}

/** The layout of a stored import, rebuilt from its headers, mapping and the current properties. */
export async function layoutOf(db: Database, row: ImportRow, pending: Property[] = []): Promise<RowLayout> {
  const entity = row.entity as ImportEntity;
  const options = storedOptions(row);
  const properties = [...(await listProperties(db, entity)), ...pending];
  return buildRowLayout({
    entity,
    headers: JSON.parse(row.headers) as { index: number; label: string }[],
    mapping: JSON.parse(row.mapping) as Record<string, string>,
    properties,
    dateFormats: options.dateFormats,
    ...(options.valueMaps ? { valueMaps: options.valueMaps } : {}),
    pendingKeys: new Set(pending.map((p) => p.key)),
  });
}

/**
 * The columns whose previous values a merge saves for undo (the keys of import_changes.before):
 * the mapped columns it can overwrite, plus the import marker and timestamp.
 */
export function savedColumnsOf(layout: RowLayout): string[] {
  if (layout.entity === 'organizations') return ['name', 'domains', 'import_id', 'updated_at'];
  if (layout.entity === 'tickets') return ticketSavedColumns(layout);
  const saved = layout.columns
    .filter((c) => (c.role === 'value' || c.role === 'e164') && c.name !== 'email' && c.inTarget)
    .map((c) => c.name);
  if (layout.entity === 'customers' && layout.columns.some((c) => c.role === 'organization')) saved.push('organization_id');
  return [...saved, 'import_id', 'updated_at'];
}

/** What the SQL of the stage and the merge needs to know of an import. */
export function specOf(row: ImportRow, layout: RowLayout, autoCreateOrganizations: boolean): StageSpec {
  return {
    importId: row.id,
    entity: row.entity as StageSpec['entity'],
    columns: layout.columns.map((c) => ({ name: c.name, role: c.role, inTarget: c.inTarget })),
    // Tickets without an External ID column have no key column; their keys (the row) never repeat.
    keyColumn: layout.keyColumn
      ? { header: layout.keyColumn.header, cellIndex: layout.keyColumn.cellIndex, label: layout.keyColumn.property.label }
      : { header: 'External ID', cellIndex: -1, label: 'External ID' },
    onExisting: storedOptions(row).onExisting,
    autoCreateOrganizations,
    ...(storedOptions(row).createMissingCustomers ? { createMissingCustomers: true } : {}),
    ...(layout.entity === 'tickets' ? { linkHeaders: linkHeadersOf(layout) } : {}),
  };
}

/** A ticket's columns an update can replace: its mapped values and its links (found, or pending). */
function ticketSavedColumns(layout: RowLayout): string[] {
  const saved = layout.columns.filter((c) => c.role === 'value' && c.inTarget && c.name !== 'external_id').map((c) => c.name);
  if (layout.columns.some((c) => c.role === 'organization')) saved.push('organization_id');
  for (const link of ['customer', 'assignee'] as const) {
    if (layout.columns.some((c) => c.name === `${link}_email`)) saved.push(`${link}_id`, `pending_${link}_email`);
  }
  return [...new Set([...saved, 'import_id', 'updated_at'])];
}

function linkHeadersOf(layout: RowLayout): { customer?: string; assignee?: string } {
  const header = (name: string) => layout.columns.find((c) => c.name === name)?.header;
  const customer = header('customer_email');
  const assignee = header('assignee_email');
  return { ...(customer ? { customer } : {}), ...(assignee ? { assignee } : {}) };
}
