import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPerson } from '../../src/db/repositories/people.js';
import { otherKindEmails } from '../../src/db/imports/key-lookups.js';
import { withRunner } from '../../src/db/imports/sql-runner.js';
import { sqlImportStore } from '../../src/db/imports/sql-import-store.js';
import type { StageSpec } from '../../src/db/imports/stage-spec.js';
import { OtherKind } from '../../src/import/commit/other-kind.js';
import { errorReportLines } from '../../src/import/report/error-report.js';
import { commitDryRun } from '../../src/import/use-cases/resume-import.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from './support.js';

/** One email is a user or a customer, never both: how an import finds the rows that break that. */
describe(`rows whose email belongs to the other kind of person (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
  });
  after(() => t.close());
  beforeEach(async () => {
    await t.db.kysely.deleteFrom('people').where('kind', '=', 'customer').execute();
    await t.db.kysely.deleteFrom('people').where('email', 'like', '%@kind.example').execute();
  });

  it('the other kind is read into memory only while it is small; both ways find the same emails', async () => {
    for (const name of ['ann', 'bob', 'cy'])
      await createPerson(t.db, 'users', { email: `${name}@kind.example`, firstName: name, lastName: 'User' });
    const users = await withRunner(t.db, (runner) => otherKindEmails(runner, 'customers', 1000));
    assert.ok(users?.has('ann@kind.example') && users.has('cy@kind.example'));
    assert.equal(
      await withRunner(t.db, (runner) => otherKindEmails(runner, 'customers', users!.size - 1)),
      null,
      'one more than the limit',
    );
    assert.deepEqual([...(await withRunner(t.db, (runner) => otherKindEmails(runner, 'users', 10)))!], [], 'no customers yet');

    const keys = ['ann@kind.example', 'new@kind.example', 'cy@kind.example'];
    const store = sqlImportStore(t.db, { entity: 'customers' } as StageSpec);
    const inMemory = await new OtherKind(store, 'customers', 50_000).of(keys);
    const asked = await new OtherKind(store, 'customers', 0).of(keys);
    const expected = new Map([
      ['ann@kind.example', 'user'],
      ['cy@kind.example', 'user'],
    ]);
    assert.deepEqual(inMemory, expected);
    assert.deepEqual(asked, expected);
  });

  it('an email that became a user between the dry run and its confirmation fails its row, with the same sentence', async () => {
    const file = t.file('kind.csv', 'E-mail,First Name,Last Name\nzoe@kind.example,Zoe,Zeta\nyan@kind.example,Yan,Young\n');
    const dry = await t.run({ entity: 'customers', filePath: file, dryRun: true, keepDryRun: true });
    assert.equal(dry.created, 2);
    assert.equal(dry.failed, 0);

    await createPerson(t.db, 'users', { email: 'yan@kind.example', firstName: 'Yan', lastName: 'Agent' });
    const committed = await commitDryRun(t.db, dry.id, { fileStore: t.store });
    assert.deepEqual({ rows: committed.rows, created: committed.created, failed: committed.failed }, { rows: 2, created: 1, failed: 1 });
    assert.deepEqual(
      committed.errors.map((e) => ({ row: e.row, column: e.column, value: e.value, code: e.code, message: e.message })),
      [
        {
          row: 3,
          column: 'E-mail',
          value: 'yan@kind.example',
          code: 'other_kind',
          message:
            'Row 3, column "E-mail": yan@kind.example already belongs to a user; one email is a user or a customer, never both (import it with the users, or use another email).',
        },
      ],
    );
    assert.equal((await t.people('user')).get('yan@kind.example')?.last_name, 'Agent', 'the user is untouched');
    assert.equal((await t.people('customer')).has('yan@kind.example'), false);
  });

  for (const { held, worker } of [
    { held: true, worker: false },
    { held: true, worker: true },
    { held: false, worker: false },
    { held: false, worker: true },
  ]) {
    const how = `${held ? 'checked while reading (few users)' : 'asked per batch (many users)'}, ${worker ? 'on a reading thread' : 'on this thread'}`;
    it(`found before the merge, ${how}: the same sentence, and the row keeps its cells`, async () => {
      await createPerson(t.db, 'users', { email: 'yan@kind.example', firstName: 'Yan', lastName: 'Agent' });
      const file = t.file('kind-now.csv', 'E-mail,First Name,Last Name\nzoe@kind.example,Zoe,Zeta\n YAN@kind.example ,Yan,Young\n');
      const report = await t.run({ entity: 'customers', filePath: file, readInWorker: worker, ...(held ? {} : { otherKindInMemory: 0 }) });
      assert.deepEqual({ created: report.created, failed: report.failed }, { created: 1, failed: 1 });
      assert.equal(
        report.errors[0]?.message,
        'Row 3, column "E-mail": yan@kind.example already belongs to a user; one email is a user or a customer, never both (import it with the users, or use another email).',
      );
      assert.equal(report.errors[0]?.column, 'E-mail');
      const lines: string[] = [];
      for await (const line of errorReportLines(t.db, report.id)) lines.push(line);
      assert.match(lines.join(''), / YAN@kind\.example ,Yan,Young/, 'the rejected row as written');
    });
  }
});
