import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { after, before, describe, it } from 'node:test';
import { patchImport } from '../../src/db/imports/import-records.js';
import { TEST_DIALECT } from '../support/database.js';
import { setUpAdmin, startTestServer, type TestServer, uploadFile } from './helpers.js';

/** The import's report once it no longer runs. */
async function finished(server: TestServer, cookie: string, id: number) {
  for (;;) {
    const report = (await server.call('GET', `/api/imports/${id}`, { cookie })).body;
    if (report.status !== 'running') return report;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Row 2 creates and joins Acme, row 3 updates a customer's city, row 4 has a bad email, row 5
// repeats row 2, row 6 misses its first name, row 7 creates and brings the new NewCo.
const FILE = [
  'Email,First Name,Last Name,Organization,City',
  'a@x.test,Ann,One,ACME,Lyon',
  'old@acme.test,Old,Person,,Lyon',
  'bad-email,Bob,Two,NewCo,',
  'A@x.test,Ann,Again,Acme,',
  'c@x.test,,Three,NewCo,',
  'd@x.test,Dan,Four,NewCo,Nice',
].join('\n');

describe(`HTTP import check-over pages (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;
  let acme: number;
  let dryRunId: number;
  let uploadId: number;
  const as = () => ({ cookie: admin });

  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
    const org = await server.call('POST', '/api/organizations', { ...as(), body: { name: 'Acme' } });
    assert.equal(org.status, 201, JSON.stringify(org.body));
    acme = org.body.id;
    const person = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'old@acme.test', firstName: 'Old', lastName: 'Person', city: 'Paris' },
    });
    assert.equal(person.status, 201, JSON.stringify(person.body));
    const uploaded = await uploadFile(server.baseUrl, admin, FILE);
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
    uploadId = uploaded.body.id;
    const dry = await server.call('POST', `/api/imports/${uploadId}/dry-run`, { ...as(), body: {} });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    dryRunId = dry.body.id;
    assert.deepEqual(
      [dry.body.created, dry.body.updated, dry.body.duplicates, dry.body.failed],
      [2, 1, 1, 2],
      'the file plans as its comment says',
    );
  });
  after(async () => {
    await server.close();
  });

  it('pages the problems with filters by column and code, and counts them per column and code', async () => {
    const all = await server.call('GET', `/api/imports/${dryRunId}/problems`, as());
    assert.equal(all.status, 200, JSON.stringify(all.body));
    assert.equal(all.body.total, 3);
    assert.deepEqual(
      all.body.items.map((p: { row: number; code: string }) => [p.row, p.code]),
      [
        [4, 'invalid_value'],
        [5, 'duplicate'],
        [6, 'required'],
      ],
    );
    assert.deepEqual(all.body.columns, [
      { column: 'Email', count: 2 },
      { column: 'First Name', count: 1 },
    ]);
    assert.deepEqual(
      [...all.body.codes].sort((a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code)),
      [
        { code: 'duplicate', count: 1 },
        { code: 'invalid_value', count: 1 },
        { code: 'required', count: 1 },
      ],
    );
    const email = await server.call('GET', `/api/imports/${dryRunId}/problems?column=Email&limit=1&offset=1`, as());
    assert.equal(email.body.total, 2);
    assert.deepEqual(
      email.body.items.map((p: { row: number }) => p.row),
      [5],
    );
    assert.equal(email.body.items[0].value, 'A@x.test');
    const required = await server.call('GET', `/api/imports/${dryRunId}/problems?code=required`, as());
    assert.deepEqual(
      required.body.items.map((p: { row: number; column: string }) => [p.row, p.column]),
      [[6, 'First Name']],
    );
    const wholeRows = await server.call('GET', `/api/imports/${dryRunId}/problems?column=`, as());
    assert.equal(wholeRows.body.total, 0);
    const tooMany = await server.call('GET', `/api/imports/${dryRunId}/problems?limit=501`, as());
    assert.equal(tooMany.status, 400);
  });

  it('pages the rows as they will be stored, with the values an update replaces', async () => {
    const all = await server.call('GET', `/api/imports/${dryRunId}/rows`, as());
    assert.equal(all.status, 200, JSON.stringify(all.body));
    assert.equal(all.body.total, 6);
    assert.deepEqual(
      all.body.items.map((r: { row: number; action: string }) => [r.row, r.action]),
      [
        [2, 'create'],
        [3, 'update'],
        [4, 'failed'],
        [5, 'duplicate'],
        [6, 'failed'],
        [7, 'create'],
      ],
    );
    const [created, updated, failed] = all.body.items;
    assert.deepEqual(created.values, { email: 'a@x.test', firstName: 'Ann', lastName: 'One', organization: 'ACME', city: 'Lyon' });
    assert.deepEqual(created.problems, []);
    assert.equal(created.before, undefined);
    assert.deepEqual(updated.before, { city: 'Paris' });
    assert.equal(updated.values.city, 'Lyon');
    assert.equal(failed.values.email, 'bad-email', 'a failed row shows its cells as written');
    assert.equal(failed.problems[0].code, 'invalid_value');

    const updates = await server.call('GET', `/api/imports/${dryRunId}/rows?action=update`, as());
    assert.deepEqual(
      updates.body.items.map((r: { row: number }) => r.row),
      [3],
    );
    assert.equal(updates.body.total, 1);
    const problems = await server.call('GET', `/api/imports/${dryRunId}/rows?problems=only&limit=2&offset=1`, as());
    assert.equal(problems.body.total, 3);
    assert.deepEqual(
      problems.body.items.map((r: { row: number }) => r.row),
      [5, 6],
    );
    const creates = await server.call('GET', `/api/imports/${dryRunId}/rows?action=create&offset=1`, as());
    assert.deepEqual(
      creates.body.items.map((r: { row: number }) => r.row),
      [7],
    );
  });

  it('lists the organizations the customers create or join', async () => {
    const answer = await server.call('GET', `/api/imports/${dryRunId}/organizations`, as());
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(answer.body, {
      items: [
        { name: 'ACME', action: 'join', id: acme, people: 1 },
        { name: 'NewCo', action: 'create', people: 1 },
      ],
      total: 2,
      toCreate: 1,
      toJoin: 1,
      offset: 0,
      limit: 50,
    });
  });

  it('refuses the rows of an import that keeps none', async () => {
    const answer = await server.call('GET', `/api/imports/${uploadId}/rows`, as());
    assert.equal(answer.status, 409);
    assert.equal(answer.body.error.code, 'import_state');
  });

  it('filters the list of imports by entity and counts them', async () => {
    const customers = await server.call('GET', '/api/imports?entity=customers&limit=1', as());
    assert.equal(customers.status, 200);
    assert.equal(customers.body.total, 2);
    assert.equal(customers.body.items.length, 1);
    assert.equal(customers.body.items[0].id, dryRunId);
    const users = await server.call('GET', '/api/imports?entity=users', as());
    assert.deepEqual([users.body.total, users.body.items.length], [0, 0]);
  });
});

describe(`HTTP import corrections (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;
  let id: number;
  const as = () => ({ cookie: admin });
  const correct = (row: number, column: string, value: string) =>
    server.call('PUT', `/api/imports/${id}/corrections`, { ...as(), body: { row, column, value } });
  const customers = async (search: string) => (await server.call('GET', `/api/customers?search=${search}`, as())).body.total as number;

  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
    await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'old@acme.test', firstName: 'Old', lastName: 'Person', city: 'Paris' },
    });
    const uploaded = await uploadFile(server.baseUrl, admin, FILE);
    const dry = await server.call('POST', `/api/imports/${uploaded.body.id}/dry-run`, { ...as(), body: {} });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    id = dry.body.id;
  });
  after(async () => {
    await server.close();
  });

  it('checks a corrected row again at once and moves the counts, writing no record', async () => {
    const fixed = await correct(4, 'Email', 'bob@x.test');
    assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
    assert.equal(fixed.body.row.action, 'create');
    assert.equal(fixed.body.row.values.email, 'bob@x.test');
    assert.deepEqual(fixed.body.row.problems, []);
    assert.deepEqual(fixed.body.row.corrections, [{ column: 'Email', original: 'bad-email', value: 'bob@x.test' }]);
    assert.deepEqual(fixed.body.counts, { rows: 6, created: 3, updated: 1, unchanged: 0, skipped: 0, duplicates: 1, failed: 1 });
    assert.equal(fixed.body.corrections, 1);
    assert.equal(await customers('bob'), 0, 'nothing is stored before the commit');

    // Row 5 repeated row 2; with its own email it is created.
    const unique = await correct(5, 'Email', 'e@x.test');
    assert.equal(unique.body.row.action, 'create');
    assert.deepEqual([unique.body.counts.created, unique.body.counts.duplicates], [4, 0]);

    // Row 7 now repeats row 2: a duplicate, with the sentence the import uses.
    const repeated = await correct(7, 'Email', 'a@x.test');
    assert.equal(repeated.body.row.action, 'duplicate');
    assert.match(repeated.body.row.problems[0].message, /^Row 7, column "Email": row 7 repeats the email a@x\.test of row 2/);
    assert.deepEqual([repeated.body.counts.created, repeated.body.counts.duplicates], [3, 1]);
    const problems = await server.call('GET', `/api/imports/${id}/problems?code=duplicate`, as());
    assert.deepEqual(
      problems.body.items.map((p: { row: number }) => p.row),
      [7],
    );

    // Taken back: row 7 has its own email again.
    const reverted = await server.call('DELETE', `/api/imports/${id}/corrections?row=7&column=Email`, as());
    assert.equal(reverted.status, 200, JSON.stringify(reverted.body));
    assert.equal(reverted.body.row.action, 'create');
    assert.deepEqual(reverted.body.row.corrections, []);
    assert.deepEqual(reverted.body.counts, { rows: 6, created: 4, updated: 1, unchanged: 0, skipped: 0, duplicates: 0, failed: 1 });
    assert.equal(reverted.body.corrections, 2);
    const again = await server.call('DELETE', `/api/imports/${id}/corrections?row=7&column=Email`, as());
    assert.equal(again.status, 404);

    // A correction that still fails stays failed, and the error report says what the file had.
    const stillEmpty = await correct(6, 'First Name', '  ');
    assert.equal(stillEmpty.body.row.action, 'failed');
    assert.equal(stillEmpty.body.row.problems[0].code, 'required');

    const report = await server.call('GET', `/api/imports/${id}`, as());
    assert.equal(report.body.corrections, 3);
    assert.equal(report.body.failed, 1);
    const csv = await server.call('GET', `/api/imports/${id}/errors.csv`, as());
    const lines = String(csv.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(lines[0], 'Row,Email,First Name,Last Name,Organization,City,Problem,Corrected in Roster');
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, /^6,c@x\.test, {2},Three,NewCo,,.*,"First Name was """""$/);
    const listed = await server.call('GET', `/api/imports/${id}/corrections?limit=2`, as());
    assert.deepEqual(
      listed.body.items.map((c: { row: number; column: string }) => [c.row, c.column]),
      [
        [4, 'Email'],
        [5, 'Email'],
      ],
    );
    assert.equal(listed.body.total, 3);
  });

  it('refuses a column that is not mapped and a row the file does not have', async () => {
    const column = await correct(4, 'Nope', 'x');
    assert.equal(column.status, 400);
    assert.equal(column.body.error.field, 'column');
    const row = await correct(99, 'Email', 'x@x.test');
    assert.equal(row.status, 400);
    assert.equal(row.body.error.field, 'row');
  });

  it('commits the corrected values, and refuses corrections afterwards', async () => {
    const commit = await server.call('POST', `/api/imports/${id}/commit`, as());
    assert.equal(commit.status, 202, JSON.stringify(commit.body));
    const report = await finished(server, admin, id);
    assert.equal(report.status, 'completed');
    assert.deepEqual([report.created, report.updated, report.duplicates, report.failed], [4, 1, 0, 1]);
    assert.equal(await customers('bob%40x.test'), 1);
    assert.equal(await customers('e%40x.test'), 1);
    const late = await correct(6, 'First Name', 'Cy');
    assert.equal(late.status, 409);
    assert.equal(late.body.error.code, 'import_state');
  });
});

describe(`HTTP import cancel and remaining rows (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;
  const as = () => ({ cookie: admin });
  const people = (n: number, from = 1) =>
    ['Email,First Name,Last Name', ...Array.from({ length: n }, (_, i) => `p${i + from}@rest.test,P${i + from},Rest`)].join('\n');
  const total = async () => (await server.call('GET', '/api/customers?search=rest.test', as())).body.total as number;

  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
  });
  after(async () => {
    await server.close();
  });

  it('dry-runs the rows after a test sample with its mapping, keeping the file after its upload is discarded', async () => {
    const uploaded = await uploadFile(server.baseUrl, admin, people(10));
    const sample = await server.call('POST', `/api/imports/${uploaded.body.id}/dry-run`, { ...as(), body: { sample: 3 } });
    assert.equal((await server.call('POST', `/api/imports/${sample.body.id}/commit`, as())).status, 202);
    const done = await finished(server, admin, sample.body.id);
    assert.deepEqual([done.status, done.created], ['completed', 3]);
    // The upload goes; the sample still keeps the file for its remaining rows.
    assert.equal((await server.call('DELETE', `/api/imports/${uploaded.body.id}`, as())).status, 200);

    const rest = await server.call('POST', `/api/imports/${sample.body.id}/remaining`, as());
    assert.equal(rest.status, 200, JSON.stringify(rest.body));
    assert.deepEqual([rest.body.status, rest.body.created, rest.body.rows, rest.body.options.afterRow], ['dry-run', 7, 7, 4]);
    assert.deepEqual(rest.body.mapping, done.mapping);
    const rows = await server.call('GET', `/api/imports/${rest.body.id}/rows?limit=1`, as());
    assert.equal(rows.body.items[0].row, 5, 'the rows keep the file’s numbers');
    assert.equal(await total(), 3);
    assert.equal((await server.call('POST', `/api/imports/${rest.body.id}/commit`, as())).status, 202);
    assert.equal((await finished(server, admin, rest.body.id)).created, 7);
    assert.equal(await total(), 10);

    const notSample = await server.call('POST', `/api/imports/${rest.body.id}/remaining`, as());
    assert.equal(notSample.status, 409);
    assert.equal(notSample.body.error.code, 'import_state');
  });

  it('stops a commit at its batch boundary when a cancel was asked for', async () => {
    const uploaded = await uploadFile(server.baseUrl, admin, people(5, 100));
    const dry = await server.call('POST', `/api/imports/${uploaded.body.id}/dry-run`, { ...as(), body: {} });
    const before = await total();
    // What POST /cancel writes, set before the commit reaches its first batch.
    await patchImport(server.db, dry.body.id, { cancelRequestedAt: new Date().toISOString() });
    assert.equal((await server.call('POST', `/api/imports/${dry.body.id}/commit`, as())).status, 202);
    const report = await finished(server, admin, dry.body.id);
    assert.equal(report.status, 'cancelled');
    assert.match(report.message, /before any record was written/);
    assert.equal(await total(), before);
    const again = await server.call('POST', `/api/imports/${dry.body.id}/cancel`, as());
    assert.equal(again.status, 409);
  });

  it('cancels an interrupted import at once, and undo removes what it committed', async () => {
    const uploaded = await uploadFile(server.baseUrl, admin, people(4, 200));
    const dry = await server.call('POST', `/api/imports/${uploaded.body.id}/dry-run`, { ...as(), body: {} });
    await server.call('POST', `/api/imports/${dry.body.id}/commit`, as());
    assert.equal((await finished(server, admin, dry.body.id)).created, 4);
    const completed = await server.call('POST', `/api/imports/${dry.body.id}/cancel`, as());
    assert.equal(completed.status, 409);
    // As if its process had died while it ran: running, with a process id that is gone.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    await patchImport(server.db, dry.body.id, { status: 'running', phase: 'merging', pid: gone, host: os.hostname() });
    const cancelled = await server.call('POST', `/api/imports/${dry.body.id}/cancel`, as());
    assert.equal(cancelled.status, 202, JSON.stringify(cancelled.body));
    assert.equal(cancelled.body.status, 'cancelled');
    assert.match(cancelled.body.message, /undo the import/);
    const undone = await server.call('POST', `/api/imports/${dry.body.id}/undo`, as());
    assert.equal(undone.status, 200, JSON.stringify(undone.body));
    assert.equal(undone.body.undo.removed, 4);
  });

  it('lists the imports of one kind with their total', async () => {
    const answer = await server.call('GET', '/api/imports?entity=customers&limit=2&offset=1', as());
    assert.equal(answer.body.total, 7);
    assert.equal(answer.body.items.length, 2);
  });
});
