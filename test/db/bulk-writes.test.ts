import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { checkpointWhenLarge, withBulkWrites } from '../../src/db/imports/bulk-writes.js';
import { createPerson, listPeople } from '../../src/db/repositories/people.js';
import { TEST_DIALECT, withDatabase } from '../support/database.js';

describe(`bulk writes of a long import on ${TEST_DIALECT}`, () => {
  let db: Database;
  let close: () => Promise<void>;
  before(async () => ({ db, close } = await withDatabase()));
  after(() => close());

  const walBytes = () => (db.sqlite ? fs.statSync(`${db.sqlite.file}-wal`).size : 0);

  it('checkpoint a WAL grown past the limit on the way, keeping every write, and leave a small one alone', async () => {
    await withBulkWrites(db, async () => {
      for (let i = 0; i < 50; i++) await createPerson(db, 'customers', { email: `wal${i}@bulk.example`, firstName: 'W', lastName: `${i}` });
      if (db.dialect === 'sqlite') {
        const grown = walBytes();
        assert.ok(grown > 0, 'automatic checkpoints are off during bulk writes');
        assert.equal(await checkpointWhenLarge(db, grown + 1), false);
        assert.equal(walBytes(), grown);
        assert.equal(await checkpointWhenLarge(db, grown), true);
        assert.equal(walBytes(), 0, 'the WAL is truncated');
      } else {
        assert.equal(await checkpointWhenLarge(db, 0), false, 'PostgreSQL has no WAL of ours to checkpoint');
      }
    });
    const page = await listPeople(db, 'customers', { search: 'bulk.example', pageSize: 100 });
    assert.equal(page.total, 50);
  });
});
