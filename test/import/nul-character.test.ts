import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorReportLines } from '../../src/import/report/error-report.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from './support.js';

const NOTE = 'n'.repeat(2500);

/**
 * Ten customers with a 2,500-character note each, so that data row 5 (spreadsheet row 6) starts
 * past the first 8 KiB, where the binary check looks for NUL bytes; its First Name holds one.
 */
function writeFile(file: string): void {
  const lines = ['Email,First Name,Last Name,Notes'];
  for (let i = 1; i <= 10; i++) lines.push(`p${i}@nul.example,${i === 5 ? 'Fi\0ve' : `First${i}`},Last${i},${NOTE}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const bytes = fs.readFileSync(file);
  assert.ok(bytes.indexOf(0) > 8192, 'the NUL byte lies past the first 8 KiB');
}

describe(`a NUL character in a cell fails its row, not the import (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  let file: string;
  before(async () => {
    t = await importContext();
    file = path.join(t.dir, 'nul.csv');
    writeFile(file);
  });
  after(() => t.close());

  const message =
    'Row 6, column "First Name" contains a NUL character (byte 0), which cannot be stored; the file may be damaged or not a text CSV.';

  it('a dry run reports row 6 and plans the other nine', async () => {
    const report = await t.run({ entity: 'customers', filePath: file, dryRun: true, mapping: { Notes: null } });
    assert.deepEqual([report.rows, report.created, report.failed], [10, 9, 1]);
    assert.deepEqual(
      report.errors.map((e) => [e.row, e.message]),
      [[6, message]],
    );
  });

  it('the import writes the other nine rows and reports row 6 with its cells', async () => {
    const report = await t.run({ entity: 'customers', filePath: file, mapping: { Notes: null } });
    assert.equal(report.status, 'completed');
    assert.deepEqual([report.rows, report.created, report.failed], [10, 9, 1]);
    assert.deepEqual(
      report.errors.map((e) => [e.row, e.code, e.message]),
      [[6, 'parse', message]],
    );
    const people = await t.people('customer');
    assert.equal(people.size, 9);
    assert.equal(people.has('p5@nul.example'), false);
    assert.equal(people.get('p6@nul.example')?.first_name, 'First6');
    const lines: string[] = [];
    for await (const line of errorReportLines(t.db, report.id)) lines.push(line);
    assert.equal(lines.length, 2);
    assert.ok(lines[1]!.startsWith('6,p5@nul.example,Fi\0ve,Last5,'), JSON.stringify(lines[1]!.slice(0, 40)));
    assert.ok(lines[1]!.includes(message.replace(/"/g, '""')));
  });
});
