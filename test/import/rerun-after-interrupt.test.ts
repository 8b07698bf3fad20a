import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createContext } from '../../src/cli/context.js';
import { buildProgram } from '../../src/cli/main.js';
import { getImport } from '../../src/import/use-cases/list-imports.js';
import { resumeImport } from '../../src/import/use-cases/resume-import.js';
import type { ImportReport } from '../../src/import/types.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from './support.js';

const ROWS = 100_000;
const CHILD = path.join(import.meta.dirname, 'child', 'run-import.ts');

/** Every 1,000th row has a bad email, every 1,000th (offset 500) repeats the row before it. */
function writeFile(file: string): { created: number; failed: number; duplicates: number } {
  const lines = ['Email,First Name,Last Name,City'];
  const counts = { created: 0, failed: 0, duplicates: 0 };
  for (let i = 0; i < ROWS; i++) {
    if (i % 1000 === 999) {
      lines.push(`broken-${i},Bad,Row${i},Nowhere`);
      counts.failed++;
    } else if (i % 1000 === 500) {
      lines.push(`r${i - 1}@rerun.example,Again,Row${i},Twice`);
      counts.duplicates++;
    } else {
      lines.push(`r${i}@rerun.example,First${i},Last${i},"City, ${i % 89}"`);
      counts.created++;
    }
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return counts;
}

/** Runs `roster …` in this process with the test database's environment and returns stdout. */
async function roster(t: ImportTestContext, ...args: string[]): Promise<string> {
  let out = '';
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString('utf8');
      done();
    },
  });
  await buildProgram(createContext({ ...process.env, ...t.test.env }, stdout)).parseAsync(['node', 'roster', ...args]);
  return out;
}

describe(`the same file imported again after an interrupted import (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  let file: string;
  let expected: { created: number; failed: number; duplicates: number };
  let oldId: number;
  before(async () => {
    t = await importContext();
    file = path.join(t.dir, 'rerun.csv');
    expected = writeFile(file);
  });
  after(() => t.close());

  async function killWhileMerging(child: ChildProcess): Promise<number> {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    for (;;) {
      const row = (await t.db.kysely
        .selectFrom('imports' as never)
        .select(['id', 'rowsCommitted'] as never[])
        .orderBy('id' as never, 'desc')
        .executeTakeFirst()) as { id: number; rowsCommitted: number } | undefined;
      if (row && row.rowsCommitted > 20_000) {
        child.kill('SIGKILL');
        // Reaped, its pid no longer answers, so the import reads as interrupted.
        await exited;
        return row.id;
      }
      if (child.exitCode !== null) throw new Error('The import finished before it could be killed; lower ROSTER_IMPORT_BATCH_ROWS.');
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async function checkPeople(): Promise<void> {
    const people = await t.people('customer');
    assert.equal(people.size, expected.created, 'every valid row once, none doubled');
    for (const i of [0, 998, 1000, 20_001, 50_000, 99_998]) {
      const person = people.get(`r${i}@rerun.example`);
      assert.equal(person?.first_name, `First${i}`, `r${i}`);
      assert.equal(person?.city, `City, ${i % 89}`);
    }
    assert.equal(people.has('r999@rerun.example'), false, 'a failed row stays out');
    assert.equal(people.get('r499@rerun.example')?.first_name, 'First499', 'a duplicate row is not applied');
  }

  const counts = (r: ImportReport) => ({
    rows: r.rows,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    failed: r.failed,
    duplicates: r.duplicates,
  });

  it('a new import of the same file gives exactly the right records; the rows written before count as unchanged', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'run', 'customers', file], {
      env: { ...process.env, ...t.test.env, ROSTER_IMPORT_BATCH_ROWS: '1000' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    oldId = await killWhileMerging(child);
    const interrupted = await getImport(t.db, oldId);
    assert.equal(interrupted.status, 'interrupted');
    const written = interrupted.created;
    assert.ok(written > 0 && written < expected.created, `created ${written} before the kill`);

    const again = await t.run({ entity: 'customers', filePath: file });
    assert.notEqual(again.id, oldId);
    assert.equal(again.status, 'completed');
    assert.deepEqual(counts(again), {
      rows: ROWS,
      created: expected.created - written,
      updated: 0,
      unchanged: written,
      failed: expected.failed,
      duplicates: expected.duplicates,
    });
    await checkPeople();

    const listed = JSON.parse(await roster(t, 'imports', 'list', '--json')) as ImportReport[];
    assert.equal(listed.find((r) => r.id === oldId)?.status, 'interrupted');
    assert.equal(listed.find((r) => r.id === again.id)?.status, 'completed');
    const table = await roster(t, 'imports', 'list');
    assert.match(table, new RegExp(`^${oldId}\\s.*\\sinterrupted\\s`, 'm'));
  });

  it('resuming the interrupted import afterwards completes it without doubling anything', async () => {
    const before = await getImport(t.db, oldId);
    assert.equal(before.status, 'interrupted');
    const resumed = await resumeImport(t.db, oldId, { fileStore: t.store });
    assert.equal(resumed.status, 'completed');
    assert.deepEqual(counts(resumed), {
      rows: ROWS,
      created: before.created,
      updated: 0,
      unchanged: expected.created - before.created,
      failed: expected.failed,
      duplicates: expected.duplicates,
    });
    await checkPeople();
  });
});
