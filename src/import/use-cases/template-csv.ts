import { neutralizeFormula } from '../../core/csv-safety.js';
import type { Database } from '../../db/database.js';
import { listProperties } from '../../db/repositories/properties.js';
import { mappingTargets } from '../../core/ticket-import.js';
import type { ImportEntity } from '../types.js';

/** The byte order mark that makes Excel read a CSV file as UTF-8. */
const BOM = '\uFEFF';

/**
 * A CSV file to fill in and import: one header row with the label of every importable property of
 * `entity`, standard and custom (for tickets, with the dates, Customer Name and Messages an import
 * also reads; see mappingTargets), the required ones first and then in property order. It starts
 * with a byte order mark (Excel then reads it as UTF-8) and its cells are formula-neutralised
 * (OWASP CSV injection: a custom label may start with `=`), quoted per RFC 4180, line ending CRLF.
 * Each header is its property's own label, so the import suggests every column back to it.
 *
 * @example
 * await templateCsv(db, 'organizations'); // → '\uFEFFName,Email Domains\r\n'
 */
export async function templateCsv(db: Database, entity: ImportEntity): Promise<string> {
  const properties = mappingTargets(entity, await listProperties(db, entity)).filter((p) => !p.readOnly);
  const ordered = [...properties.filter((p) => p.required), ...properties.filter((p) => !p.required)];
  const cells = ordered.map((p) => neutralizeFormula(p.label)).map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c));
  return BOM + cells.join(',') + '\r\n';
}

/** The file name a template is downloaded as: `roster-customers-template.csv`. */
export function templateFileName(entity: ImportEntity): string {
  return `roster-${entity}-template.csv`;
}
