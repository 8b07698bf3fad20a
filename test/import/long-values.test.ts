import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorReportLines } from '../../src/import/report/error-report.js';
import { importIssues } from '../../src/import/use-cases/list-imports.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from './support.js';

const HUGE = 'w'.repeat(1024 * 1024);

describe(`long cells: limits per property, short messages, full cells in the report (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
  });
  after(() => t.close());

  it('fails the rows whose cells are too long, naming row and column, and imports the others', async () => {
    const file = t.file(
      'long.csv',
      [
        'Email,First Name,Last Name,Notes,Website',
        `ok@long.example,Olive,Ok,${'n'.repeat(10_000)},`,
        `name@long.example,${'f'.repeat(201)},Long,,`,
        `notes@long.example,Nora,Notes,${HUGE},`,
        `site@long.example,Sid,Site,,https://x.example/${'p'.repeat(2048)}`,
        `${'e'.repeat(300)}@long.example,Eve,Email,,`,
      ].join('\n') + '\n',
    );
    const report = await t.run({ entity: 'customers', filePath: file });
    assert.deepEqual([report.rows, report.created, report.failed], [5, 1, 4]);
    assert.deepEqual(
      report.errors.map((e) => e.message),
      [
        'Row 3, column "First Name": the value is 201 characters long, more than the 200 First Name can hold.',
        'Row 4, column "Notes": the value is 1,048,576 characters long, more than the 10,000 Notes can hold.',
        'Row 5, column "Website": the value is 2,066 characters long, more than the 2,048 Website can hold.',
        'Row 6, column "Email": the value is 313 characters long, more than the 254 Email can hold.',
      ],
    );
    const people = await t.people('customer');
    assert.equal(String(people.get('ok@long.example')?.notes).length, 10_000);

    // The stored problem keeps 200 characters of the cell; the error report, all of it.
    const issues = [];
    for await (const issue of importIssues(t.db, report.id)) issues.push(issue);
    const notes = issues.find((i) => i.row === 4)!;
    assert.equal(notes.value, 'w'.repeat(200) + '…');
    const lines: string[] = [];
    for await (const line of errorReportLines(t.db, report.id)) lines.push(line);
    const row4 = lines.find((l) => l.startsWith('4,'))!;
    assert.ok(row4.includes(HUGE), 'the report keeps the whole cell');
    assert.ok(row4.length < HUGE.length + 500, 'and does not repeat it in the problem');
  });

  it('keeps a bad value short in its message', async () => {
    const file = t.file('bad.csv', `Email,First Name,Last Name\n${'b'.repeat(240)},Bob,Bad\n`);
    const report = await t.run({ entity: 'customers', filePath: file, dryRun: true });
    const [error] = report.errors;
    assert.equal(error?.message, `Row 2, column "Email": "${'b'.repeat(200)}…" is not a valid email address.`);
    assert.equal(error?.value, 'b'.repeat(200) + '…');
  });
});
