import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, SAMPLES, type ImportTestContext } from './support.js';

// The real executable, compiled: run `npx tsc -p tsconfig.json` (npm test builds first).
const BIN = path.resolve(import.meta.dirname, '../../bin/roster.js');

describe(`roster import / roster imports through the built binary (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  const roster = (...args: string[]) => {
    const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...t.test.env }, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  before(async () => {
    assert.ok(fs.existsSync(path.resolve(import.meta.dirname, '../../dist/cli/main.js')), 'build dist first: npx tsc -p tsconfig.json');
    t = await importContext();
  });
  after(() => t.close());

  it('--json prints exactly the documented object', () => {
    const file = path.join(SAMPLES, 'customers-fr-semicolon-latin1.csv');
    const { code, stdout, stderr } = roster('import', 'customers', file, '--json', '--new-property', 'Client depuis=clientSince:date');
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const report = JSON.parse(lines[0]!);
    assert.deepEqual(Object.keys(report), [
      'id',
      'entity',
      'status',
      'dryRun',
      'encoding',
      'delimiter',
      'mapping',
      'suggestions',
      'rows',
      'created',
      'updated',
      'unchanged',
      'skipped',
      'duplicates',
      'failed',
      'errors',
    ]);
    assert.equal(report.entity, 'customers');
    assert.equal(report.status, 'completed');
    assert.equal(report.dryRun, false);
    assert.equal(report.encoding, 'windows-1252');
    assert.equal(report.delimiter, ';');
    assert.equal(report.mapping['Prénom'], 'firstName');
    assert.equal(report.suggestions['Prénom'].key, 'firstName');
    assert.equal(typeof report.suggestions['Prénom'].reason, 'string');
    assert.deepEqual([report.rows, report.created, report.duplicates, report.failed], [5, 1, 1, 3]);
    assert.equal(report.errors.length, 5);
    assert.deepEqual(Object.keys(report.errors[0]), ['row', 'column', 'value', 'message']);
    assert.deepEqual(report.errors[1], {
      row: 4,
      column: 'E-mail',
      value: 'pas-une-adresse',
      message: 'Row 4, column "E-mail": "pas-une-adresse" is not a valid email address.',
    });
  });

  it('--dry-run --json reports the plan and writes nothing; --date-format rescues row 7', () => {
    const file = path.join(SAMPLES, 'customers-fr-semicolon-latin1.csv');
    const { code, stdout } = roster('import', 'customers', file, '--dry-run', '--json', '--date-format', 'Client depuis=dd/mm/yyyy');
    assert.equal(code, 0);
    const report = JSON.parse(stdout);
    assert.equal(report.status, 'dry-run');
    assert.equal(report.dryRun, true);
    assert.deepEqual([report.created, report.unchanged, report.duplicates, report.failed], [1, 1, 1, 2]);
    const list = JSON.parse(roster('customers', 'list', '--json').stdout);
    assert.equal(list.total, 1);
  });

  it('a missing required mapping exits 1 with one line naming the properties and the columns', () => {
    const file = t.file('nameless.csv', 'Email,Town\na@b.example,Paris\n');
    const { code, stdout, stderr } = roster('import', 'users', file, '--json');
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.equal(stderr.trim().split('\n').length, 1);
    assert.match(stderr, /^roster: .*First Name.*Last Name.*"Town"/);
  });

  it('the human summary names ignored columns with their reason and how to keep one', () => {
    const file = t.file('shoes.csv', 'Email,First Name,Last Name,Shoe Size\nann@shoes.example,Ann,Lee,38\nANN@shoes.example,Ann,Lee,39\n');
    const { code, stdout } = roster('import', 'customers', file, '--dry-run');
    assert.equal(code, 0);
    assert.match(stdout, /^Ignored columns: Shoe Size \(no matching property\)$/m);
    assert.match(stdout, /--new-property "Shoe Size=KEY:TYPE"/);
    assert.match(stdout, /^2 rows: 1 to create, 0 to update, 0 unchanged, 0 skipped, 1 duplicates, 0 failed$/m);
    assert.match(stdout, /only row 2 is imported/);
  });

  it('an unreadable file exits 1 with one line', () => {
    const { code, stderr } = roster('import', 'customers', t.file('empty.csv', ''));
    assert.equal(code, 1);
    assert.match(stderr, /^roster: The file is empty\.\n$/);
  });

  it('imports list, show, errors and undo', () => {
    const list = JSON.parse(roster('imports', 'list', '--json').stdout);
    const id = list.find((r: { dryRun: boolean }) => !r.dryRun).id;
    const shown = JSON.parse(roster('imports', 'show', String(id), '--json').stdout);
    assert.equal(shown.fileName, 'customers-fr-semicolon-latin1.csv');
    const csv = roster('imports', 'errors', String(id));
    assert.equal(csv.code, 0);
    assert.match(csv.stdout, /^Row,E-mail,Prénom,Nom,Société,Téléphone,Client depuis,Problem\r\n3,ANNE\.LEFORT@exemple\.fr,/);
    const undone = JSON.parse(roster('imports', 'undo', String(id), '--json').stdout);
    assert.equal(undone.status, 'undone');
    assert.equal(undone.undo.removed, 1);
    assert.equal(JSON.parse(roster('customers', 'list', '--json').stdout).total, 0);
    const again = roster('imports', 'undo', String(id));
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already undone/);
  });
});
