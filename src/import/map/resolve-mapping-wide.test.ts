import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RosterError } from '../../core/errors.js';
import { standardProperties } from '../../core/properties.js';
import { resolveMapping } from './resolve-mapping.js';

describe('resolveMapping with very many columns', () => {
  it('lists the first 30 columns and counts the others, so the sentence stays readable', () => {
    const headers = Array.from({ length: 100_000 }, (_, i) => `Extra ${i + 1}`);
    const properties = standardProperties('customers');
    const refusal = (overrides: Record<string, string | null>) => {
      try {
        resolveMapping(headers, properties, {}, overrides, 'customers');
      } catch (error) {
        assert.ok(error instanceof RosterError && error.code === 'import_mapping', String(error));
        return error.message;
      }
      assert.fail('the mapping was accepted');
    };
    const listed = `"Extra 1", "Extra 2", "Extra 3", "Extra 4", "Extra 5", "Extra 6", "Extra 7", "Extra 8", "Extra 9", "Extra 10", "Extra 11", "Extra 12", "Extra 13", "Extra 14", "Extra 15", "Extra 16", "Extra 17", "Extra 18", "Extra 19", "Extra 20", "Extra 21", "Extra 22", "Extra 23", "Extra 24", "Extra 25", "Extra 26", "Extra 27", "Extra 28", "Extra 29", "Extra 30" and 99,970 more`;
    const missing = refusal({});
    assert.ok(missing.includes(`The file's columns are ${listed}. Map a column`), missing.slice(0, 400));
    assert.ok(missing.length < 1_000, `${missing.length} characters`);
    assert.equal(refusal({ Emial: 'email' }), `There is no column "Emial" in the file; its columns are ${listed}.`);
  });
});
