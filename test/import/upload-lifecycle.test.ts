import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RosterError } from '../../src/core/errors.js';
import { analyseFile } from '../../src/import/use-cases/analyse-file.js';
import { analyseImport } from '../../src/import/use-cases/analyse-import.js';
import { dryRunUpload } from '../../src/import/use-cases/dry-run-upload.js';
import { keptFile } from '../../src/import/use-cases/kept-file.js';
import { getImport } from '../../src/import/use-cases/list-imports.js';
import { progressReader } from '../../src/import/report/progress-reader.js';
import { requireImport } from '../../src/import/use-cases/require-import.js';
import { startCommit } from '../../src/import/use-cases/start-commit.js';
import { recordUpload } from '../../src/import/use-cases/upload-import.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from './support.js';

const CSV = 'Email;First Name;Last Name\nann@upload.example;Ann;Archer\nbob@upload.example;Bob;Baker\n';

function isRosterError(code: string, pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof RosterError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  };
}

describe(`the upload lifecycle of the import library (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  let file: string;
  before(async () => {
    t = await importContext();
    file = t.file('people.csv', CSV);
  });
  after(() => t.close());

  /** An upload as the wizard makes one: the file in the store, analysed, recorded. */
  async function upload(overrides: { delimiter?: string } = {}): Promise<number> {
    const stored = await t.store.save(file, 'people.csv');
    const analysis = await analyseFile(t.db, await t.store.localPath(stored.key), 'customers', overrides);
    return recordUpload(t.db, { entity: 'customers', stored, fileName: 'people.csv', actor: 'ann@admin.example', analysis, ...overrides });
  }

  it('records an analysed upload that keeps its file, the suggested mapping and the picked delimiter', async () => {
    const id = await upload({ delimiter: ',' });
    const report = await getImport(t.db, id);
    assert.equal(report.status, 'analysed');
    assert.equal(report.entity, 'customers');
    assert.equal(report.actor, 'ann@admin.example');
    assert.equal(report.delimiter, ',', 'the delimiter the person picked, not the detected one');
    assert.deepEqual(report.options.newProperties, []);
    assert.equal(report.options.onExisting, 'update');

    const kept = await keptFile(t.db, id, { fileStore: t.store });
    assert.equal(kept.entity, 'customers');
    assert.equal(kept.fileName, 'people.csv');
    assert.equal(kept.options.delimiterOverride, ',');
    assert.equal(kept.file.sha256, report.sha256);
    assert.ok(await t.store.exists(kept.file.key));

    // Read again, the picked delimiter still applies unless another one is given.
    assert.deepEqual(
      (await analyseImport(t.db, id, {}, { fileStore: t.store })).headers.map((h) => h.label),
      ['Email;First Name;Last Name'],
    );
    const again = await analyseImport(t.db, id, { delimiter: ';' }, { fileStore: t.store });
    assert.deepEqual(
      again.headers.map((h) => h.label),
      ['Email', 'First Name', 'Last Name'],
    );
    assert.deepEqual(again.suggestedMapping, { Email: 'email', 'First Name': 'firstName', 'Last Name': 'lastName' });
  });

  it('dry-runs an upload as a new import that shares its file, then commits it in the background', async () => {
    const uploadId = await upload();
    const uploaded = await keptFile(t.db, uploadId, { fileStore: t.store });
    const dry = await dryRunUpload(t.db, uploadId, { actor: 'ann@admin.example', errorLimit: 5 }, { fileStore: t.store });
    assert.notEqual(dry.id, uploadId);
    assert.equal(dry.status, 'dry-run');
    assert.equal(dry.created, 2);
    assert.equal(dry.fileName, 'people.csv');
    assert.equal((await keptFile(t.db, dry.id, { fileStore: t.store })).file.key, uploaded.file.key, 'no copy of the file');
    assert.equal(await t.count('people'), 0, 'a dry run writes no record');

    const errors: unknown[] = [];
    const { done } = await startCommit(t.db, dry.id, { fileStore: t.store, onError: (e) => errors.push(e) });
    const started = await getImport(t.db, dry.id);
    assert.ok(['running', 'completed'].includes(started.status), 'the commit has claimed its import');
    assert.equal(started.dryRun, false, 'and says it is no dry run any more');
    await done;
    assert.deepEqual(errors, []);
    const committed = await getImport(t.db, dry.id);
    assert.equal(committed.status, 'completed');
    assert.equal(committed.created, 2);
    assert.equal(await t.count('people'), 2);

    const progress = await progressReader(t.db, dry.id)();
    assert.equal(progress.status, 'completed');
    assert.equal(progress.phase, 'done');
    assert.equal(progress.rowsDone, 2);
    assert.equal(progress.totalRows, 2);
  });

  it('refuses to commit what is not a kept dry run, telling both the caller and onError', async () => {
    const uploadId = await upload();
    const errors: unknown[] = [];
    await assert.rejects(
      startCommit(t.db, uploadId, { fileStore: t.store, onError: (e) => errors.push(e) }),
      isRosterError('import_state', /not a kept dry run/),
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(errors.length, 1);
    assert.equal((await getImport(t.db, uploadId)).status, 'analysed');
  });

  it('says when an import is unknown or no longer keeps its file', async () => {
    await assert.rejects(requireImport(t.db, 999_999), isRosterError('not_found', /Import 999999/));
    await assert.rejects(progressReader(t.db, 999_999)(), isRosterError('not_found', /Import 999999/));
    await assert.rejects(keptFile(t.db, 999_999, { fileStore: t.store }), isRosterError('not_found', /Import 999999/));
    const id = await upload();
    await requireImport(t.db, id);
    await t.store.remove((await keptFile(t.db, id, { fileStore: t.store })).file.key);
    await assert.rejects(
      dryRunUpload(t.db, id, {}, { fileStore: t.store }),
      isRosterError('import_state', new RegExp(`^Import ${id} no longer keeps its file people\\.csv; upload the file again\\.$`)),
    );
    await assert.rejects(analyseImport(t.db, id, {}, { fileStore: t.store }), isRosterError('import_state', /no longer keeps its file/));
  });
});
