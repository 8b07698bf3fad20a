import os from 'node:os';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RosterError } from '../../src/core/errors.js';
import { getImportRow, insertImport, patchImport } from '../../src/db/imports/import-records.js';
import { now } from '../../src/db/repositories/now.js';
import { importRetentionHoursFromEnv as importRetentionHours } from '../../src/config.js';
import { discardExpiredImports } from '../../src/import/use-cases/discard-expired-imports.js';
import { discardImport } from '../../src/import/use-cases/discard-import.js';
import type { FileStore, StoredFile } from '../../src/import/file-store.js';
import { getImport, listImports } from '../../src/import/use-cases/list-imports.js';
import { commitDryRun, resumeImport } from '../../src/import/use-cases/resume-import.js';
import { runImport } from '../../src/import/use-cases/run-import.js';
import { undoImport } from '../../src/import/use-cases/undo-import.js';
import { importTablesExist, TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from './support.js';

const HOUR = 3_600_000;
const CSV = 'Email,First Name,Last Name\nann@discard.example,Ann,Archer\nbob@discard.example,Bob,Baker\n';

function isImportState(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof RosterError, String(error));
    assert.equal(error.code, 'import_state');
    assert.match(error.message, pattern);
    return true;
  };
}

describe(`discarding uploads and kept dry runs (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  let file: string;
  before(async () => {
    t = await importContext();
    file = t.file('people.csv', CSV);
  });
  after(() => t.close());

  const keyOf = async (id: number) => (await getImportRow(t.db, id)).fileKey;

  /** An upload as the HTTP API records it: the file in the store and an `analysed` import. */
  async function upload(): Promise<{ id: number; stored: StoredFile }> {
    const stored = await t.store.save(file, 'people.csv');
    const id = await insertImport(t.db, {
      entity: 'customers',
      status: 'analysed',
      fileName: 'people.csv',
      fileSize: stored.size,
      fileSha256: stored.sha256,
      fileKey: stored.key,
      encoding: 'utf-8',
      delimiter: ',',
      headers: JSON.stringify(['Email', 'First Name', 'Last Name'].map((label, index) => ({ index, label }))),
      mapping: JSON.stringify({ Email: 'email', 'First Name': 'firstName', 'Last Name': 'lastName' }),
      suggestions: '{}',
      options: JSON.stringify({
        onExisting: 'update',
        dateFormats: {},
        sample: null,
        allOrNothing: false,
        newProperties: [],
        overrides: {},
      }),
      actor: null,
      startedAt: now(),
    });
    return { id, stored };
  }

  /** A kept dry run; with `of`, it shares that upload's file as the wizard's dry runs do. */
  async function keptDryRun(of?: StoredFile): Promise<number> {
    const fileStore: FileStore = of ? { ...t.store, save: async () => of } : t.store;
    const report = await runImport(t.db, { entity: 'customers', filePath: file, fileStore, dryRun: true, keepDryRun: true });
    assert.equal(report.status, 'dry-run');
    return report.id;
  }

  it('discards a kept dry run: stage table dropped, file removed, record kept; commit and resume are refused', async () => {
    const id = await keptDryRun();
    const key = (await keyOf(id))!;
    assert.ok(await importTablesExist(t.db, id));
    assert.ok(await t.store.exists(key));

    const report = await discardImport(t.db, id, { fileStore: t.store });
    assert.equal(report.status, 'discarded');
    assert.equal(report.dryRun, true);
    assert.equal(report.created, 2, 'the plan it reported stays in the history');
    assert.match(report.message ?? '', /^Discarded on \d{4}-/);
    assert.equal(await importTablesExist(t.db, id), false);
    assert.equal(await t.store.exists(key), false);
    assert.equal(await keyOf(id), null);
    assert.equal((await listImports(t.db)).find((r) => r.id === id)?.status, 'discarded');

    await assert.rejects(commitDryRun(t.db, id, { fileStore: t.store }), isImportState(/not a kept dry run/));
    await assert.rejects(resumeImport(t.db, id, { fileStore: t.store }), isImportState(/only an interrupted or failed import/));
    await assert.rejects(discardImport(t.db, id, { fileStore: t.store }), isImportState(/^Import \d+ was already discarded on /));
    assert.equal(await t.count('people'), 0);
  });

  it('keeps a file another unfinished import still uses, and removes it with the last one', async () => {
    const { id: uploadId, stored } = await upload();
    const first = await keptDryRun(stored);
    const second = await keptDryRun(stored);
    assert.equal(await keyOf(first), stored.key);

    await discardImport(t.db, first, { fileStore: t.store });
    assert.equal(await importTablesExist(t.db, first), false);
    assert.ok(await t.store.exists(stored.key), 'the upload and the other dry run still use the file');
    await discardImport(t.db, uploadId, { fileStore: t.store });
    assert.ok(await t.store.exists(stored.key), 'the second dry run still uses the file');
    assert.equal((await getImport(t.db, uploadId)).status, 'discarded');
    await assert.rejects(undoImport(t.db, uploadId), isImportState(/was never run \(it is discarded\); there is nothing to undo/));

    // The dry run left can still be confirmed: discarding its siblings took nothing from it.
    const committed = await commitDryRun(t.db, second, { fileStore: t.store });
    assert.equal(committed.status, 'completed');
    assert.equal(committed.created, 2);
    assert.equal(await t.store.exists(stored.key), false);
  });

  it('refuses completed, undone and running imports with a sentence', async () => {
    const done = await t.run({
      entity: 'customers',
      filePath: t.file('more.csv', 'Email,First Name,Last Name\ncy@discard.example,Cy,Cole\n'),
    });
    assert.equal(done.status, 'completed');
    await assert.rejects(
      discardImport(t.db, done.id, { fileStore: t.store }),
      isImportState(/is completed: .*undo it instead \(roster imports undo \d+\)/),
    );
    await undoImport(t.db, done.id);
    await assert.rejects(discardImport(t.db, done.id, { fileStore: t.store }), isImportState(/was undone on /));

    const running = await keptDryRun();
    await patchImport(t.db, running, { status: 'running', pid: process.pid, host: os.hostname(), heartbeatAt: now() });
    await assert.rejects(discardImport(t.db, running, { fileStore: t.store }), isImportState(/is still running/));
    assert.ok(await importTablesExist(t.db, running));
  });

  it('ROSTER_IMPORT_RETENTION_HOURS sets the age, 168 hours otherwise', () => {
    assert.equal(importRetentionHours({}), 168);
    assert.equal(importRetentionHours({ ROSTER_IMPORT_RETENTION_HOURS: '24' }), 24);
    assert.equal(importRetentionHours({ ROSTER_IMPORT_RETENTION_HOURS: '0.5' }), 0.5);
    assert.equal(importRetentionHours({ ROSTER_IMPORT_RETENTION_HOURS: 'a week' }), 168);
    assert.equal(importRetentionHours({ ROSTER_IMPORT_RETENTION_HOURS: '0' }), 168);
  });

  it('expiry discards only old uploads and dry runs, never completed, undone or running imports', async () => {
    await t.db.kysely.deleteFrom('people').execute();
    const old = new Date(Date.now() - 200 * HOUR).toISOString();
    const age = (id: number) => patchImport(t.db, id, { startedAt: old, finishedAt: old, heartbeatAt: old });

    const oldUpload = await upload();
    await patchImport(t.db, oldUpload.id, { startedAt: old });
    const oldDryRun = await keptDryRun();
    await age(oldDryRun);
    const recentDryRun = await keptDryRun();
    const oldFinishedDryRun = (await t.run({ entity: 'customers', filePath: file, dryRun: true })).id;
    await age(oldFinishedDryRun);
    const oldCompleted = (await t.run({ entity: 'customers', filePath: file })).id;
    await age(oldCompleted);
    const oldUndone = (
      await t.run({ entity: 'customers', filePath: t.file('u.csv', 'Email,First Name,Last Name\nu@discard.example,U,U\n') })
    ).id;
    await undoImport(t.db, oldUndone);
    await age(oldUndone);
    // A dry run this very process is running, with an old heartbeat: alive, so it stays.
    const oldRunning = await keptDryRun();
    await age(oldRunning);
    await patchImport(t.db, oldRunning, { status: 'running', pid: process.pid, host: os.hostname() });
    // A discard cut short after marking the import, before removing its file.
    const cutShort = await keptDryRun();
    const cutShortKey = (await keyOf(cutShort))!;
    await patchImport(t.db, cutShort, { status: 'discarded', phase: 'done' });

    const keys = { oldUpload: oldUpload.stored.key, oldDryRun: (await keyOf(oldDryRun))!, recentDryRun: (await keyOf(recentDryRun))! };
    const result = await discardExpiredImports(t.db, { fileStore: t.store, olderThan: new Date(Date.now() - 168 * HOUR) });

    assert.deepEqual(result.discarded, [oldUpload.id, oldDryRun]);
    assert.deepEqual(
      result.skipped.map((s) => s.id),
      [oldRunning],
    );
    const status = async (id: number) => (await getImport(t.db, id)).status;
    assert.equal(await status(oldUpload.id), 'discarded');
    assert.equal(await status(oldDryRun), 'discarded');
    assert.match((await getImport(t.db, oldDryRun)).message ?? '', /^Discarded automatically on .*ROSTER_IMPORT_RETENTION_HOURS/);
    assert.equal(await status(recentDryRun), 'dry-run');
    assert.equal(await status(oldFinishedDryRun), 'dry-run');
    assert.equal(await status(oldCompleted), 'completed');
    assert.equal(await status(oldUndone), 'undone');
    assert.equal(await status(oldRunning), 'running');

    assert.equal(await t.store.exists(keys.oldUpload), false);
    assert.equal(await t.store.exists(keys.oldDryRun), false);
    assert.equal(await importTablesExist(t.db, oldDryRun), false);
    assert.ok(await t.store.exists(keys.recentDryRun));
    assert.ok(await importTablesExist(t.db, recentDryRun));
    assert.ok(await importTablesExist(t.db, oldRunning));
    assert.equal(await t.store.exists(cutShortKey), false);
    assert.equal(await importTablesExist(t.db, cutShort), false);
    assert.equal(await keyOf(cutShort), null);
    assert.equal(await t.count('people'), 2, 'the completed import keeps its records');

    // What expiry left can still be confirmed.
    const committed = await commitDryRun(t.db, recentDryRun, { fileStore: t.store });
    assert.equal(committed.status, 'completed');
  });
});
