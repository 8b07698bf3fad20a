import { DEFAULT_TUNING } from '../../src/import/speed/tuning.js';
import assert from 'node:assert/strict';
import os from 'node:os';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/db/database.js';
import {
  deferrableIndexes,
  dropDeferrableIndexes,
  IndexDeferral,
  presentDeferrableIndexes,
  restoreDeferredIndexes,
  shouldDeferIndexes,
} from '../../src/db/imports/deferred-indexes.js';
import { patchImport } from '../../src/db/imports/import-records.js';
import { now } from '../../src/db/repositories/now.js';
import { createPerson, listPeople } from '../../src/db/repositories/people.js';
import { restoreIndexesWhenIdle } from '../../src/import/speed/restore-indexes.js';
import type { ImportPhase } from '../../src/import/types.js';
import { TEST_DIALECT } from '../support/database.js';
import { recordImport } from '../support/import-rows.js';
import { importContext, type ImportTestContext } from '../import/support.js';

const ALL = deferrableIndexes(TEST_DIALECT)
  .map((i) => i.name)
  .sort();

/** What an index is: its table, columns in order and uniqueness, as the database itself reports them. */
async function indexShape(db: Database, name: string): Promise<string> {
  if (db.dialect === 'sqlite') {
    const columns = await sql<{ name: string }>`SELECT name FROM pragma_index_info(${name}) ORDER BY seqno`.execute(db.kysely);
    const list = await sql<{ name: string; unique: number }>`SELECT name, "unique" FROM pragma_index_list('people')`.execute(db.kysely);
    const unique = list.rows.find((r) => r.name === name)?.unique;
    return `people(${columns.rows.map((c) => c.name).join(', ')}) unique=${unique}`;
  }
  const def = await sql<{ indexdef: string }>`SELECT indexdef FROM pg_indexes WHERE indexname = ${name}`.execute(db.kysely);
  return def.rows[0]?.indexdef ?? 'missing';
}

async function shapes(db: Database): Promise<string[]> {
  return Promise.all(ALL.map((name) => indexShape(db, name)));
}

describe('when an import defers the people indexes', () => {
  it('only a file of 16 MiB and more, and only one that brings at least as many rows as the table holds', () => {
    const MiB = 1024 * 1024;
    assert.equal(shouldDeferIndexes(16 * MiB - 1, 0, DEFAULT_TUNING.deferIndexesFromBytes), false);
    assert.equal(shouldDeferIndexes(16 * MiB, 0, DEFAULT_TUNING.deferIndexesFromBytes), true);
    assert.equal(shouldDeferIndexes(128 * MiB, 1_000_000, DEFAULT_TUNING.deferIndexesFromBytes), true, '128 MiB is about a million rows');
    assert.equal(
      shouldDeferIndexes(128 * MiB, 1_100_000, DEFAULT_TUNING.deferIndexesFromBytes),
      false,
      'a larger table would be sorted again for fewer new rows',
    );
    assert.equal(shouldDeferIndexes(1000, 7, 0), true, 'the threshold can be lowered');
  });
});

