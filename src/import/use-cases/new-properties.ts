import type { Property } from '../../core/properties.js';
import type { Database } from '../../db/database.js';
import { addProperty } from '../../db/repositories/properties.js';
import type { ImportEntity, NewPropertyOption } from '../types.js';

/** The property a new-property option will create, as the import validates against it before it exists. */
export function pendingProperty(p: NewPropertyOption): Property {
  return {
    key: p.key,
    label: p.label?.trim() || p.header,
    type: p.type,
    required: false,
    custom: true,
    ...(p.choices ? { choices: p.choices } : {}),
  };
}

/** Creates the new custom properties an import brings, before it writes values into them. */
export async function createProperties(db: Database, entity: ImportEntity, pending: readonly Property[]): Promise<void> {
  for (const p of pending) {
    await addProperty(db, entity, { key: p.key, label: p.label, type: p.type, ...(p.choices ? { choices: p.choices } : {}) });
  }
}
