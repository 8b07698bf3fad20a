import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { updateSettings } from '../../src/db/repositories/settings.js';
import { runRoster } from '../cli/run-roster.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from './support.js';

const HEADER = 'Email,First Name,Last Name,Phone,Mobile,Language,Time Zone';

describe(`import of phones, languages and time zones (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
    await updateSettings(t.db, { defaultCountry: 'SE' });
  });
  after(() => t.close());

  it('refuses each bad value with its row and column, and imports the rest of the file', async () => {
    const file = t.file(
      'people.csv',
      [
        HEADER,
        'ok@rules.test,Ok,Row,08 123 456 78,,sv,Europe/Stockholm',
        'phone@rules.test,Bad,Phone,12,,,',
        'lang@rules.test,Bad,Language,,,Klingon,',
        'zone@rules.test,Bad,Zone,,+46 12,,Mars/Olympus',
      ].join('\n'),
    );
    const report = await t.run({ entity: 'users', filePath: file });
    assert.deepEqual([report.created, report.failed], [1, 3]);
    assert.deepEqual(
      report.errors.map((e) => [e.row, e.column, e.code, e.value, e.message]),
      [
        [
          3,
          'Phone',
          'invalid_value',
          '12',
          'Row 3, column "Phone": "12" is not a phone number in Sweden (+46); write it with its country code, e.g. +46 70 123 45 67.',
        ],
        [
          4,
          'Language',
          'invalid_value',
          'Klingon',
          'Row 4, column "Language": "Klingon" is not a language Roster knows; write its code (sv, pt-BR) or its English name (Swedish).',
        ],
        [
          5,
          'Mobile',
          'invalid_value',
          '+46 12',
          'Row 5, column "Mobile": "+46 12" is not a phone number in Sweden (+46): it has too few digits.',
        ],
        [
          5,
          'Time Zone',
          'invalid_value',
          'Mars/Olympus',
          'Row 5, column "Time Zone": "Mars/Olympus" is not a time zone; write its IANA name, such as Europe/Stockholm or America/New_York.',
        ],
      ],
    );
    const people = await t.people('user');
    assert.deepEqual([...people.keys()], ['ok@rules.test']);
  });

  it('imports a valid file, storing each value in its one form, and reads it back unchanged', async () => {
    const rows = [
      HEADER,
      'anna@valid.test,Anna,Berg,+46 8 123 456 78,070-123 45 67,Swedish,europe/stockholm',
      'bruno@valid.test,Bruno,Costa,+55 11 91234 5678,,Portuguese (Brazil),America/Sao_Paulo',
      'chen@valid.test,Chen,Li,,,zh-hant-tw,Asia/Taipei',
      'dev@valid.test,Dev,Rao,+91 98765 43210,,en_IN,Asia/Calcutta',
      'eve@valid.test,Eve,Stone,,,EN,US/Eastern',
    ];
    const report = await t.run({ entity: 'customers', filePath: t.file('valid.csv', rows.join('\n')) });
    assert.deepEqual([report.created, report.failed, report.errors], [5, 0, []]);
    const people = await t.people('customer');
    const stored = (email: string) => {
      const p = people.get(email)!;
      return [p.phone, p.phone_e164, p.mobile, p.mobile_e164, p.language, p.time_zone];
    };
    assert.deepEqual(stored('anna@valid.test'), [
      '+46 8 123 456 78',
      '+46812345678',
      '070-123 45 67',
      '+46701234567',
      'sv',
      'Europe/Stockholm',
    ]);
    assert.deepEqual(stored('bruno@valid.test'), ['+55 11 91234 5678', '+5511912345678', null, null, 'pt-BR', 'America/Sao_Paulo']);
    assert.deepEqual(stored('chen@valid.test'), [null, null, null, null, 'zh-Hant-TW', 'Asia/Taipei']);
    assert.deepEqual(stored('dev@valid.test'), ['+91 98765 43210', '+919876543210', null, null, 'en-IN', 'Asia/Kolkata']);
    assert.deepEqual(stored('eve@valid.test'), [null, null, null, null, 'en', 'America/New_York']);

    // The stored forms are read as themselves: importing what was stored changes nothing.
    const again = [
      HEADER,
      'anna@valid.test,Anna,Berg,+46 8 123 456 78,070-123 45 67,sv,Europe/Stockholm',
      'bruno@valid.test,Bruno,Costa,+55 11 91234 5678,,pt-BR,America/Sao_Paulo',
      'dev@valid.test,Dev,Rao,+91 98765 43210,,en-IN,Asia/Kolkata',
    ];
    const second = await t.run({ entity: 'customers', filePath: t.file('again.csv', again.join('\n')) });
    assert.deepEqual([second.unchanged, second.updated, second.failed], [3, 0, 0]);
  });

  it('roster import reports the same sentences and exits 0 with the valid rows imported', async () => {
    const file = t.file(
      'cli.csv',
      [HEADER, 'cli-ok@rules.test,Cli,Ok,,,fr,Europe/Paris', 'cli-bad@rules.test,Cli,Bad,,,Klingon,'].join('\n'),
    );
    const run = await runRoster(['import', 'customers', file, '--json'], t.test.env);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as {
      created: number;
      failed: number;
      errors: { row: number; column: string; message: string }[];
    };
    assert.deepEqual([report.created, report.failed], [1, 1]);
    assert.deepEqual(
      report.errors.map((e) => [e.row, e.column, e.message]),
      [
        [
          3,
          'Language',
          'Row 3, column "Language": "Klingon" is not a language Roster knows; write its code (sv, pt-BR) or its English name (Swedish).',
        ],
      ],
    );
    assert.equal((await t.people('customer')).get('cli-ok@rules.test')!.language, 'fr');
  });

  it('a dry run reports the problems and writes nothing', async () => {
    const file = t.file('dry.csv', [HEADER, 'dry@rules.test,Dry,Run,12,,,'].join('\n'));
    const report = await t.run({ entity: 'customers', filePath: file, dryRun: true });
    assert.equal(report.dryRun, true);
    assert.deepEqual(
      report.errors.map((e) => [e.row, e.column, e.code]),
      [[2, 'Phone', 'invalid_value']],
    );
    assert.equal((await t.people('customer')).has('dry@rules.test'), false);
  });
});
