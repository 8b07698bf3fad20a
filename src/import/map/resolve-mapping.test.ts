import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RosterError } from '../../core/errors.js';
import { standardProperties } from '../../core/properties.js';
import type { RecordKind } from '../../core/record-kind.js';
import { resolveMapping, type ResolveMappingOptions } from './resolve-mapping.js';
import { suggestMapping } from './suggest-mapping.js';

const FRENCH = ['E-mail', 'Prénom', 'Nom', 'Société', 'Téléphone', 'Client depuis'];

function resolve(
  headers: string[],
  overrides: Record<string, string | null> = {},
  kind: RecordKind = 'customers',
  options?: ResolveMappingOptions,
) {
  const properties = standardProperties(kind);
  return resolveMapping(headers, properties, suggestMapping(headers, properties), overrides, kind, options);
}

function refuses(run: () => unknown, ...patterns: RegExp[]) {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof RosterError, String(e));
    assert.equal(e.code, 'import_mapping');
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

describe('resolveMapping', () => {
  it('takes the suggestions as they are when nothing overrides them', () => {
    const r = resolve(FRENCH);
    assert.deepEqual(r.mapping, { 'E-mail': 'email', Prénom: 'firstName', Nom: 'lastName', Société: 'organization', Téléphone: 'phone' });
    assert.deepEqual(r.ignored, ['Client depuis']);
    assert.deepEqual(r.newProperties, []);
    assert.deepEqual(
      r.columns.map((c) => [c.index, c.label, c.property.key]),
      [
        [0, 'E-mail', 'email'],
        [1, 'Prénom', 'firstName'],
        [2, 'Nom', 'lastName'],
        [3, 'Société', 'organization'],
        [4, 'Téléphone', 'phone'],
      ],
    );
  });

  it('lets an override replace a suggestion, by key or label in any case', () => {
    assert.equal(resolve(FRENCH, { Téléphone: 'mobile' }).mapping['Téléphone'], 'mobile');
    assert.equal(resolve(FRENCH, { Téléphone: 'Mobile' }).mapping['Téléphone'], 'mobile');
    assert.equal(resolve(FRENCH, { téléphone: 'MOBILE' }).mapping['Téléphone'], 'mobile');
    assert.equal(resolve(FRENCH, { 'Client depuis': 'notes' }).mapping['Client depuis'], 'notes');
  });

  it('leaves a column out for an empty override', () => {
    const r = resolve(FRENCH, { Société: '', Téléphone: null });
    assert.equal(r.mapping['Société'], undefined);
    assert.equal(r.mapping['Téléphone'], undefined);
    assert.deepEqual(r.ignored, ['Société', 'Téléphone', 'Client depuis']);
  });

  it('finds a column by label first, then by name', () => {
    const r = resolve(['Email', 'First Name', 'Last Name', 'Email'], { 'Email (2)': 'notes' });
    assert.deepEqual(r.mapping, { Email: 'email', 'First Name': 'firstName', 'Last Name': 'lastName', 'Email (2)': 'notes' });
  });

  it('refuses an unknown column and lists the real ones', () => {
    refuses(
      () => resolve(FRENCH, { Emial: 'email' }),
      /^There is no column "Emial" in the file; its columns are "E-mail", "Prénom", "Nom", "Société", "Téléphone" and "Client depuis"\.$/,
    );
  });

  it('refuses an unknown property and lists the real ones', () => {
    refuses(
      () => resolve(FRENCH, { 'Client depuis': 'customerSince' }),
      /^Column "Client depuis" cannot go to "customerSince": customers have no such property\./,
      /email \(Email\), firstName \(First Name\)/,
    );
  });

  it('refuses two columns on one property and names both', () => {
    refuses(
      () => resolve(FRENCH, { 'Client depuis': 'email' }),
      /^Columns "E-mail" and "Client depuis" are all mapped to Email, but a property takes one column\. Leave out the others \(for example "Client depuis="\)/,
    );
  });

  it('refuses missing required properties, naming them by label and listing the columns', () => {
    refuses(
      () => resolve(FRENCH, { Prénom: '', Nom: null }),
      /^Customers need Email, First Name and Last Name, but no column is mapped to First Name or Last Name\./,
      /The file's columns are "E-mail", "Prénom", "Nom", "Société", "Téléphone" and "Client depuis"\./,
      /First Name is firstName and Last Name is lastName/,
    );
  });

  it('takes a full-name column for both names, never with a first or last name column', () => {
    assert.deepEqual(resolve(['Email', 'Name']).mapping, { Email: 'email', Name: 'fullName' });
    assert.deepEqual(resolve(['Email', 'Contact'], { Contact: 'fullName' }, 'users').mapping, { Email: 'email', Contact: 'fullName' });
    assert.deepEqual(resolve(['Email', 'Name'], { Name: 'Full name' }).mapping, { Email: 'email', Name: 'fullName' });
    refuses(
      () => resolve(['Email', 'Name', 'Surname'], { Name: 'fullName' }),
      /^Column "Name" is mapped to Full name, which fills First Name and Last Name, so column "Surname" cannot go to Last Name as well\./,
    );
    refuses(() => resolve(['Name', 'Domains'], { Name: 'fullName' }, 'organizations'), /organizations have no such property/);
    refuses(() => resolve(FRENCH, { Prénom: '', Nom: null }), /A column that holds the whole name can go to fullName/);
  });

  it('knows what each kind requires', () => {
    assert.doesNotThrow(() => resolve(['Email', 'First Name', 'Last Name', 'Department'], {}, 'users'));
    refuses(
      () => resolve(['Domain'], {}, 'organizations'),
      /^Organizations need Name, but no column is mapped to Name\. The file's columns are "Domain"\./,
    );
    refuses(
      () => resolve(['Subject line', 'Status'], {}, 'tickets'),
      /^Tickets need Title, but no column is mapped to Title\./,
      /Title is title/,
    );
    assert.deepEqual(resolve(['Subject', 'Status'], {}, 'tickets').mapping, { Subject: 'title', Status: 'status' });
  });

  it('refuses a property Roster manages itself', () => {
    const properties = standardProperties('customers').map((p) => (p.key === 'status' ? { ...p, readOnly: true } : p));
    const headers = ['Email', 'First Name', 'Last Name', 'State of account'];
    refuses(
      () => resolveMapping(headers, properties, suggestMapping(headers, properties), { 'State of account': 'status' }, 'customers'),
      /Column "State of account" is mapped to Status, which Roster manages itself/,
    );
  });

  it('maps a column to a new custom property given with it', () => {
    const r = resolve(FRENCH, { 'Client depuis': 'customerSince' }, 'customers', {
      newProperties: [{ key: 'customerSince', label: 'Client depuis', type: 'date' }],
    });
    assert.equal(r.mapping['Client depuis'], 'customerSince');
    assert.deepEqual(r.newProperties, [{ key: 'customerSince', label: 'Client depuis', type: 'date', required: false, custom: true }]);
    assert.deepEqual(r.columns.at(-1), { index: 5, label: 'Client depuis', property: r.newProperties[0] });
  });

  it('checks new custom properties', () => {
    const withNew = (p: { key: string; label?: string; type?: string }, overrides: Record<string, string> = { 'Client depuis': p.key }) =>
      resolve(FRENCH, overrides, 'customers', { newProperties: [{ label: 'X', type: 'text', ...p } as never] });
    refuses(() => withNew({ key: 'Customer Since' }), /key "Customer Since" is not valid/);
    refuses(() => withNew({ key: 'email' }), /"email" is already a property of customers; map the column to it/);
    refuses(() => withNew({ key: 'createdAt' }), /"createdAt" is reserved by Roster/);
    refuses(() => withNew({ key: 'since', type: 'timestamp' }), /type "timestamp"; use "text", "email"/);
    refuses(
      () => withNew({ key: 'since' }, {}),
      /The new property "since" would get no column; map a column to it \(for example "Column=since"\)/,
    );
  });
});
