import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAdmin } from '../../src/db/repositories/auth.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from './support.js';

const PASSWORD = 'a long enough password';

/** A users import may not take the admin role or the active status from the last admin who can sign in. */
describe(`a users import keeps an active admin (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
  });
  after(() => t.close());
  beforeEach(async () => {
    await t.db.kysely.deleteFrom('people').execute();
    await createAdmin(t.db, { email: 'owner@example.com', password: PASSWORD, firstName: 'Olive', lastName: 'Owner' });
  });

  async function roles(): Promise<Record<string, string>> {
    const users = await t.people('user');
    return Object.fromEntries([...users].map(([email, row]) => [email, `${String(row.role)}/${String(row.status)}`]));
  }

  it('fails only the row that demotes the only admin; the dry run counts it; the other rows import', async () => {
    const file = t.file(
      'users.csv',
      'Email,First Name,Last Name,Role\nnew@example.com,Nia,New,agent\nowner@example.com,Olive,Owner,agent\nother@example.com,Oto,Other,\n',
    );
    const dry = await t.run({ entity: 'users', filePath: file, dryRun: true });
    assert.deepEqual({ created: dry.created, updated: dry.updated, failed: dry.failed }, { created: 2, updated: 0, failed: 1 });

    const report = await t.run({ entity: 'users', filePath: file });
    assert.deepEqual({ created: report.created, updated: report.updated, failed: report.failed }, { created: 2, updated: 0, failed: 1 });
    assert.deepEqual(
      report.errors.map((e) => ({ row: e.row, column: e.column, value: e.value, code: e.code })),
      [{ row: 3, column: 'Role', value: 'agent', code: 'last_admin' }],
    );
    assert.match(report.errors[0]!.message, /^Row 3: owner@example\.com is the last active admin/);
    assert.deepEqual(await roles(), {
      'owner@example.com': 'admin/active',
      'new@example.com': 'agent/active',
      'other@example.com': 'agent/active',
    });
  });

  it('refuses a deactivation by the Status column the same way', async () => {
    const file = t.file('status.csv', 'Email,First Name,Last Name,Status\nowner@example.com,Olive,Owner,deactivated\n');
    const report = await t.run({ entity: 'users', filePath: file });
    assert.equal(report.failed, 1);
    assert.equal(report.errors[0]?.column, 'Status');
    assert.equal((await roles())['owner@example.com'], 'admin/active');
  });

  it('under overwrite, an empty Role cell is a demotion too, and is refused', async () => {
    const file = t.file('overwrite.csv', 'Email,First Name,Last Name,Role\nowner@example.com,Olive,Owner,\n');
    const report = await t.run({ entity: 'users', filePath: file, onExisting: 'overwrite' });
    assert.equal(report.failed, 1, JSON.stringify(report.errors));
    assert.equal((await roles())['owner@example.com'], 'admin/active');
  });

  it('of two admins both demoted by one file, the first row goes through and the second fails', async () => {
    await createAdmin(t.db, { email: 'deputy@example.com', password: PASSWORD, firstName: 'Dee', lastName: 'Deputy' });
    const file = t.file(
      'both.csv',
      'Email,First Name,Last Name,Role\ndeputy@example.com,Dee,Deputy,agent\nowner@example.com,Olive,Owner,agent\n',
    );
    const report = await t.run({ entity: 'users', filePath: file });
    assert.deepEqual({ updated: report.updated, failed: report.failed }, { updated: 1, failed: 1 });
    assert.equal(report.errors[0]?.row, 3);
    assert.deepEqual(await roles(), { 'owner@example.com': 'admin/active', 'deputy@example.com': 'agent/active' });
  });

  it('lets an import change anything else of the admin, and demote an admin who is not the last', async () => {
    await createAdmin(t.db, { email: 'deputy@example.com', password: PASSWORD });
    const file = t.file(
      'fine.csv',
      'Email,First Name,Last Name,Role\nowner@example.com,Olivia,Owner,admin\ndeputy@example.com,Dee,Deputy,agent\n',
    );
    const report = await t.run({ entity: 'users', filePath: file });
    assert.deepEqual({ updated: report.updated, failed: report.failed }, { updated: 2, failed: 0 });
    const users = await t.people('user');
    assert.equal(users.get('owner@example.com')?.first_name, 'Olivia');
    assert.equal((await roles())['deputy@example.com'], 'agent/active');
  });
});
