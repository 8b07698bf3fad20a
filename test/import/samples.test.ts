import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addProperty } from '../../src/db/repositories/properties.js';
import { updateSettings } from '../../src/db/repositories/settings.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, SAMPLES, type ImportTestContext } from './support.js';

describe(`the sample files import as their README says (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
    // "Customer Since" is a date the directory keeps as a custom property.
    await addProperty(t.db, 'customers', { key: 'customerSince', label: 'Customer Since', type: 'date' });
  });
  after(() => t.close());

  it('customers.csv: all 20 customers are created in 5 organizations', async () => {
    const report = await t.run({ entity: 'customers', filePath: path.join(SAMPLES, 'customers.csv') });
    assert.equal(report.status, 'completed');
    assert.equal(report.encoding, 'utf-8');
    assert.equal(report.delimiter, ',');
    assert.deepEqual(
      { rows: report.rows, created: report.created, updated: report.updated, failed: report.failed, duplicates: report.duplicates },
      { rows: 20, created: 20, updated: 0, failed: 0, duplicates: 0 },
    );
    assert.equal(report.mapping['Customer Since'], 'customerSince');
    assert.equal(report.mapping['Organization'], 'organization');
    assert.equal(await t.count('organizations'), 5);
    const people = await t.people('customer');
    assert.equal(people.size, 20);
    const chloe = people.get('chloe.castro@fabrikam.example')!;
    assert.equal(chloe.first_name, 'Chloé');
    assert.equal(chloe.x_customer_since, '2016-04-03');
    assert.equal(chloe.phone, '+1 555 0102');
    assert.equal(chloe.created_import_id, report.id);
    assert.equal(chloe.import_id, report.id);
  });

  it('customers.csv again: nothing changes, and the report says so', async () => {
    const report = await t.run({ entity: 'customers', filePath: path.join(SAMPLES, 'customers.csv') });
    assert.deepEqual(
      { rows: report.rows, unchanged: report.unchanged, created: report.created, updated: report.updated },
      { rows: 20, unchanged: 20, created: 0, updated: 0 },
    );
    assert.equal(await t.count('organizations'), 5);
  });

  it('users.csv: 4 users, role agent', async () => {
    const report = await t.run({ entity: 'users', filePath: path.join(SAMPLES, 'users.csv') });
    assert.deepEqual({ rows: report.rows, created: report.created, failed: report.failed }, { rows: 4, created: 4, failed: 0 });
    const users = await t.people('user');
    assert.equal(users.get('maria.lopez@helpdesk.example')?.first_name, 'María');
    assert.equal(users.get('maria.lopez@helpdesk.example')?.department, 'Support');
    assert.equal(users.get('maria.lopez@helpdesk.example')?.role, 'agent');
  });

  it('customers.csv as users: every row is refused because those emails are customers', async () => {
    const report = await t.run({
      entity: 'users',
      filePath: path.join(SAMPLES, 'customers.csv'),
      mapping: { Organization: null, 'Customer Since': null },
    });
    assert.equal(report.failed, 20);
    assert.equal(report.created, 0);
    assert.match(
      report.errors[0]!.message,
      /alice\.anders@northwind\.example already belongs to a customer; one email is a user or a customer, never both/,
    );
    assert.equal(report.errors[0]!.row, 2);
    assert.equal(report.errors[0]!.column, 'Email');
  });
});

describe(`the French Excel sample (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  const file = path.join(SAMPLES, 'customers-fr-semicolon-latin1.csv');
  before(async () => {
    t = await importContext();
    await updateSettings(t.db, { defaultCountry: 'FR' });
  });
  after(() => t.close());

  it('without a date format: row 2 imports, 3 is a duplicate, 4 has two errors, 5 no first name, 7 a non-ISO date', async () => {
    const report = await t.run({
      entity: 'customers',
      filePath: file,
      newProperties: [{ header: 'Client depuis', key: 'clientSince', type: 'date' }],
    });
    assert.equal(report.encoding, 'windows-1252');
    assert.equal(report.delimiter, ';');
    assert.deepEqual(report.mapping, {
      'E-mail': 'email',
      Prénom: 'firstName',
      Nom: 'lastName',
      Société: 'organization',
      Téléphone: 'phone',
      'Client depuis': 'clientSince',
    });
    assert.deepEqual(
      { rows: report.rows, created: report.created, duplicates: report.duplicates, failed: report.failed },
      { rows: 5, created: 1, duplicates: 1, failed: 3 },
    );
    const byRow = (row: number) => report.errors.filter((e) => e.row === row);
    assert.equal(byRow(2).length, 0);
    assert.equal(byRow(3).length, 1);
    assert.equal(byRow(3)[0]!.code, 'duplicate');
    assert.match(byRow(3)[0]!.message, /row 3 repeats the email anne\.lefort@exemple\.fr of row 2/);
    assert.deepEqual(
      byRow(4).map((e) => [e.column, e.code]),
      [
        ['E-mail', 'invalid_value'],
        ['Client depuis', 'invalid_value'],
      ],
    );
    assert.match(byRow(4)[1]!.message, /2018-13-01/);
    assert.deepEqual(
      byRow(5).map((e) => [e.column, e.code]),
      [['Prénom', 'required']],
    );
    assert.deepEqual(
      byRow(7).map((e) => e.column),
      ['Client depuis'],
    );
    assert.match(byRow(7)[0]!.message, /14\/07\/2020/);
    const anne = (await t.people('customer')).get('anne.lefort@exemple.fr')!;
    assert.equal(anne.last_name, 'Lefort');
    assert.equal(anne.phone, '01 23 45 67 89');
    assert.equal(anne.phone_e164, '+33123456789');
    assert.equal(anne.x_client_since, '2019-05-14');
    assert.equal((await t.people('customer')).size, 1);
    assert.equal(await t.count('organizations'), 1);
  });

  it('with --date-format "Client depuis=dd/mm/yyyy", row 7 imports too', async () => {
    const report = await t.run({
      entity: 'customers',
      filePath: file,
      mapping: { 'Client depuis': 'clientSince' },
      dateFormats: { 'Client depuis': 'dd/mm/yyyy' },
    });
    // An ISO date stays readable in a column given another format, so row 2 is unchanged.
    assert.deepEqual(
      { rows: report.rows, created: report.created, unchanged: report.unchanged, duplicates: report.duplicates, failed: report.failed },
      { rows: 5, created: 1, unchanged: 1, duplicates: 1, failed: 2 },
    );
    const helene = (await t.people('customer')).get('helene.dupont@exemple.fr')!;
    assert.equal(helene.first_name, 'Hélène');
    assert.equal(helene.x_client_since, '2020-07-14');
    assert.equal(await t.count('organizations'), 2);
  });
});