describe(`deferred people indexes on ${TEST_DIALECT}`, () => {
  let t: ImportTestContext;
  let original: string[];
  before(async () => {
    t = await importContext();
    original = await shapes(t.db);
  });
  after(() => t.close());
  beforeEach(async () => {
    await restoreDeferredIndexes(t.db);
    await t.db.kysely.deleteFrom('people').execute();
  });

  it('are rebuilt exactly as the schema defines them', async () => {
    assert.deepEqual((await presentDeferrableIndexes(t.db)).sort(), ALL);
    await dropDeferrableIndexes(t.db);
    assert.deepEqual(await presentDeferrableIndexes(t.db), []);
    assert.equal(await restoreDeferredIndexes(t.db), ALL.length);
    assert.deepEqual(await shapes(t.db), original);
    assert.equal(await restoreDeferredIndexes(t.db), 0, 'nothing to build twice');
  });

  it('two imports of one process deferring at once: the indexes come back when the last one ends', async () => {
    const first = new IndexDeferral(t.db);
    const second = new IndexDeferral(t.db);
    await first.defer();
    await second.defer();
    assert.deepEqual(await presentDeferrableIndexes(t.db), []);
    assert.equal(await first.release(), 0, 'the second import still writes');
    assert.deepEqual(await presentDeferrableIndexes(t.db), []);
    assert.equal(await first.release(), 0, 'releasing twice changes nothing');
    assert.equal(await second.release(), ALL.length);
    assert.deepEqual((await presentDeferrableIndexes(t.db)).sort(), ALL);
  });

  it('an import that does not defer still rebuilds indexes an interrupted one left dropped', async () => {
    await dropDeferrableIndexes(t.db);
    const file = t.file('small.csv', 'Email,First Name,Last Name\nada@small.example,Ada,Lovelace\n');
    const report = await t.run({ entity: 'customers', filePath: file });
    assert.equal(report.created, 1);
    assert.deepEqual(await shapes(t.db), original);
  });

  async function importWithThreshold(bytes: string, rows: number): Promise<ImportPhase[]> {
    let content = 'Email,First Name,Last Name,Organization\n';
    for (let i = 0; i < rows; i++) content += `p${i}@deferred.example,First${i},Last${i},Org ${i % 3}\n`;
    const file = t.file(`people-${bytes}.csv`, content);
    const phases: ImportPhase[] = [];
    const saved = process.env.ROSTER_IMPORT_DEFER_INDEXES_BYTES;
    process.env.ROSTER_IMPORT_DEFER_INDEXES_BYTES = bytes;
    try {
      const report = await t.run({ entity: 'customers', filePath: file, onProgress: (p) => phases.push(p.phase) });
      assert.equal(report.status, 'completed');
      assert.equal(report.created, rows);
    } finally {
      if (saved === undefined) delete process.env.ROSTER_IMPORT_DEFER_INDEXES_BYTES;
      else process.env.ROSTER_IMPORT_DEFER_INDEXES_BYTES = saved;
    }
    return phases;
  }

  it('a file over the threshold: the import reports rebuilding them, ends with them in place, and they serve queries', async () => {
    const phases = await importWithThreshold('0', 500);
    assert.ok(phases.includes('indexing'), `phases: ${[...new Set(phases)].join(', ')}`);
    assert.ok(phases.indexOf('indexing') > phases.lastIndexOf('merging'), 'after every merge');
    assert.deepEqual(await shapes(t.db), original);
    const byName = await t.db.kysely
      .selectFrom('people')
      .select('email')
      .where('kind', '=', 'customer')
      .where('lastName', '=', 'Last42')
      .execute();
    assert.deepEqual(
      byName.map((r) => r.email),
      ['p42@deferred.example'],
    );
  });

  it('a file under the threshold keeps them all along', async () => {
    const phases = await importWithThreshold(String(64 * 1024 * 1024), 50);
    assert.ok(!phases.includes('indexing'), `phases: ${[...new Set(phases)].join(', ')}`);
    assert.deepEqual(await shapes(t.db), original);
  });

  const recordRunning = (pid: number) => recordImport(t.db, { status: 'running', heartbeatAt: now(), pid, host: os.hostname() });

  it("restoreIndexesWhenIdle (the server's housekeeping) rebuilds them once no import runs, and leaves them to an import still running", async () => {
    await dropDeferrableIndexes(t.db);
    const id = await recordRunning(process.pid);
    assert.equal(await restoreIndexesWhenIdle(t.db), 0, 'an import of a live process will rebuild them itself');
    assert.deepEqual(await presentDeferrableIndexes(t.db), []);
    // The same import after its process died (no process has pid 2^22 + 1 here: above Linux's limit).
    await patchImport(t.db, id, { pid: 4_194_305 });
    assert.equal(await restoreIndexesWhenIdle(t.db), ALL.length);
    assert.deepEqual(await shapes(t.db), original);
    await patchImport(t.db, id, { status: 'failed' });
  });
});

