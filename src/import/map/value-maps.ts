import { RosterError } from '../../core/errors.js';
import type { Property } from '../../core/properties.js';
import type { ImportEntity } from '../types.js';

/** Header → value as written → the property's value, as a person gives them. */
export type ValueMaps = Record<string, Record<string, string>>;

/**
 * Checks the values a person mapped: each for a column of the file that goes to a choice
 * property (`mapping`: header → key, the columns read), each to one of its values. Returns them
 * as stored (written value in lower case → the property's value as spelled), or undefined when
 * there are none; a value map that cannot apply is an `import_mapping` error with a sentence.
 */
export function checkValueMaps(
  entity: ImportEntity,
  given: ValueMaps | undefined,
  mapping: Record<string, string>,
  properties: Property[],
): ValueMaps | undefined {
  if (!given || Object.keys(given).length === 0) return undefined;
  const stored: ValueMaps = {};
  for (const [header, values] of Object.entries(given)) {
    const key = mapping[header];
    if (!key) {
      throw cannotMap(
        `Values are mapped for "${header}", which is not a column the import reads; its columns are ${Object.keys(mapping)
          .map((h) => `"${h}"`)
          .join(', ')}.`,
      );
    }
    const property = properties.find((p) => p.key === key);
    if (!property || property.type !== 'choice') {
      throw cannotMap(`Values are mapped for "${header}", but it goes to ${property?.label ?? key}, which is not a choice of values.`);
    }
    const choices = property.choices ?? [];
    stored[header] = {};
    for (const [written, value] of Object.entries(values)) {
      const choice = choices.find((c) => c.toLowerCase() === value.trim().toLowerCase());
      if (!choice) {
        throw cannotMap(
          `"${written}" in "${header}" is mapped to "${value}", which is not a ${property.label} of ${entity}; use one of ${choices.join(', ')}.`,
        );
      }
      stored[header][written.trim().toLowerCase()] = choice;
    }
  }
  return stored;
}

function cannotMap(message: string): RosterError {
  return new RosterError('import_mapping', message);
}
