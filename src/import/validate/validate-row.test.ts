import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { standardProperties } from '../../core/properties.js';
import { buildRowLayout } from './row-layout.js';
import { validateRow } from './validate-row.js';

const layout = buildRowLayout({
  entity: 'customers',
  headers: ['Mail', 'Given', 'Family', 'Tel', 'Org'].map((label, index) => ({ index, label })),
  mapping: { Mail: 'email', Given: 'firstName', Family: 'lastName', Tel: 'phone', Org: 'organization' },
  properties: standardProperties('customers'),
});

describe('validateRow', () => {
  it('stages normalised values, the phone with its E.164 form, and the email as key', () => {
    const row = validateRow(layout, 2, [' Ann@Example.com ', ' Ann ', 'Lee', '06 11 22 33 44', ' Acme '], { defaultCountry: 'FR' });
    assert.deepEqual(row.issues, []);
    assert.equal(row.key, 'ann@example.com');
    assert.deepEqual(Object.fromEntries(layout.columns.map((c, i) => [c.name, row.values[i]])), {
      email: 'ann@example.com',
      first_name: 'Ann',
      last_name: 'Lee',
      phone: '06 11 22 33 44',
      phone_e164: '+33611223344',
      org_name: 'Acme',
    });
  });

  it('collects every problem of the row, naming row and column', () => {
    const row = validateRow(layout, 9, ['nope', '', '', '', '']);
    assert.equal(row.key, null);
    assert.deepEqual(
      row.issues.map((i) => [i.row, i.column, i.code]),
      [
        [9, 'Mail', 'invalid_value'],
        [9, 'Given', 'required'],
        [9, 'Family', 'required'],
      ],
    );
  });
});
