import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { configFromEnv } from '../../src/config.js';
import { createContext } from '../../src/cli/context.js';
import { buildProgram } from '../../src/cli/main.js';
import { getImportRow, patchImport } from '../../src/db/imports/import-records.js';
import { startServer } from '../../src/http/server.js';
import { localFileStore, type FileStore } from '../../src/import/file-store.js';
import { getImport } from '../../src/import/use-cases/list-imports.js';
import { importTablesExist, TEST_DIALECT, withDatabase } from '../support/database.js';
import { recordImport } from '../support/import-rows.js';
import { callServer, setUpAdmin, signInAgent, startTestServer, type TestServer, uploadFile } from './helpers.js';

const CSV = 'Email,First Name,Last Name\nann@drop.example,Ann,Archer\nbob@drop.example,Bob,Baker\n';

describe(`DELETE /api/imports/:id discards an upload or a dry run (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;
  let agent: string;
  let store: FileStore;
  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
    agent = (await signInAgent(server, admin)).cookie;
    store = localFileStore(server.test.config.dataDir);
  });
  after(() => server.close());

  it('discards the dry run, then the upload: staged rows and file gone, records kept, commit refused', async () => {
    const uploaded = await uploadFile(server.baseUrl, admin, CSV);
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
    const uploadId = uploaded.body.id as number;
    const key = (await getImportRow(server.db, uploadId)).fileKey!;
    const dryRun = await server.call('POST', `/api/imports/${uploadId}/dry-run`, { cookie: admin, body: {} });
    assert.equal(dryRun.status, 200, JSON.stringify(dryRun.body));
    const dryRunId = dryRun.body.id as number;
    assert.ok(await importTablesExist(server.db, dryRunId));

    assert.equal((await server.call('DELETE', `/api/imports/${dryRunId}`, { cookie: agent })).status, 403);
    const discarded = await server.call('DELETE', `/api/imports/${dryRunId}`, { cookie: admin });
    assert.equal(discarded.status, 200, JSON.stringify(discarded.body));
    assert.equal(discarded.body.id, dryRunId);
    assert.equal(discarded.body.status, 'discarded');
    assert.equal(discarded.body.dryRun, true);
    assert.equal(await importTablesExist(server.db, dryRunId), false);
    assert.ok(await store.exists(key), 'the upload still holds the file');

    const commit = await server.call('POST', `/api/imports/${dryRunId}/commit`, { cookie: admin });
    assert.equal(commit.status, 409);
    assert.equal(commit.body.error.code, 'import_state');

    const gone = await server.call('DELETE', `/api/imports/${uploadId}`, { cookie: admin });
    assert.equal(gone.status, 200);
    assert.equal(gone.body.status, 'discarded');
    assert.equal(await store.exists(key), false);
    const again = await server.call('POST', `/api/imports/${uploadId}/dry-run`, { cookie: admin, body: {} });
    assert.equal(again.status, 409);
    assert.match(again.body.error.message, /no longer keeps its file people\.csv/);

    const twice = await server.call('DELETE', `/api/imports/${uploadId}`, { cookie: admin });
    assert.equal(twice.status, 409);
    assert.match(twice.body.error.message, new RegExp(`^Import ${uploadId} was already discarded on `));
    const list = await server.call('GET', '/api/imports', { cookie: admin });
    assert.deepEqual(
      list.body.items.filter((r: { id: number }) => r.id === uploadId || r.id === dryRunId).map((r: { status: string }) => r.status),
      ['discarded', 'discarded'],
    );
    const people = await server.call('GET', '/api/customers', { cookie: admin });
    assert.equal(people.body.total, 0);
  });

  it('refuses a completed import (409, a sentence) and an unknown id (404)', async () => {
    const uploaded = await uploadFile(server.baseUrl, admin, 'Email,First Name,Last Name\ncy@drop.example,Cy,Cole\n');
    const dryRun = await server.call('POST', `/api/imports/${uploaded.body.id}/dry-run`, { cookie: admin, body: {} });
    const id = dryRun.body.id as number;
    assert.equal((await server.call('POST', `/api/imports/${id}/commit`, { cookie: admin })).status, 202);
    for (let i = 0; (await getImport(server.db, id)).status !== 'completed'; i++) {
      assert.ok(i < 200, 'the commit should finish');
      await new Promise((r) => setTimeout(r, 25));
    }
    const refused = await server.call('DELETE', `/api/imports/${id}`, { cookie: admin });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'import_state');
    assert.match(refused.body.error.message, /is completed: .* undo it instead/);
    assert.equal((await server.call('DELETE', '/api/imports/99999', { cookie: admin })).status, 404);
  });

  it('roster imports discard ID --json prints the report; a refusal is a sentence', async () => {
    const uploaded = await uploadFile(server.baseUrl, admin, CSV);
    const id = uploaded.body.id as number;
    let out = '';
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, done) {
        out += chunk.toString('utf8');
        done();
      },
    });
    const program = () => buildProgram(createContext({ ...process.env, ...server.test.env }, stdout));
    await program().parseAsync(['node', 'roster', 'imports', 'discard', String(id), '--json']);
    const report = JSON.parse(out);
    assert.equal(report.id, id);
    assert.equal(report.status, 'discarded');
    await assert.rejects(program().parseAsync(['node', 'roster', 'imports', 'discard', String(id)]), /already discarded/);
    out = '';
    const uploadedAgain = await uploadFile(server.baseUrl, admin, CSV);
    await program().parseAsync(['node', 'roster', 'imports', 'discard', String(uploadedAgain.body.id)]);
    assert.match(out, new RegExp(`^Import ${uploadedAgain.body.id} of customers from people\\.csv: discarded\\n`));
  });
});

describe(`the server discards expired uploads when it starts (${TEST_DIALECT})`, () => {
  it('discards an upload older than ROSTER_IMPORT_RETENTION_HOURS, keeps a recent one, and starts even when that fails', async () => {
    const { db, test, close } = await withDatabase();
    const store = localFileStore(test.config.dataDir);
    const file = path.join(test.config.dataDir, 'people.csv');
    fs.writeFileSync(file, CSV);
    const record = (startedAt: string, fileKey: string | null, status = 'analysed') =>
      recordImport(db, { status, fileSize: CSV.length, fileKey, startedAt });
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    const oldFile = await store.save(file, 'people.csv');
    const recentFile = await store.save(file, 'people.csv');
    const old = await record(hoursAgo(30), oldFile.key);
    const recent = await record(hoursAgo(10), recentFile.key);
    // ROSTER_IMPORT_RETENTION_HOURS=24, as configFromEnv reads it.
    const config = { ...test.config, importRetentionHours: configFromEnv({ ROSTER_IMPORT_RETENTION_HOURS: '24' }).importRetentionHours };
    try {
      const running = await startServer({ port: 0, host: '127.0.0.1', config, logLevel: 'silent' });
      await running.close();
      assert.equal((await getImport(db, old)).status, 'discarded');
      assert.equal(await store.exists(oldFile.key), false);
      assert.equal((await getImport(db, recent)).status, 'analysed');
      assert.ok(await store.exists(recentFile.key));

      // A file the store cannot remove (a folder where the file should be) makes the expiry fail:
      // the server starts all the same.
      const stuckKey = '00000000-0000-4000-8000-000000000000.upload';
      fs.mkdirSync(path.join(test.config.dataDir, 'uploads', stuckKey, 'inside'), { recursive: true });
      const stuck = await record(hoursAgo(30), stuckKey);
      await patchImport(db, recent, { startedAt: hoursAgo(30) });
      const started = await startServer({ port: 0, host: '127.0.0.1', config, logLevel: 'silent' });
      try {
        const health = await callServer(started.url, 'GET', '/api/health');
        assert.equal(health.status, 200);
      } finally {
        await started.close();
      }
      assert.equal((await getImport(db, stuck)).status, 'discarded', 'marked before its file could not be removed');
      assert.equal((await getImportRow(db, stuck)).fileKey, stuckKey, 'the removal failed, so the key is kept for a later try');
      assert.equal((await getImport(db, recent)).status, 'discarded');
    } finally {
      await close();
    }
  });
});
