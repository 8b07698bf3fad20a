import assert from 'node:assert/strict';
import os from 'node:os';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { claimImport, getImportRow, patchImport } from '../../src/db/imports/import-records.js';
import { TEST_DIALECT, withDatabase } from '../support/database.js';
import { recordImport } from '../support/import-rows.js';

/** No process has this pid here: it is above Linux's limit of 2^22. */
const DEAD_PID = 4_194_305;
const host = os.hostname();

describe(`taking over an interrupted import (${TEST_DIALECT})`, () => {
  let db: Database;
  let close: () => Promise<void>;
  before(async () => ({ db, close } = await withDatabase()));
  after(() => close());

  const me = () => ({ pid: process.pid, host, heartbeatAt: new Date().toISOString(), status: 'running' });

  it("succeeds when only the dead process's heartbeat moved since it was read (its last statement landed late)", async () => {
    const id = await recordImport(db, { status: 'running', pid: DEAD_PID, host, heartbeatAt: '2026-12-06T10:00:00.000Z' });
    const seen = await getImportRow(db, id);
    await patchImport(db, id, { heartbeatAt: '2026-12-06T10:00:01.000Z' });
    assert.equal(await claimImport(db, id, seen.heartbeatAt, me(), { pid: seen.pid, host: seen.host }), true);
    assert.equal((await getImportRow(db, id)).pid, process.pid);
  });

  it('fails when another process took it over since it was read, whatever its heartbeat', async () => {
    const id = await recordImport(db, { status: 'running', pid: DEAD_PID, host, heartbeatAt: '2026-12-06T10:00:00.000Z' });
    const seen = await getImportRow(db, id);
    await patchImport(db, id, { pid: DEAD_PID - 1, heartbeatAt: '2026-12-06T10:00:02.000Z' });
    assert.equal(await claimImport(db, id, seen.heartbeatAt, me(), { pid: seen.pid, host: seen.host }), false);
    assert.equal((await getImportRow(db, id)).pid, DEAD_PID - 1);
  });

  it("leaves this process's own earlier run to the heartbeat alone: two resumes in one server cannot both win", async () => {
    const id = await recordImport(db, { status: 'failed', pid: process.pid, host, heartbeatAt: '2026-12-06T10:00:00.000Z' });
    const seen = await getImportRow(db, id);
    assert.equal(await claimImport(db, id, seen.heartbeatAt, me(), { pid: seen.pid, host: seen.host }), true, 'the first');
    assert.equal(await claimImport(db, id, seen.heartbeatAt, me(), { pid: seen.pid, host: seen.host }), false, 'the second');
  });
});
