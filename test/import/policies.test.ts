import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RosterError } from '../../src/core/errors.js';
import { createPerson } from '../../src/db/repositories/people.js';
import { undoImport } from '../../src/import/use-cases/undo-import.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from './support.js';

const HEAD = 'Email,First Name,Last Name,City,Title\n';

describe(`import policies and counts (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
  });
  after(() => t.close());

  it('refuses to run without the required mappings, naming them and the columns', async () => {
    const file = t.file('no-names.csv', 'Email,Town\na@x.example,Paris\n');
    await assert.rejects(
      t.run({ entity: 'customers', filePath: file }),
      (error: unknown) =>
        error instanceof RosterError &&
        error.code === 'import_mapping' &&
        /First Name/.test(error.message) &&
        /Last Name/.test(error.message) &&
        /Town/.test(error.message),
    );
    assert.equal(await t.count('imports'), 0);
  });

  it('in-file duplicates: the first row wins, later ones are reported naming both rows', async () => {
    const file = t.file(
      'dups.csv',
      HEAD + 'd1@dup.example,A,One,,\n\nD1@DUP.example,B,Two,,\nmailto:d1@dup.example,C,Three,,\nd2@dup.example,E,Four,,\n',
    );
    const report = await t.run({ entity: 'customers', filePath: file });
    assert.deepEqual({ rows: report.rows, created: report.created, duplicates: report.duplicates }, { rows: 4, created: 2, duplicates: 2 });
    const dups = report.errors.filter((e) => e.code === 'duplicate');
    assert.deepEqual(
      dups.map((e) => e.row),
      [4, 5],
    );
    assert.match(dups[0]!.message, /row 4 repeats the email d1@dup\.example of row 2/);
    assert.equal((await t.people('customer')).get('d1@dup.example')?.first_name, 'A');
  });

  it('merges range by range: new people only, then an update and a repeat of the first range, then a repeat of the update; undone as one import', async () => {
    await createPerson(t.db, 'customers', { email: 'old@ranges.example', firstName: 'Old', lastName: 'Timer', city: 'Paris' });
    // One row a batch makes a merge transaction of five rows. Rows 2–6 and 7–11 only create
    // (inserted straight from the stage); rows 12–16 hold an update, a repeat of row 3 (found
    // among the people the import created, not in the range itself) and new people; row 17
    // repeats the update of row 12 (found in the keys table of the merged ranges).
    const lines = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => `n${n}@ranges.example,F${n},L${n},City${n},`);
    lines.push('old@ranges.example,Old,Timer,Lyon,', 'N2@Ranges.example,Again,Twice,Nowhere,', 'n11@ranges.example,F11,L11,City11,');
    lines.push('n12@ranges.example,F12,L12,City12,', 'n13@ranges.example,F13,L13,City13,', 'OLD@ranges.example,Old,Timer,Rome,');
    const report = await t.run({ entity: 'customers', filePath: t.file('ranges.csv', HEAD + lines.join('\n') + '\n'), batchRows: 1 });
    assert.deepEqual(
      { rows: report.rows, created: report.created, updated: report.updated, duplicates: report.duplicates, failed: report.failed },
      { rows: 16, created: 13, updated: 1, duplicates: 2, failed: 0 },
    );
    const duplicates = report.errors.filter((e) => e.code === 'duplicate');
    assert.deepEqual(
      duplicates.map((d) => d.row),
      [13, 17],
    );
    assert.match(duplicates[0]!.message, /repeats the email n2@ranges\.example of row 3/);
    assert.match(duplicates[1]!.message, /repeats the email old@ranges\.example of row 12/);
    const people = await t.people('customer');
    assert.equal(people.get('n2@ranges.example')!.first_name, 'F2');
    assert.equal(people.get('n11@ranges.example')!.first_name, 'F11');
    assert.equal(people.get('old@ranges.example')!.city, 'Lyon');

    const undone = await undoImport(t.db, report.id);
    assert.deepEqual({ removed: undone.undo!.removed, restored: undone.undo!.restored }, { removed: 13, restored: 1 });
    const after = await t.people('customer');
    assert.equal(after.get('old@ranges.example')!.city, 'Paris');
    assert.equal([...after.keys()].filter((email) => email.endsWith('@ranges.example')).length, 1);
  });

  it('update (default): non-empty cells update, empty cells never erase; a same row is unchanged', async () => {
    await t.run({
      entity: 'customers',
      filePath: t.file(
        'base.csv',
        HEAD + 'p1@pol.example,Ann,Lee,Paris,CEO\np2@pol.example,Bob,Ray,Oslo,CTO\np3@pol.example,Cy,Fox,Rome,CFO\n',
      ),
    });
    const report = await t.run({
      entity: 'customers',
      filePath: t.file('upd.csv', HEAD + 'p1@pol.example,Ann,Lee,Lyon,\np2@pol.example,Bob,Ray,Oslo,CTO\n'),
    });
    assert.deepEqual({ rows: report.rows, updated: report.updated, unchanged: report.unchanged }, { rows: 2, updated: 1, unchanged: 1 });
    const p1 = (await t.people('customer')).get('p1@pol.example')!;
    assert.equal(p1.city, 'Lyon');
    assert.equal(p1.title, 'CEO');
    assert.equal(p1.import_id, report.id);
  });

  it('skip: existing records stay untouched and are counted as skipped', async () => {
    const report = await t.run({
      entity: 'customers',
      onExisting: 'skip',
      filePath: t.file('skip.csv', HEAD + 'p1@pol.example,Ann,Lee,Berlin,\np4@pol.example,Dee,Kim,Bonn,\n'),
    });
    assert.deepEqual({ rows: report.rows, skipped: report.skipped, created: report.created }, { rows: 2, skipped: 1, created: 1 });
    assert.equal((await t.people('customer')).get('p1@pol.example')!.city, 'Lyon');
  });

  it('overwrite: empty cells clear mapped columns, unmapped columns stay', async () => {
    const report = await t.run({
      entity: 'customers',
      onExisting: 'overwrite',
      filePath: t.file('over.csv', 'Email,First Name,Last Name,Title\np3@pol.example,Cy,Fox,\n'),
    });
    assert.equal(report.updated, 1);
    const p3 = (await t.people('customer')).get('p3@pol.example')!;
    assert.equal(p3.title, null);
    assert.equal(p3.city, 'Rome');
  });

  it('overwrite never clears a required property: an empty first name is an error', async () => {
    const report = await t.run({
      entity: 'customers',
      onExisting: 'overwrite',
      filePath: t.file('over2.csv', HEAD + 'p3@pol.example,,Fox,,\n'),
    });
    assert.equal(report.failed, 1);
    assert.equal(report.errors[0]!.code, 'required');
    assert.equal((await t.people('customer')).get('p3@pol.example')!.first_name, 'Cy');
  });

  it('--sample N imports only the first N data rows', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `s${i}@sample.example,S,${i},,`).join('\n');
    const report = await t.run({ entity: 'customers', sample: 3, filePath: t.file('sample.csv', HEAD + rows + '\n') });
    assert.deepEqual({ rows: report.rows, created: report.created }, { rows: 3, created: 3 });
    const emails = [...(await t.people('customer')).keys()].filter((e) => e.endsWith('@sample.example'));
    assert.deepEqual(emails.sort(), ['s0@sample.example', 's1@sample.example', 's2@sample.example']);
  });

  it('--all-or-nothing writes nothing when a row fails', async () => {
    const before = await t.count('people');
    const report = await t.run({
      entity: 'customers',
      allOrNothing: true,
      filePath: t.file('aon.csv', HEAD + 'a1@aon.example,A,B,,\nnot-an-email,A,B,,\na2@aon.example,A,B,,\n'),
    });
    assert.equal(report.status, 'failed');
    assert.deepEqual(
      { rows: report.rows, created: report.created, failed: report.failed, skipped: report.skipped },
      { rows: 3, created: 0, failed: 1, skipped: 2 },
    );
    assert.match(report.message ?? '', /Nothing was imported/);
    assert.equal(await t.count('people'), before);
    const ok = await t.run({ entity: 'customers', allOrNothing: true, filePath: t.file('aon2.csv', HEAD + 'a1@aon.example,A,B,,\n') });
    assert.equal(ok.created, 1);
  });

  it('a dry run validates and plans the whole file and writes no record', async () => {
    const before = await t.count('people');
    const report = await t.run({
      entity: 'customers',
      dryRun: true,
      filePath: t.file(
        'dry.csv',
        HEAD +
          'p1@pol.example,Ann,Lee,Nice,\nnew1@dry.example,N,One,,\nnew1@dry.example,N,Two,,\nbad,X,Y,,\np2@pol.example,Bob,Ray,Oslo,CTO\n',
      ),
    });
    assert.equal(report.status, 'dry-run');
    assert.equal(report.dryRun, true);
    assert.deepEqual(
      {
        rows: report.rows,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        duplicates: report.duplicates,
        failed: report.failed,
      },
      { rows: 5, created: 1, updated: 1, unchanged: 1, duplicates: 1, failed: 1 },
    );
    assert.equal(await t.count('people'), before);
    assert.equal((await t.people('customer')).get('p1@pol.example')!.city, 'Lyon');
  });

  it('a customer without an organization column joins one by email domain (not for free mail)', async () => {
    const report = await t.run({
      entity: 'customers',
      filePath: t.file('domain.csv', HEAD + 'x@globex.example,X,Y,,\nz@globex.example,Z,Y,,\nfree@gmail.com,F,M,,\n'),
    });
    assert.equal(report.created, 3);
    const people = await t.people('customer');
    assert.ok(people.get('x@globex.example')!.organization_id);
    assert.equal(people.get('x@globex.example')!.organization_id, people.get('z@globex.example')!.organization_id);
    assert.equal(people.get('free@gmail.com')!.organization_id, null);
  });

  it('an email kept by a person created through the API is matched (update), whatever its case', async () => {
    await createPerson(t.db, 'customers', { email: 'Api.Person@Example.com', firstName: 'Api', lastName: 'Person' });
    const report = await t.run({ entity: 'customers', filePath: t.file('api.csv', HEAD + 'API.PERSON@example.com,Api,Person,Metz,\n') });
    assert.equal(report.updated, 1);
  });

  it('organizations: created and updated by name, with their domains', async () => {
    const first = await t.run({
      entity: 'organizations',
      filePath: t.file('orgs.csv', 'Name,Email Domains\nInitech,initech.example\nUmbrella,"umbrella.example, umbrella.test"\n'),
    });
    assert.deepEqual({ created: first.created, failed: first.failed }, { created: 2, failed: 0 });
    const second = await t.run({
      entity: 'organizations',
      filePath: t.file(
        'orgs2.csv',
        'Name,Email Domains\nINITECH,\nUmbrella,umbrella.test umbrella.example\nHooli,initech.example\nbad,not a domain!\n',
      ),
    });
    // INITECH: a new spelling of the name is an update; Umbrella's domains are the same list.
    assert.deepEqual(
      { updated: second.updated, unchanged: second.unchanged, failed: second.failed },
      { updated: 1, unchanged: 1, failed: 2 },
    );
    assert.ok(second.errors.some((e) => e.code === 'domain_taken' && e.row === 4));
  });

  it('organizations merged range by range: a name created in an earlier range and repeated later is a duplicate of its row', async () => {
    // One row a batch: rows 2–6 are one merge transaction, row 7 the next.
    const names = ['Alpha Range', 'Beta Range', 'Gamma Range', 'Delta Range', 'Epsilon Range', 'BETA RANGE'];
    const report = await t.run({
      entity: 'organizations',
      filePath: t.file('org-ranges.csv', 'Name\n' + names.join('\n') + '\n'),
      batchRows: 1,
    });
    assert.deepEqual({ rows: report.rows, created: report.created, duplicates: report.duplicates }, { rows: 6, created: 5, duplicates: 1 });
    const duplicate = report.errors.find((e) => e.code === 'duplicate')!;
    assert.equal(duplicate.row, 7);
    assert.match(duplicate.message, /of row 3/);
  });
});
