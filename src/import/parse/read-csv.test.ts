import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RosterError } from '../../core/errors.js';
import { openCsv, type OpenCsvOptions } from './read-csv.js';
import type { CsvRow } from './parse-csv.js';
import { SAMPLES } from '../../../test/support/samples.js';

const dir = mkdtempSync(path.join(tmpdir(), 'roster-read-csv-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function open(filePath: string, options?: OpenCsvOptions) {
  const csv = await openCsv(filePath, options);
  const rows: CsvRow[] = [];
  for await (const r of csv.rows) rows.push(r);
  return { csv, rows, labels: csv.headers.map((h) => h.label) };
}

function file(name: string, bytes: Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

const rosterError = (code: string, pattern: RegExp) => (e: unknown) =>
  e instanceof RosterError && e.code === code && pattern.test(e.message);

describe('openCsv on the sample files', () => {
  it('opens customers.csv: UTF-8, comma, 20 customers on rows 2 to 21', async () => {
    const { csv, rows, labels } = await open(`${SAMPLES}/customers.csv`);
    assert.equal(csv.encoding.encoding, 'utf-8');
    assert.equal(csv.encoding.reason, 'the start of the file is valid UTF-8');
    assert.equal(csv.delimiter.delimiter, ',');
    assert.deepEqual(labels, ['Email', 'First Name', 'Last Name', 'Organization', 'Phone', 'Title', 'City', 'Country', 'Customer Since']);
    assert.deepEqual(csv.headerIssues, []);
    assert.deepEqual(
      rows.map((r) => r.row),
      Array.from({ length: 20 }, (_, i) => i + 2),
    );
    assert.ok(rows.every((r) => !r.error && r.cells.length === 9));
    assert.deepEqual(rows[2]!.cells.slice(0, 4), ['chloe.castro@fabrikam.example', 'Chloé', 'Castro', 'Fabrikam, Inc.']);
    assert.equal(csv.bytesRead(), csv.size);
  });

  it('opens users.csv: UTF-8, comma, 4 users', async () => {
    const { csv, rows, labels } = await open(`${SAMPLES}/users.csv`);
    assert.equal(csv.encoding.encoding, 'utf-8');
    assert.equal(csv.delimiter.delimiter, ',');
    assert.deepEqual(labels, ['Email', 'First Name', 'Last Name', 'Title', 'Department']);
    assert.deepEqual(
      rows.map((r) => r.row),
      [2, 3, 4, 5],
    );
    assert.deepEqual(rows[0]!.cells, ['maria.lopez@helpdesk.example', 'María', 'López', 'Support Lead', 'Support']);
  });

  it('opens tickets.csv: quoted descriptions with commas stay one cell', async () => {
    const { csv, rows, labels } = await open(`${SAMPLES}/tickets.csv`);
    assert.equal(csv.delimiter.delimiter, ',');
    assert.deepEqual(labels, ['Title', 'Description', 'Status', 'Priority', 'Customer Email', 'Assignee Email', 'Created Date']);
    assert.deepEqual(
      rows.map((r) => r.row),
      [2, 3, 4, 5, 6],
    );
    assert.equal(rows[0]!.cells[1], 'I cannot find my March invoice, please resend.');
    assert.ok(rows.every((r) => !r.error));
  });

  it('opens the French Excel file: Windows-1252, semicolons, CRLF, blank row 6 skipped', async () => {
    const { csv, rows, labels } = await open(`${SAMPLES}/customers-fr-semicolon-latin1.csv`);
    // Latin-1 and Windows-1252 agree on every character of this file; Windows-1252 is what is
    // detected for any file that is not UTF-8, because it is what Excel writes.
    assert.deepEqual(csv.encoding, {
      encoding: 'windows-1252',
      bomLength: 0,
      reason: 'not valid UTF-8, read as Windows-1252 (what Excel writes on Windows)',
      overridden: false,
    });
    assert.equal(csv.delimiter.delimiter, ';');
    assert.equal(csv.newline, '\r\n');
    assert.deepEqual(labels, ['E-mail', 'Prénom', 'Nom', 'Société', 'Téléphone', 'Client depuis']);
    assert.deepEqual(
      rows.map((r) => r.row),
      [2, 3, 4, 5, 7],
    );
    assert.deepEqual(csv.stats, { dataRows: 5, errorRows: 0, blankRows: 1 });
    assert.deepEqual(rows[4]!.cells, ['helene.dupont@exemple.fr', 'Hélène', 'Dupont', 'Dupont; Frères', '', '14/07/2020']);
    assert.deepEqual(rows[3]!.cells, ['etienne.roux@exemple.fr', '', 'Roux', 'Roux & Fils', '06 11 22 33 44', '2021-07-30']);
  });

  it('reads the French file the same when told it is Latin-1', async () => {
    const detected = await open(`${SAMPLES}/customers-fr-semicolon-latin1.csv`);
    const told = await open(`${SAMPLES}/customers-fr-semicolon-latin1.csv`, { encoding: 'latin1' });
    assert.equal(told.csv.encoding.encoding, 'iso-8859-1');
    assert.equal(told.csv.encoding.overridden, true);
    assert.deepEqual(told.rows, detected.rows);
  });
});

describe('openCsv', () => {
  it('opens Excel "Unicode Text" saved as .txt: UTF-16LE, tabs', async () => {
    const text = 'Email\tFirst Name\tLast Name\r\nzoe@x.example\tZoë\tÅberg\r\n';
    const p = file('contacts.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const { csv, rows, labels } = await open(p);
    assert.equal(csv.encoding.encoding, 'utf-16le');
    assert.equal(csv.delimiter.delimiter, '\t');
    assert.deepEqual(labels, ['Email', 'First Name', 'Last Name']);
    assert.deepEqual(rows, [{ row: 2, cells: ['zoe@x.example', 'Zoë', 'Åberg'] }]);
  });

  it('refuses a header-only file unless asked to open it', async () => {
    const p = file('header-only.csv', Buffer.from('Email,Name\r\n\r\n'));
    await assert.rejects(openCsv(p), rosterError('import_unreadable', /^The file has a header row but no data rows\.$/));
    const { csv, rows } = await open(p, { allowNoDataRows: true });
    assert.equal(csv.hasDataRows, false);
    assert.deepEqual(rows, []);
  });

  it('refuses an empty file and a binary one', async () => {
    await assert.rejects(openCsv(file('empty.csv', Buffer.alloc(0))), rosterError('import_unreadable', /^The file is empty\.$/));
    await assert.rejects(
      openCsv(file('book.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]))),
      rosterError('import_unreadable', /^This file looks binary/),
    );
  });

  it('refuses a missing file, a folder and an unknown encoding', async () => {
    await assert.rejects(openCsv(path.join(dir, 'nope.csv')), rosterError('not_found', /nope\.csv was not found/));
    await assert.rejects(openCsv(dir), rosterError('import_unreadable', /is a folder, not a file/));
    await assert.rejects(
      openCsv(`${SAMPLES}/customers.csv`, { encoding: 'ebcdic' }),
      rosterError('validation', /"ebcdic".*utf-8, windows-1252/),
    );
  });

  it('takes an explicit delimiter', async () => {
    const { csv, labels } = await open(`${SAMPLES}/customers.csv`, { delimiter: ';' });
    assert.equal(csv.delimiter.overridden, true);
    assert.equal(labels.length, 1);
  });
});
