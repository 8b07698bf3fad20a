import { restoreFormula } from '../../core/csv-safety.js';
import { FULL_NAME_LABEL, splitFullName, type SplitName } from '../../core/full-name.js';
import { parseMessages, parseTimestamp } from '../../core/ticket-import.js';
import { clip, tooLong } from '../../core/value-limits.js';
import { normalizeValue } from '../../core/values.js';
import type { ImportIssue } from '../types.js';
import { cleanDomains } from './clean-domains.js';
import type { RowLayout } from './row-layout.js';

/** The problem of a cell whose value cannot be read: the row, the column, the cell as written (clipped) and why. */
function invalidValue(row: number, header: string, raw: string, reason: string): ImportIssue {
  return { row, column: header, value: clip(raw), code: 'invalid_value', message: `Row ${row}, column "${header}": ${reason}.` };
}

/** A row after validation: its key and staged values (aligned with `layout.columns`), or its problems. */
export interface ValidatedRow {
  row: number;
  /** Normalised email (organizations: lower-case name); null when it is missing or invalid. */
  key: string | null;
  values: (string | null)[];
  issues: ImportIssue[];
}

export interface ValidateContext {
  defaultCountry?: string;
}

/**
 * Validates one parsed row against the layout and returns every problem it has, not only the
 * first, so the person can fix the row in one go. Text is trimmed (spreadsheet cells often carry
 * stray spaces); every other type, and a language or time zone, goes through `normalizeValue`,
 * the rule the API uses too.
 * Pure and synchronous: it runs once per row, so it must stay small.
 */
export function validateRow(layout: RowLayout, row: number, cells: readonly string[], context: ValidateContext = {}): ValidatedRow {
  const columns = layout.columns;
  const values = new Array<string | null>(columns.length);
  let issues: ImportIssue[] | undefined;
  let lastPhone: string | undefined;
  // A full-name cell feeds two columns in a row, first then last: split once, for both.
  let splitName: SplitName | undefined;
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    if (column.role === 'e164') {
      values[i] = lastPhone ?? null;
      continue;
    }
    const raw = cells[column.cellIndex] ?? '';
    // A quote that Roster's own exports put before a would-be formula (`'+1 555 0100`) comes off.
    const cell = restoreFormula(raw).trim();
    lastPhone = undefined;
    const limit = column.maxLength;
    if (cell.length > limit) {
      values[i] = null;
      (issues ??= []).push(invalidValue(row, column.header, raw, tooLong(cell.length, limit, column.property.label)));
      continue;
    }
    if (column.split) {
      // A full name: the cell is required as a whole; a single word leaves the last name empty
      // (null: an existing person keeps theirs, a new one gets an empty one).
      if (cell === '') {
        values[i] = null;
        if (column.split === 'first' && column.role !== 'extra') {
          (issues ??= []).push({
            row,
            column: column.header,
            value: raw,
            code: 'required',
            message: `Row ${row}, column "${column.header}": ${FULL_NAME_LABEL} is required but the cell is empty.`,
          });
        }
        continue;
      }
      const name = column.split === 'first' || !splitName ? splitFullName(cell) : splitName;
      splitName = column.split === 'first' ? name : undefined;
      const part = column.split === 'first' ? name.firstName : name.lastName;
      values[i] = part === '' ? null : part;
      continue;
    }
    if (cell === '') {
      values[i] = null;
      if (column.property.required) {
        (issues ??= []).push({
          row,
          column: column.header,
          value: raw,
          code: 'required',
          message: `Row ${row}, column "${column.header}": ${column.property.label} is required but the cell is empty.`,
        });
      }
      continue;
    }
    if (column.role === 'domains') {
      const domains = cleanDomains(cell);
      if (domains.ok) values[i] = domains.domains.length > 0 ? domains.domains.join(',') : null;
      else {
        values[i] = null;
        (issues ??= []).push(invalidValue(row, column.header, raw, `"${clip(domains.bad)}" is not an email domain`));
      }
      continue;
    }
    if (column.words) {
      const word = column.words.get(cell.toLowerCase());
      if (word !== undefined) {
        values[i] = word;
        continue;
      }
    }
    if (column.timestamp || column.messages) {
      const read = column.timestamp ? parseTimestamp(cell, column.dateFormat) : parseMessages(cell);
      if (read.ok) values[i] = 'messages' in read ? JSON.stringify(read.messages) : read.value;
      else {
        values[i] = null;
        (issues ??= []).push(invalidValue(row, column.header, raw, read.message));
      }
      continue;
    }
    if (column.property.type === 'text' && !column.textRule) {
      values[i] = cell;
      continue;
    }
    const options =
      column.dateFormat || context.defaultCountry ? { dateFormat: column.dateFormat, defaultCountry: context.defaultCountry } : undefined;
    let result = normalizeValue(column.property, cell, options);
    if (!result.ok && column.dateFormat && column.dateFormat !== 'yyyy-mm-dd' && column.property.type === 'date') {
      // yyyy-mm-dd cannot be mistaken for any other format, so it stays readable in every column;
      // when the cell looks like one, its own reason (e.g. month 13) is the more useful message.
      const iso = normalizeValue(column.property, cell, { ...options, dateFormat: 'yyyy-mm-dd' });
      if (iso.ok || /^\d{4}-\d{2}-\d{2}$/.test(cell)) result = iso;
    }
    if (result.ok) {
      values[i] = result.value;
      lastPhone = result.e164;
    } else {
      values[i] = null;
      (issues ??= []).push(
        invalidValue(
          row,
          column.header,
          raw,
          `${result.message}${column.words ? `; map it to one of them (in the wizard, or --value "${column.header}:${clip(cell)}=${column.property.choices?.[0] ?? ''}")` : ''}`,
        ),
      );
    }
  }
  // Tickets without an External ID column are each a new ticket: the row is their key.
  if (layout.keyIndex < 0) return { row, key: `#${row}`, values, issues: issues ?? [] };
  const keyValue = values[layout.keyIndex];
  if (keyValue == null && layout.entity === 'tickets') return { row, key: `#${row}`, values, issues: issues ?? [] };
  const key = keyValue == null ? null : layout.entity === 'organizations' ? keyValue.toLowerCase() : keyValue;
  return { row, key, values, issues: issues ?? [] };
}
