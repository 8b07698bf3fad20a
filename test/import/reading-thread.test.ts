import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { standardProperties } from '../../src/core/properties.js';
import type { ValidatedBatch } from '../../src/import/validate/validate-file.js';
import { validatedBatches, workerWanted } from '../../src/import/speed/validated-batches.js';
import { BloomFilter } from '../../src/import/speed/bloom-filter.js';
import { buildRowLayout } from '../../src/import/validate/row-layout.js';
import { RosterError } from '../../src/core/errors.js';
import { createPerson } from '../../src/db/repositories/people.js';
import { reviveError, serializeError } from '../../src/import/speed/reader-messages.js';
import { errorReportLines } from '../../src/import/report/error-report.js';
import type { ImportReport } from '../../src/import/types.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from './support.js';

// Large files are read and validated on a worker thread (validated-batches.ts), small ones on the
// importing thread. Both must give exactly the same import, whatever the batch size.
const FILE =
  'Email,First Name,Last Name,City,Phone\n' +
  'w1@thread.example,Ann,One,Paris,+33 1 23 45 67 89\n' +
  'not-an-email,Bob,Two,Oslo,\n' +
  'w3@thread.example,Cy,"Three,Rome,\n' +
  'w4@thread.example,Dee,Four,"Lyon, FR",\n' +
  'W1@Thread.example,Eve,Again,Bonn,\n' +
  'agent@thread.example,Fay,Agent,Nice,\n' +
  '\n' +
  'w8@thread.example,Gus,Eight,=cmd,\n';

describe('when large files are read on a worker thread', () => {
  it('by default on SQLite, not on PostgreSQL (the server needs the second core); tuning.readInWorker decides', () => {
    assert.equal(workerWanted('sqlite', null), true);
    assert.equal(workerWanted('postgres', null), false);
    assert.equal(workerWanted('postgres', true), true);
    assert.equal(workerWanted('sqlite', false), false);
  });
});

function outcome(report: ImportReport) {
  const { rows, created, updated, unchanged, skipped, duplicates, failed, errors } = report;
  return {
    rows,
    created,
    updated,
    unchanged,
    skipped,
    duplicates,
    failed,
    errors: errors.map((e) => [e.row, e.code, e.column, e.message]),
  };
}

describe(`reading the file on a worker thread (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
    await createPerson(t.db, 'users', { email: 'agent@thread.example', firstName: 'Fay', lastName: 'Agent' });
  });
  after(() => t.close());

  it('a dry run gives the same counts and problems on a worker thread as on this one, whatever the batch size', async () => {
    const file = t.file('thread.csv', FILE);
    const here = await t.run({ entity: 'customers', filePath: file, dryRun: true, readInWorker: false });
    const there = await t.run({ entity: 'customers', filePath: file, dryRun: true, readInWorker: true });
    const smallBatches = await t.run({ entity: 'customers', filePath: file, dryRun: true, readInWorker: true, batchRows: 2 });
    assert.deepEqual(outcome(there), outcome(here));
    assert.deepEqual(outcome(smallBatches), outcome(here));
    assert.deepEqual(
      { rows: here.rows, created: here.created, duplicates: here.duplicates, failed: here.failed },
      { rows: 7, created: 3, duplicates: 1, failed: 3 },
    );
  });

  it('an import read on a worker thread writes the records and keeps the failed rows as written', async () => {
    const report = await t.run({ entity: 'customers', filePath: t.file('thread.csv', FILE), readInWorker: true, batchRows: 3 });
    assert.equal(report.status, 'completed');
    assert.deepEqual([...(await t.people('customer')).keys()].sort(), ['w1@thread.example', 'w4@thread.example', 'w8@thread.example']);
    assert.equal((await t.people('customer')).get('w1@thread.example')!.phone_e164, '+33123456789');
    const lines: string[] = [];
    for await (const line of errorReportLines(t.db, report.id)) lines.push(line);
    const text = lines.join('');
    assert.match(text, /not-an-email/);
    assert.match(text, /W1@Thread\.example/, 'the duplicate row keeps its cells as written');
    assert.match(text, /agent@thread\.example/, 'the row whose email is a user keeps its cells');
  });

  it('a reading error crosses the thread with its code and sentence', () => {
    const revived = reviveError(serializeError(new RosterError('import_unreadable', 'The file is empty.', { row: 2 })));
    assert.ok(revived instanceof RosterError);
    assert.equal(revived.code, 'import_unreadable');
    assert.equal(revived.message, 'The file is empty.');
    assert.deepEqual(revived.location, { row: 2 });
    assert.equal(reviveError(serializeError(new TypeError('boom'))).message, 'boom');
  });
});

describe('a reading thread that runs out of its heap', () => {
  it('hands the rest of the file to the importing thread: the same batches, none lost or doubled', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-reader-'));
    try {
      const file = path.join(dir, 'big-cell.csv');
      let content = 'Email,First Name,Last Name,Notes\n';
      for (let i = 0; i < 40; i++) content += `r${i}@heap.example,F${i},L${i},${i === 25 ? 'x'.repeat(12_000_000) : 'short'}\n`;
      fs.writeFileSync(file, content);
      const layout = buildRowLayout({
        entity: 'customers',
        headers: ['Email', 'First Name', 'Last Name', 'Notes'].map((label, index) => ({ index, label })),
        mapping: { Email: 'email', 'First Name': 'firstName', 'Last Name': 'lastName', Notes: 'notes' },
        properties: standardProperties('customers'),
      });
      const input = { filePath: file, overrides: {}, layout, context: {}, after: 1, alreadyRead: 0, sample: null, batchRows: 10 };
      const withFilter = () => ({ ...input, bloom: BloomFilter.shared().buffer });
      const rowsOf = async (batches: AsyncIterable<ValidatedBatch>) => {
        const rows: number[] = [];
        // Row 27's cell is longer than Notes holds, so it is a rejected row: count those too.
        for await (const b of batches) rows.push(...b.rowNos, ...b.rejected.map((r) => r.row));
        return rows;
      };
      const here = await rowsOf(validatedBatches(withFilter(), { worker: false }));
      assert.equal(here.length, 40);
      // 16 MB of heap: the worker starts and reads the first batches, but cannot hold the 12 MB
      // cell of row 27 (24 MB as a string) and is stopped by V8; the rest is read on this thread.
      assert.deepEqual(await rowsOf(validatedBatches(withFilter(), { worker: true, heapMb: 16, readAhead: 1 })), here);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
