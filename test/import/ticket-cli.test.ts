import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, SAMPLES, type ImportTestContext } from './support.js';

// The real executable, compiled: run `npx tsc -p tsconfig.json` (npm test builds first).
const BIN = path.resolve(import.meta.dirname, '../../bin/roster.js');

describe(`roster import tickets and ticket-messages through the built binary (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  const roster = (...args: string[]) => {
    const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...t.test.env }, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  before(async () => {
    assert.ok(fs.existsSync(path.resolve(import.meta.dirname, '../../dist/cli/main.js')), 'build dist first: npx tsc -p tsconfig.json');
    t = await importContext();
    for (const kind of ['customers', 'users']) assert.equal(roster('import', kind, path.join(SAMPLES, `${kind}.csv`)).code, 0);
  });
  after(() => t.close());

  it('--json carries the links, and the text report names the rows that wait and what to do', () => {
    const json = roster('import', 'tickets', path.join(SAMPLES, 'tickets.csv'), '--dry-run', '--json');
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as Record<string, unknown>;
    assert.deepEqual(
      [report.linked, report.unlinked, report.assigned, report.unassigned, report.unlinkedRows, report.unassignedRows],
      [4, 1, 4, 1, [5], [6]],
    );
    const text = roster('import', 'tickets', path.join(SAMPLES, 'tickets.csv'));
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Tickets linked to their customer: 4; unlinked: 1 \(row 5\)/);
    assert.match(text.stdout, /Tickets assigned to their user: 4; unassigned: 1 \(row 6\)/);
    assert.match(text.stdout, /import people first/);
  });

  it('exports a waiting ticket with its pending email, and its customer once linked', () => {
    const waiting = (JSON.parse(roster('tickets', 'export', '--json').stdout) as Record<string, unknown>[]).find(
      (r) => r.title === 'Question about plans',
    )!;
    assert.equal(waiting.customerEmail, null);
    assert.equal(waiting.pendingCustomerEmail, 'someone.new@unknown.example');
    fs.writeFileSync(path.join(t.dir, 'new.csv'), 'Email,First Name,Last Name\nsomeone.new@unknown.example,Some,One\n');
    assert.equal(roster('import', 'customers', path.join(t.dir, 'new.csv')).code, 0);
    const linked = (JSON.parse(roster('tickets', 'export', '--json').stdout) as Record<string, unknown>[]).find(
      (r) => r.title === 'Question about plans',
    )!;
    assert.equal(linked.customerEmail, 'someone.new@unknown.example');
    assert.equal(Object.hasOwn(linked, 'pendingCustomerEmail'), false);
  });

  it('--value maps a status, and a bad --value is a usage error that says the form', () => {
    fs.writeFileSync(path.join(t.dir, 'triage.csv'), 'Title,Status\nOne,Triage\n');
    const failed = JSON.parse(roster('import', 'tickets', path.join(t.dir, 'triage.csv'), '--dry-run', '--json').stdout) as {
      failed: number;
    };
    assert.equal(failed.failed, 1);
    const mapped = roster('import', 'tickets', path.join(t.dir, 'triage.csv'), '--value', 'Status:Triage=pending', '--json');
    assert.equal((JSON.parse(mapped.stdout) as { created: number }).created, 1);
    const bad = roster('import', 'tickets', path.join(t.dir, 'triage.csv'), '--value', 'Triage=pending');
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--value "Status:Solved=resolved"/);
  });

  it('import ticket-messages adds messages by External ID', () => {
    fs.writeFileSync(path.join(t.dir, 'ext.csv'), 'External ID,Title\nA-1,Printer\n');
    assert.equal(roster('import', 'tickets', path.join(t.dir, 'ext.csv')).code, 0);
    fs.writeFileSync(
      path.join(t.dir, 'msgs.csv'),
      'External ID,Author Email,Date,Body\nA-1,alice.anders@northwind.example,2024-01-01,Hello\nB-2,x@y.example,2024-01-01,Lost\n',
    );
    const run = roster('import', 'ticket-messages', path.join(t.dir, 'msgs.csv'));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /2 rows: 1 added, 0 already there, 1 failed/);
    assert.match(run.stdout, /Row 3, column "External ID": no ticket has the External ID "B-2"/);
  });
});
