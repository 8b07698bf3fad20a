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

  it('splits a full-name column into first and last name; one word leaves the last name out', () => {
    const full = buildRowLayout({
      entity: 'users',
      headers: ['Email', 'Name'].map((label, index) => ({ index, label })),
      mapping: { Email: 'email', Name: 'fullName' },
      properties: standardProperties('users'),
    });
    assert.deepEqual(
      full.columns.map((c) => [c.name, c.header, c.split ?? null]),
      [
        ['email', 'Email', null],
        ['first_name', 'Name', 'first'],
        ['last_name', 'Name', 'last'],
      ],
    );
    assert.deepEqual(validateRow(full, 2, ['a@x.test', ' Anders, Alice ']).values, ['a@x.test', 'Alice', 'Anders']);
    assert.deepEqual(validateRow(full, 3, ['b@x.test', 'Alice van der Berg']).values, ['b@x.test', 'Alice', 'van der Berg']);
    const single = validateRow(full, 4, ['c@x.test', 'Cher']);
    assert.deepEqual([single.values, single.issues], [['c@x.test', 'Cher', null], []]);
    const empty = validateRow(full, 5, ['d@x.test', '  ']);
    assert.deepEqual(
      empty.issues.map((i) => [i.column, i.code, i.message]),
      [['Name', 'required', 'Row 5, column "Name": Full name is required but the cell is empty.']],
    );
  });
});