describe(`the people search around a large import on ${TEST_DIALECT}`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
  });
  after(() => t.close());

  const found = async (search: string): Promise<string[]> => {
    const page = await listPeople(t.db, 'customers', { search, pageSize: 50 });
    return page.items.map((p) => String(p.email)).sort();
  };

  it('finds people written while it was deferred, once it is rebuilt, and forgets those deleted meanwhile', async () => {
    await createPerson(t.db, 'customers', { email: 'before@search.example', firstName: 'Beatrix', lastName: 'Before' });
    await createPerson(t.db, 'customers', { email: 'gone@search.example', firstName: 'Beatrix', lastName: 'Gone' });
    const deferral = new IndexDeferral(t.db);
    await deferral.defer();
    await createPerson(t.db, 'customers', { email: 'during@search.example', firstName: 'Beatrix', lastName: 'During' });
    const gone = await t.db.kysely.selectFrom('people').select('id').where('email', '=', 'gone@search.example').executeTakeFirstOrThrow();
    await t.db.kysely.deleteFrom('people').where('id', '=', gone.id).execute();
    await deferral.release();
    assert.deepEqual(await found('beatrix'), ['before@search.example', 'during@search.example']);
    assert.deepEqual(await found('during'), ['during@search.example']);
    await createPerson(t.db, 'customers', { email: 'after@search.example', firstName: 'Beatrix', lastName: 'After' });
    assert.deepEqual(await found('after'), ['after@search.example'], 'the triggers are back');
  });

  it('an import over the threshold leaves every row it wrote findable by name, email and phone', async () => {
    let content = 'Email,First Name,Last Name,Phone\n';
    for (let i = 0; i < 40; i++) content += `wide${i}@bulk.example,Wilhelmina${i},Bulkrow,+46 70 123 45 ${String(i).padStart(2, '0')}\n`;
    const saved = process.env.ROSTER_IMPORT_DEFER_INDEXES_BYTES;
    process.env.ROSTER_IMPORT_DEFER_INDEXES_BYTES = '0';
    try {
      const report = await t.run({ entity: 'customers', filePath: t.file('bulk.csv', content) });
      assert.equal(report.created, 40);
    } finally {
      if (saved === undefined) delete process.env.ROSTER_IMPORT_DEFER_INDEXES_BYTES;
      else process.env.ROSTER_IMPORT_DEFER_INDEXES_BYTES = saved;
    }
    assert.equal((await found('bulkrow')).length, 40);
    assert.deepEqual(await found('wilhelmina7'), ['wide7@bulk.example']);
    assert.deepEqual(await found('wide12@bulk.example'), ['wide12@bulk.example']);
    assert.deepEqual(await found('+46701234503'), ['wide3@bulk.example']);
  });
});

describe(
  `statistics after a large import on ${TEST_DIALECT}`,
  { skip: TEST_DIALECT !== 'postgres' && 'PostgreSQL keeps planner statistics; SQLite has none unless asked' },
  () => {
    let t: ImportTestContext;
    before(async () => {
      t = await importContext();
    });
    after(() => t.close());

    it('PostgreSQL vacuums and analyzes people once the deferred indexes are back', async () => {
      // relallvisible: pages VACUUM found visible to all, which index-only scans (counts) skip reading.
      const visiblePages = async () =>
        Number(
          (await sql<{ n: number }>`SELECT relallvisible AS n FROM pg_class WHERE relname = 'people'`.execute(t.db.kysely)).rows[0]?.n,
        );
      const titles = async () =>
        (
          await sql<{
            vals: string | null;
          }>`SELECT most_common_vals::text AS vals FROM pg_stats WHERE tablename = 'people' AND attname = 'title'`.execute(t.db.kysely)
        ).rows[0]?.vals ?? '';
      const deferral = new IndexDeferral(t.db);
      await deferral.defer();
      for (let i = 0; i < 100; i++)
        await createPerson(t.db, 'customers', {
          email: `stat${i}@stats.example`,
          firstName: 'S',
          lastName: `T${i}`,
          title: 'Statistician',
        });
      assert.doesNotMatch(await titles(), /Statistician/, 'not analyzed yet');
      assert.equal(await visiblePages(), 0, 'not vacuumed yet');
      await deferral.release();
      assert.match(await titles(), /Statistician/, 'the planner knows what the import wrote');
      assert.ok((await visiblePages()) > 0, 'the pages written are marked all-visible');
    });
  },
);
