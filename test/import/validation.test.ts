import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addProperty } from '../../src/db/repositories/properties.js';
import { updateSettings } from '../../src/db/repositories/settings.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from './support.js';

describe(`row validation by property type (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
    await updateSettings(t.db, { defaultCountry: 'FR' });
    await addProperty(t.db, 'customers', { key: 'seats', label: 'Seats', type: 'number' });
    await addProperty(t.db, 'customers', { key: 'vip', label: 'VIP', type: 'boolean' });
    await addProperty(t.db, 'customers', { key: 'plan', label: 'Plan', type: 'choice', choices: ['Free', 'Pro'] });
    await addProperty(t.db, 'customers', { key: 'renewal', label: 'Renewal', type: 'date' });
  });
  after(() => t.close());

  it('good values of every type are stored in their normal form', async () => {
    const file = t.file(
      'good.csv',
      'Email,First Name,Last Name,Phone,Website,Seats,VIP,Plan,Renewal\n' +
        ' MAILTO:Good.One@Example.COM ,Good,One,06 11 22 33 44,www.example.com,007,oui,pro,2024-02-29\n' +
        'good2@example.com,Good,Two,+44 20 7946 0958,https://x.example/a,1.50,Nein,FREE,\n',
    );
    const report = await t.run({ entity: 'customers', filePath: file });
    assert.deepEqual({ created: report.created, failed: report.failed }, { created: 2, failed: 0 });
    const people = await t.people('customer');
    const one = people.get('good.one@example.com')!;
    assert.equal(one.phone, '06 11 22 33 44');
    assert.equal(one.phone_e164, '+33611223344');
    assert.equal(one.x_seats, '7');
    assert.equal(one.x_vip, 'true');
    assert.equal(one.x_plan, 'Pro');
    assert.equal(one.x_renewal, '2024-02-29');
    const two = people.get('good2@example.com')!;
    assert.equal(two.phone_e164, '+442079460958');
    assert.equal(two.x_vip, 'false');
    assert.equal(two.x_plan, 'Free');
    assert.equal(two.x_renewal, null);
  });

  it('every problem of a row is reported with its row, column, value and reason; the row is not imported', async () => {
    const file = t.file(
      'bad.csv',
      'Email,First Name,Last Name,Phone,Website,Seats,VIP,Plan,Renewal\n' +
        'bad@@example.com,,Row,not a phone,not a url,12a,maybe,Gold,2023-02-30\n' +
        'ok@example.com,Ok,Row,,,,,,31/01/2024\n',
    );
    const report = await t.run({ entity: 'customers', filePath: file });
    assert.deepEqual({ created: report.created, failed: report.failed }, { created: 0, failed: 2 });
    const row2 = report.errors.filter((e) => e.row === 2);
    assert.deepEqual(
      row2.map((e) => [e.column, e.code, e.value]),
      [
        ['Email', 'invalid_value', 'bad@@example.com'],
        ['First Name', 'required', ''],
        ['Phone', 'invalid_value', 'not a phone'],
        ['Website', 'invalid_value', 'not a url'],
        ['Seats', 'invalid_value', '12a'],
        ['VIP', 'invalid_value', 'maybe'],
        ['Plan', 'invalid_value', 'Gold'],
        ['Renewal', 'invalid_value', '2023-02-30'],
      ],
    );
    assert.match(row2.find((e) => e.column === 'Plan')!.message, /"Gold" is not one of Free, Pro/);
    assert.match(row2.find((e) => e.column === 'Renewal')!.message, /not a real calendar date/);
    const row3 = report.errors.filter((e) => e.row === 3);
    assert.match(row3[0]!.message, /Row 3, column "Renewal": "31\/01\/2024" is not a date in the format yyyy-mm-dd/);
    assert.equal((await t.people('customer')).has('ok@example.com'), false);
    assert.match(
      row2.find((e) => e.column === 'Phone')!.message,
      /^Row 2, column "Phone": "not a phone" is not a phone number in France \(\+33\); write it with its country code, e\.g\. \+33 /,
    );
    // A number of a possible length that no operator has (a fictional 555 number) is kept as
    // written, without an E.164 form.
    const kept = await t.run({
      entity: 'customers',
      filePath: t.file('phone.csv', 'Email,First Name,Last Name,Phone\nph@example.com,P,H,+1 555 010 0123\n'),
    });
    assert.equal(kept.created, 1);
    assert.equal((await t.people('customer')).get('ph@example.com')!.phone_e164, null);
  });

  it('mapping two columns to one property refuses to run', async () => {
    const file = t.file('two.csv', 'Email,Mail,First Name,Last Name\na@b.example,c@d.example,A,B\n');
    await assert.rejects(t.run({ entity: 'customers', filePath: file, mapping: { Mail: 'email' } }), /Email/);
  });
});
