import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importTables } from '../../src/db/imports/tables.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from '../import/support.js';

/** More duplicates than one page of issues (5,000), so that their sentences are written page after page. */
const UNIQUE = 6_000;

describe(`duplicate rows' issues on ${TEST_DIALECT}`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
  });
  after(() => t.close());

  it('name every repeated row once, in row order, with the row it repeats', async () => {
    const lines = ['Email,First Name,Last Name'];
    for (let i = 0; i < UNIQUE; i++) lines.push(`dup${i}@pages.example,First${i},Last`);
    for (let i = 0; i < UNIQUE; i++) lines.push(`DUP${i}@pages.example,Again${i},Last`);
    const report = await t.run({ entity: 'customers', filePath: t.file('dups.csv', lines.join('\n') + '\n') });
    assert.equal(report.created, UNIQUE);
    assert.equal(report.duplicates, UNIQUE);
    const issues = await importTables(t.db)
      .selectFrom('importIssues')
      .select(['row', 'columnName', 'value', 'code', 'message'])
      .where('importId', '=', report.id)
      .orderBy('id')
      .execute();
    assert.equal(issues.length, UNIQUE);
    assert.deepEqual(
      issues.map((i) => Number(i.row)),
      Array.from({ length: UNIQUE }, (_, i) => UNIQUE + 2 + i),
      'one issue a repeated row, in row order',
    );
    const last = UNIQUE - 1;
    assert.deepEqual(issues[last], {
      row: 2 * UNIQUE + 1,
      columnName: 'Email',
      value: `DUP${last}@pages.example`,
      code: 'duplicate',
      message: `Row ${2 * UNIQUE + 1}, column "Email": row ${2 * UNIQUE + 1} repeats the email dup${last}@pages.example of row ${UNIQUE + 1} (the same email once normalised); only row ${UNIQUE + 1} is imported.`,
    });
    assert.equal(await t.count('import_rejected_rows'), UNIQUE);
  });
});
