import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../../src/db/database.js';
import { createPerson } from '../../src/db/repositories/people.js';
import { addProperty } from '../../src/db/repositories/properties.js';
import { TEST_DIALECT, type TestDatabase, withDatabase } from '../support/database.js';
import { rosterOk } from './run-roster.js';

/** A label a spreadsheet would run as a DDE command if the header row were not neutralised. */
const DDE_LABEL = "=cmd|' /c calc'!A1";

describe(`roster customers export --csv imports back unchanged (${TEST_DIALECT})`, () => {
  let testDb: TestDatabase;
  let db: Database;
  let close: () => Promise<void>;
  let dir: string;

  before(async () => {
    ({ db, test: testDb, close } = await withDatabase());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-round-trip-'));
    await addProperty(db, 'customers', { key: 'remark', label: DDE_LABEL, type: 'text' });
    await addProperty(db, 'customers', { key: 'backupEmail', label: 'Backup Email', type: 'email' });
    await addProperty(db, 'customers', { key: 'fax', label: 'Fax', type: 'phone' });
    await addProperty(db, 'customers', { key: 'since', label: 'Customer Since', type: 'date' });
    await addProperty(db, 'customers', { key: 'balance', label: 'Balance', type: 'number' });
    await addProperty(db, 'customers', { key: 'vip', label: 'VIP', type: 'boolean' });
    await addProperty(db, 'customers', { key: 'plan', label: 'Plan', type: 'choice', choices: ['free', 'pro'] });
    await addProperty(db, 'customers', { key: 'homepage', label: 'Homepage', type: 'url' });
    await createPerson(db, 'customers', {
      email: 'carol@acme.test',
      firstName: 'Carol',
      lastName: 'Shaw',
      organization: 'Acme Ltd',
      title: '@support lead',
      phone: '+1 555 0100',
      mobile: '+46 70 123 45 67',
      city: 'Zoë-les-Bains',
      region: '-',
      website: 'https://acme.test/carol',
      notes: '=HYPERLINK("http://evil.test")\nsecond line',
      remark: '+ not a formula',
      backupEmail: 'carol@backup.test',
      fax: '+44 20 7946 0958',
      since: '2019-05-14',
      balance: '-12.5',
      vip: 'yes',
      plan: 'pro',
      homepage: 'carol.example.com',
    });
    await createPerson(db, 'customers', { email: 'dan@other.test', firstName: '-Dan', lastName: "'=quoted", status: 'deactivated' });
  });
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await close();
  });

  it('neutralises the header and the cells, and importing the file reports every row unchanged', async () => {
    const csv = await rosterOk(['customers', 'export', '--csv'], testDb.env);
    const [header, ...rows] = csv.split('\r\n');
    assert.ok(header!.endsWith(`,'${DDE_LABEL},Backup Email,Fax,Customer Since,Balance,VIP,Plan,Homepage`), header);
    assert.ok(
      rows.some((r) => r.includes(",'+1 555 0100,'+46 70 123 45 67,") && r.includes(",Zoë-les-Bains,'-,")),
      csv,
    );
    const file = path.join(dir, 'customers.csv');
    fs.writeFileSync(file, csv);

    const report = JSON.parse(await rosterOk(['import', 'customers', file, '--json'], testDb.env)) as Record<string, unknown>;
    assert.equal(report.mapping && (report.mapping as Record<string, string>)[DDE_LABEL], 'remark');
    assert.deepEqual([report.rows, report.unchanged, report.created, report.updated, report.failed, report.errors], [2, 2, 0, 0, 0, []]);
    assert.equal(await rosterOk(['customers', 'export', '--csv'], testDb.env), csv);
  });
});
