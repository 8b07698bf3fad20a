import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RosterError } from '../../src/core/errors.js';
import { updatePerson } from '../../src/db/repositories/people.js';
import { getImport, listImports } from '../../src/import/use-cases/list-imports.js';
import { errorReportLines } from '../../src/import/report/error-report.js';
import { undoImport } from '../../src/import/use-cases/undo-import.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from './support.js';

async function collect(lines: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const line of lines) text += line;
  return text;
}

describe(`error report and undo (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
  });
  after(() => t.close());

  it('the error report holds failed and duplicate rows as written, with reasons, formulas neutralised', async () => {
    const file = t.file(
      'evil.csv',
      'Email,First Name,Last Name,Title\n' +
        'ok@rep.example,Ok,Fine,\n' +
        '=HYPERLINK("http://evil.example"),Bad,Row,@SUM(A1)\n' +
        'ok@rep.example,"-2+3","+cmd",x\n' +
        'nobody@rep.example,,Last,\n',
    );
    const report = await t.run({ entity: 'customers', filePath: file });
    assert.deepEqual(
      { created: report.created, failed: report.failed, duplicates: report.duplicates },
      { created: 1, failed: 2, duplicates: 1 },
    );
    const csv = await collect(errorReportLines(t.db, report.id));
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines[0], 'Row,Email,First Name,Last Name,Title,Problem');
    assert.equal(lines.length, 4);
    assert.ok(lines[1]!.startsWith(`3,"'=HYPERLINK(""http://evil.example"")",Bad,Row,'@SUM(A1),`), lines[1]);
    assert.match(lines[1]!, /is not a valid email address/);
    assert.ok(lines[2]!.startsWith(`4,ok@rep.example,'-2+3,'+cmd,x,`), lines[2]);
    assert.match(lines[2]!, /repeats the email ok@rep\.example of row 2/);
    assert.ok(lines[3]!.startsWith('5,nobody@rep.example,,Last,,'), lines[3]);
  });

  it('imports are listed newest first and can be inspected later', async () => {
    const list = await listImports(t.db);
    assert.ok(list.length >= 1);
    const shown = await getImport(t.db, list[0]!.id);
    assert.equal(shown.fileName, 'evil.csv');
    assert.equal(shown.errorCount, 3);
    assert.equal(shown.sha256.length, 64);
  });

  it('undo removes created records, restores updated ones and keeps records edited since', async () => {
    const head = 'Email,First Name,Last Name,City,Organization\n';
    await t.run({
      entity: 'customers',
      filePath: t.file('u0.csv', head + 'keep@undo.example,Keep,Me,Paris,\nedit@undo.example,Edit,Me,Paris,\n'),
    });
    const report = await t.run({
      entity: 'customers',
      filePath: t.file(
        'u1.csv',
        head +
          'keep@undo.example,Keep,Me,Lyon,Undo Corp\nedit@undo.example,Edit,Me,Lyon,\nnew@undo.example,New,One,Nice,Undo Corp\nnew2@undo.example,New,Two,,\n',
      ),
    });
    assert.deepEqual({ created: report.created, updated: report.updated }, { created: 2, updated: 2 });
    // Someone edits one updated and one created record after the import.
    const people = await t.people('customer');
    const domainOrganization = people.get('edit@undo.example')!.organization_id;
    assert.ok(domainOrganization);
    assert.notEqual(people.get('keep@undo.example')!.organization_id, domainOrganization);
    await updatePerson(t.db, 'customers', Number(people.get('edit@undo.example')!.id), { title: 'Boss' });
    await updatePerson(t.db, 'customers', Number(people.get('new2@undo.example')!.id), { city: 'Metz' });

    const undone = await undoImport(t.db, report.id);
    assert.equal(undone.status, 'undone');
    assert.ok(undone.undoneAt);
    assert.equal(undone.undo!.removed, 1);
    assert.equal(undone.undo!.restored, 1);
    assert.equal(undone.undo!.organizationsRemoved, 1);
    assert.deepEqual(undone.undo!.kept.map((k) => k.label).sort(), ['edit@undo.example', 'new2@undo.example']);

    const after = await t.people('customer');
    assert.equal(after.get('keep@undo.example')!.city, 'Paris');
    assert.equal(after.get('keep@undo.example')!.organization_id, domainOrganization);
    assert.equal(after.get('edit@undo.example')!.city, 'Lyon');
    assert.equal(after.get('edit@undo.example')!.title, 'Boss');
    assert.equal(after.has('new@undo.example'), false);
    assert.equal(after.get('new2@undo.example')!.city, 'Metz');
    await assert.rejects(undoImport(t.db, report.id), (e: unknown) => e instanceof RosterError && e.code === 'import_state');
  });

  it('undo of an organizations import restores names and domains', async () => {
    await t.run({ entity: 'organizations', filePath: t.file('o0.csv', 'Name,Email Domains\nAcme,acme.example\n') });
    const report = await t.run({
      entity: 'organizations',
      filePath: t.file('o1.csv', 'Name,Email Domains\nACME,acme.example;acme.test\nBrand New,brandnew.example\n'),
    });
    assert.deepEqual({ created: report.created, updated: report.updated }, { created: 1, updated: 1 });
    const undone = await undoImport(t.db, report.id);
    assert.deepEqual({ removed: undone.undo!.removed, restored: undone.undo!.restored }, { removed: 1, restored: 1 });
    const { rows } = await t.db.kysely
      .selectFrom('organizations')
      .select(['id', 'name'])
      .where('name', 'in', ['Acme', 'ACME', 'Brand New'])
      .execute()
      .then((r) => ({ rows: r }));
    assert.deepEqual(
      rows.map((r) => r.name),
      ['Acme'],
    );
    const domains = await t.db.kysely
      .selectFrom('organizationDomains')
      .select('domain')
      .where('organizationId', '=', rows[0]!.id)
      .orderBy('domain')
      .execute();
    assert.deepEqual(
      domains.map((d) => d.domain),
      ['acme.example'],
    );
  });
});
