import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyseFile } from '../../src/import/use-cases/analyse-file.js';
import { errorReportLines } from '../../src/import/report/error-report.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from './support.js';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** Customers with accents in UTF-8; row 4's First Name holds a lone 0xE9 (é in Windows-1252). */
function damagedFile(padding = 0): Buffer {
  const filler = Array.from({ length: padding }, (_, i) => `filler${i}@bytes.example,Fil,Ler\n`).join('');
  return Buffer.concat([
    utf8('Email,First Name,Last Name\nzoe@bytes.example,Zoë,Müller\nchloe@bytes.example,Chloé,Dupré\n'),
    utf8('jose@bytes.example,Jos'),
    Buffer.from([0xe9]),
    utf8(',García\n'),
    utf8(filler),
    utf8('lea@bytes.example,Léa,Ødegård\n'),
  ]);
}

describe(`one invalid byte in a UTF-8 file fails its row, not the encoding (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
  });
  after(() => t.close());

  const message =
    'Row 4, column "First Name" has invalid UTF-8 byte 0xE9 after "Jos"; the rest of the file is UTF-8, so this cell was damaged or pasted from another encoding. Correct it and import the row again.';

  it('keeps UTF-8, says why, and imports every other row with its accents', async () => {
    const file = path.join(t.dir, 'one-bad-byte.csv');
    fs.writeFileSync(file, damagedFile());
    const analysis = await analyseFile(t.db, file, 'customers');
    assert.equal(analysis.encoding, 'utf-8');
    assert.equal(
      analysis.encodingReason,
      'the start of the file is UTF-8 (8 UTF-8 characters of several bytes and 1 invalid byte, the first 0xE9 at byte offset 114), read as UTF-8; the rows holding invalid bytes are reported and not imported',
    );
    assert.equal(analysis.previewRows.find((r) => r.row === 4)?.error?.message, message);

    const report = await t.run({ entity: 'customers', filePath: file });
    assert.equal(report.encoding, 'utf-8');
    assert.deepEqual([report.rows, report.created, report.failed], [4, 3, 1]);
    assert.deepEqual(
      report.errors.map((e) => [e.row, e.code, e.message]),
      [[4, 'parse', message]],
    );
    const people = await t.people('customer');
    assert.deepEqual([...people.values()].map((p) => `${String(p.first_name)} ${String(p.last_name)}`).sort(), [
      'Chloé Dupré',
      'Léa Ødegård',
      'Zoë Müller',
    ]);
    const lines: string[] = [];
    for await (const line of errorReportLines(t.db, report.id)) lines.push(line);
    assert.ok(lines[1]!.startsWith('4,jose@bytes.example,Jos\uFFFD,García,'), lines[1]);
  });

  it('reports a bad byte that comes after the first 64 KiB the same way', async () => {
    const file = path.join(t.dir, 'late-bad-byte.csv');
    const bytes = damagedFile(3000);
    // The damaged row moves past the head: put it after the filler.
    const head = bytes.subarray(0, bytes.indexOf(utf8('jose@')));
    const jose = bytes.subarray(bytes.indexOf(utf8('jose@')), bytes.indexOf(utf8('filler0@')));
    const rest = bytes.subarray(bytes.indexOf(utf8('filler0@')));
    fs.writeFileSync(file, Buffer.concat([head, rest, jose]));
    assert.ok(head.length + rest.length > 64 * 1024);
    const report = await t.run({ entity: 'customers', filePath: file, dryRun: true });
    assert.equal(report.encoding, 'utf-8');
    // The first test imported Zoë, Chloé and Léa already.
    assert.deepEqual([report.rows, report.created, report.unchanged, report.failed], [3004, 3000, 3, 1]);
    assert.equal(report.errors[0]?.row, 3005);
    assert.match(report.errors[0]?.message ?? '', /^Row 3005, column "First Name" has invalid UTF-8 byte 0xE9 after "Jos"/);
  });

  it('still reads a Windows-1252 file as Windows-1252, and says so: the same names', async () => {
    const file = t.file('latin1.csv', 'Email,First Name,Last Name\nzoe@bytes.example,Zoë,Müller\nchloe@bytes.example,Chloé,Dupré\n', {
      encoding: 'windows-1252',
    });
    const analysis = await analyseFile(t.db, file, 'customers');
    assert.equal(analysis.encoding, 'windows-1252');
    assert.equal(analysis.encodingReason, 'not valid UTF-8, read as Windows-1252 (what Excel writes on Windows)');
    const report = await t.run({ entity: 'customers', filePath: file, dryRun: true });
    assert.deepEqual([report.rows, report.unchanged, report.failed], [2, 2, 0]);
  });
});
