import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { deferrableIndexes, presentDeferrableIndexes } from '../../src/db/imports/deferred-indexes.js';
import { getImport } from '../../src/import/use-cases/list-imports.js';
import { resumeImport } from '../../src/import/use-cases/resume-import.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from './support.js';

const ROWS = 100_000;
const CHILD = path.join(import.meta.dirname, 'child', 'run-import.ts');

/**
 * 100,000 data rows: every 1,000th has a bad email (failed), every 1,000th (offset 500) repeats
 * an earlier email (a duplicate): in the first half the row's just before, in the second half
 * one 50,001 rows before (long merged when a test kills the import); all others are distinct
 * customers.
 */
function writeBigFile(file: string): { created: number; failed: number; duplicates: number } {
  const out = fs.openSync(file, 'w');
  let created = 0;
  let failed = 0;
  let duplicates = 0;
  let chunk = 'Email,First Name,Last Name,City\n';
  for (let i = 0; i < ROWS; i++) {
    if (i % 1000 === 999) {
      chunk += `broken-${i},Bad,Row${i},Nowhere\n`;
      failed++;
    } else if (i % 1000 === 500) {
      chunk += `c${i < ROWS / 2 ? i - 1 : i - ROWS / 2 - 1}@crash.example,Again,Row${i},Twice\n`;
      duplicates++;
    } else {
      chunk += `c${i}@crash.example,First${i},Last${i},"City, ${i % 97}"\n`;
      created++;
    }
    if (chunk.length > 1 << 20) {
      fs.writeSync(out, chunk);
      chunk = '';
    }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);
  return { created, failed, duplicates };
}

function startChild(t: ImportTestContext, args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    env: { ...process.env, ...t.test.env, ROSTER_IMPORT_BATCH_ROWS: '2000', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function killWhen(
  t: ImportTestContext,
  child: ChildProcess,
  ready: (row: { rowsRead: number; rowsCommitted: number }) => boolean,
): Promise<number> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (;;) {
    const row = (await t.db.kysely
      .selectFrom('imports' as never)
      .select(['id', 'rowsRead', 'rowsCommitted'] as never[])
      .orderBy('id' as never, 'desc')
      .executeTakeFirst()) as { id: number; rowsRead: number; rowsCommitted: number } | undefined;
    if (row && ready(row)) {
      child.kill('SIGKILL');
      // Waiting for the exit reaps the process, so its pid no longer answers and it reads as interrupted.
      await exited;
      return row.id;
    }
    if (child.exitCode !== null) throw new Error('The import finished before it could be killed; lower ROSTER_IMPORT_BATCH_ROWS.');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe(`an import killed with SIGKILL and resumed (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  let file: string;
  let expected: { created: number; failed: number; duplicates: number };
  before(async () => {
    t = await importContext();
    file = path.join(t.dir, 'big.csv');
    expected = writeBigFile(file);
  });
  after(() => t.close());

  async function checkRecords(id: number) {
    const report = await getImport(t.db, id);
    assert.equal(report.status, 'completed');
    assert.deepEqual(
      { rows: report.rows, created: report.created, failed: report.failed, duplicates: report.duplicates },
      { rows: ROWS, ...expected },
    );
    const count = await t.db.kysely
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('createdImportId', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), expected.created);
    for (const i of [0, 499, 1998, 2000, 2001, 49_998, 75_001, 99_998]) {
      const person = await t.db.kysely
        .selectFrom('people')
        .selectAll()
        .where('email', '=', `c${i}@crash.example`)
        .executeTakeFirstOrThrow();
      assert.equal(person.firstName, `First${i}`);
      assert.equal(person.city, `City, ${i % 97}`);
    }
    // Row of i = 1999 had a broken email; the rows of i = 500 and 50,500 repeated c499 and were not applied.
    assert.equal(
      await t.db.kysely.selectFrom('people').select('id').where('email', '=', 'c1999@crash.example').executeTakeFirst(),
      undefined,
    );
  }

  it('killed while merging, resumed from the last committed batch: every record once', async () => {
    const child = startChild(t, ['run', 'customers', file]);
    const id = await killWhen(t, child, (r) => r.rowsCommitted > 20_000);
    const interrupted = await getImport(t.db, id);
    assert.equal(interrupted.status, 'interrupted');
    assert.ok(interrupted.created > 0 && interrupted.created < expected.created, `created ${interrupted.created}`);
    const report = await resumeImport(t.db, id, { fileStore: t.store });
    assert.equal(report.status, 'completed');
    await checkRecords(id);
  });

  it('killed while merging with the people indexes deferred: they stay dropped until the resumed import rebuilds them', async () => {
    await t.db.kysely.deleteFrom('people').execute();
    // Deferred from the first byte, as a file of 16 MiB and more into a table no larger would be.
    const child = startChild(t, ['run', 'customers', file], { ROSTER_IMPORT_DEFER_INDEXES_BYTES: '0' });
    const id = await killWhen(t, child, (r) => r.rowsCommitted > 20_000 && r.rowsCommitted < ROWS);
    assert.deepEqual(await presentDeferrableIndexes(t.db), [], 'the killed import had dropped them');
    const report = await resumeImport(t.db, id, { fileStore: t.store });
    assert.equal(report.status, 'completed');
    assert.deepEqual(
      (await presentDeferrableIndexes(t.db)).sort(),
      deferrableIndexes(t.db.dialect)
        .map((i) => i.name)
        .sort(),
    );
    await checkRecords(id);
  });

  it('killed while reading the file with staged rows not merged yet, resumed by another process: every record once', async () => {
    await t.db.kysely.deleteFrom('people').execute();
    const child = startChild(t, ['run', 'customers', file]);
    // An import merges every five staging batches as it reads: kill it between two merges.
    const id = await killWhen(t, child, (r) => r.rowsRead > 20_000 && r.rowsRead - r.rowsCommitted >= 4_000);
    assert.equal((await getImport(t.db, id)).status, 'interrupted');
    const resumed = startChild(t, ['resume', String(id)]);
    const code = await new Promise((resolve) => resumed.once('exit', resolve));
    assert.equal(code, 0);
    await checkRecords(id);
  });
  it('a stage table emptied by a database crash (PostgreSQL keeps it unlogged): the lost rows are read again, every record once', async () => {
    await t.db.kysely.deleteFrom('people').execute();
    const child = startChild(t, ['run', 'customers', file]);
    const id = await killWhen(t, child, (r) => r.rowsRead > 20_000 && r.rowsRead - r.rowsCommitted >= 4_000);
    // What a PostgreSQL restart after a crash does to an UNLOGGED table: every row gone, the marker too.
    await sql`DELETE FROM ${sql.table(`import_stage_${id}`)}`.execute(t.db.kysely);
    const report = await resumeImport(t.db, id, { fileStore: t.store });
    assert.equal(report.status, 'completed');
    await checkRecords(id);
  });

  it('an import interrupted without a keys table gets it filled from its stage when resumed', async () => {
    await t.db.kysely.deleteFrom('people').execute();
    const child = startChild(t, ['run', 'customers', file]);
    // (The earlier tests' finished imports have merged every row.)
    const id = await killWhen(t, child, (r) => r.rowsCommitted > 20_000 && r.rowsCommitted < ROWS);
    await sql`DROP TABLE ${sql.table(`import_keys_${id}`)}`.execute(t.db.kysely);
    const report = await resumeImport(t.db, id, { fileStore: t.store });
    assert.equal(report.status, 'completed');
    await checkRecords(id);
  });
});
