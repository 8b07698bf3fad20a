import { RosterError } from './errors.js';
import type { Property } from './properties.js';
import { normalizeValue } from './values.js';

export interface FieldProblem {
  field: string;
  message: string;
}

export interface NormalizedInput {
  /** Normalised stored values by property key; `null` clears a value. */
  values: Record<string, string | null>;
  /** E.164 forms of phone properties, by property key, where one could be derived. */
  e164: Record<string, string | null>;
}

/**
 * Checks the fields of a create or update request against the record kind's properties and
 * returns them in their stored form. Unknown fields and bad values are all reported at once, each
 * with its field and a sentence; `partial` (an update) leaves absent required fields alone.
 *
 * `stored` (an update) is the record as it is. A value stored before a rule was tightened (a
 * phone `12`, a language `Klingon`) and sent back unchanged, as a client that sends the whole
 * record does, is left as it is rather than refused: the record stays editable, and the value is
 * checked when someone changes it.
 */
export function normalizeInput(
  properties: readonly Property[],
  input: Record<string, unknown>,
  options: { partial: boolean; defaultCountry?: string | null; ignore?: readonly string[]; stored?: Readonly<Record<string, unknown>> },
): NormalizedInput {
  const problems: FieldProblem[] = [];
  // Keyed by property key: no prototype, so a key such as "constructor" reads only what is set here.
  const values: Record<string, string | null> = Object.create(null) as Record<string, string | null>;
  const e164: Record<string, string | null> = Object.create(null) as Record<string, string | null>;
  const byKey = new Map(properties.map((p) => [p.key, p]));
  for (const [field, raw] of Object.entries(input)) {
    if (options.ignore?.includes(field)) continue;
    const property = byKey.get(field);
    if (!property) {
      problems.push({ field, message: `"${field}" is not a property here.` });
      continue;
    }
    if (raw !== null && typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      problems.push({ field, message: `${property.label} must be text, a number, true/false or null.` });
      continue;
    }
    const text = raw === null ? '' : String(raw);
    const result = normalizeValue(property, text, options.defaultCountry ? { defaultCountry: options.defaultCountry } : {});
    if (!result.ok) {
      if (isStoredValue(options.stored, field, raw)) continue;
      problems.push({ field, message: `${property.label}: ${result.message}.` });
      continue;
    }
    if (property.required && (result.value === null || result.value.trim() === '')) {
      problems.push({ field, message: `${property.label} is required.` });
      continue;
    }
    values[field] = result.value;
    if (property.type === 'phone') e164[field] = result.e164 ?? null;
  }
  if (!options.partial) {
    for (const property of properties) {
      if (property.required && !Object.hasOwn(values, property.key) && !problems.some((p) => p.field === property.key)) {
        problems.push({ field: property.key, message: `${property.label} is required.` });
      }
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return { values, e164 };
}

function isStoredValue(
  stored: Readonly<Record<string, unknown>> | undefined,
  field: string,
  raw: string | number | boolean | null,
): boolean {
  if (!stored || !Object.hasOwn(stored, field)) return false;
  const value = stored[field];
  return (
    (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && raw !== null && String(value) === String(raw)
  );
}

/** A request whose fields do not fit the properties; carries every problem, not only the first. */
export class InputError extends RosterError {
  constructor(readonly problems: FieldProblem[]) {
    super('validation', problems.map((p) => p.message).join(' '), { field: problems[0]?.field ?? '' });
  }
}
