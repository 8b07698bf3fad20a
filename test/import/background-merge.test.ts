import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { deferrableIndexes, presentDeferrableIndexes } from '../../src/db/imports/deferred-indexes.js';
import { getImportRow } from '../../src/db/imports/import-records.js';
import { getImport, listImports } from '../../src/import/use-cases/list-imports.js';
import { resumeImport } from '../../src/import/use-cases/resume-import.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from './support.js';

const BOOM = 'boom@merge.example';

/** A trigger that refuses to insert the person with email BOOM, as a database error would. */
function refuseBoom(dialect: string): string[] {
  if (dialect === 'sqlite') {
    return [
      `CREATE TRIGGER refuse_boom BEFORE INSERT ON people WHEN NEW.email = '${BOOM}' BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END`,
    ];
  }
  return [
    `CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
       IF NEW.email = '${BOOM}' THEN RAISE EXCEPTION 'refused by a test trigger'; END IF; RETURN NEW; END $$`,
    `CREATE TRIGGER refuse_boom BEFORE INSERT ON people FOR EACH ROW EXECUTE FUNCTION refuse_boom()`,
  ];
}

/** The import run last (the tests share one database). */
async function newestImport(db: ImportTestContext['db']) {
  return (await listImports(db)).reduce((a, b) => (a.id > b.id ? a : b));
}

describe(`staging and merging overlap, and fail cleanly (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
  });
  after(() => t.close());

  it('a merge that fails while later rows are staged fails the import with its error; resuming finishes it exactly', async () => {
    for (const statement of refuseBoom(t.db.dialect)) await sql.raw(statement).execute(t.db.kysely);
    // One row a batch: merge transactions of five rows. Row 9 (the second merge, rows 7–11) is
    // refused while rows after it are read and staged.
    const lines = Array.from({ length: 20 }, (_, i) => (i === 7 ? `${BOOM},Boom,Row9` : `m${i + 2}@merge.example,F${i + 2},L${i + 2}`));
    const file = t.file('merge-fails.csv', 'Email,First Name,Last Name\n' + lines.join('\n') + '\n');
    // With the people indexes deferred from the first byte (as for a file of 16 MiB and more).
    const tuning = { deferIndexesFromBytes: 0 };
    await assert.rejects(t.run({ entity: 'customers', filePath: file, batchRows: 1, tuning }), /refused by a test trigger/);

    const failed = await newestImport(t.db);
    assert.equal(failed.status, 'failed');
    assert.match(failed.message ?? '', /refused by a test trigger/);
    // A failed import may never be resumed: the people it wrote have their indexes back.
    assert.deepEqual(
      (await presentDeferrableIndexes(t.db)).sort(),
      deferrableIndexes(t.db.dialect)
        .map((i) => i.name)
        .sort(),
    );
    // Only the first merge committed: its five people, nothing of the refused range.
    assert.equal((await t.people('customer')).size, 5);

    await sql.raw('DROP TRIGGER refuse_boom' + (t.db.dialect === 'sqlite' ? '' : ' ON people')).execute(t.db.kysely);
    const resumed = await resumeImport(t.db, failed.id, { fileStore: t.store, batchRows: 1 });
    assert.deepEqual(
      { status: resumed.status, rows: resumed.rows, created: resumed.created, duplicates: resumed.duplicates, failed: resumed.failed },
      { status: 'completed', rows: 20, created: 20, duplicates: 0, failed: 0 },
    );
    const people = await t.people('customer');
    assert.equal(people.size, 20);
    assert.equal(people.get(BOOM)!.first_name, 'Boom');
    assert.equal((await getImport(t.db, failed.id)).created, 20);
  });

  it('a read error while batches are being written fails the import with whole batches staged and only merged rows as people', async () => {
    // 20,000 good rows (past the first piece read, which the import's analysis decodes), then a
    // byte that is not UTF-8, in a file said to be UTF-8 (detection would have read it as
    // Windows-1252), so that reading fails while earlier batches are staged.
    const good =
      'Email,First Name,Last Name\n' + Array.from({ length: 20000 }, (_, i) => `r${i + 2}@read.example,F${i + 2},L${i + 2}\n`).join('');
    const file = path.join(t.dir, 'late-bad-byte.csv');
    fs.writeFileSync(file, Buffer.concat([Buffer.from(good + 'bad@read.example,Jos'), Buffer.from([0xe9, 0x2c, 0x4c, 0x0a])]));
    await assert.rejects(t.run({ entity: 'customers', filePath: file, batchRows: 100, encoding: 'utf-8' }), /is not valid UTF-8/);

    const failed = await newestImport(t.db);
    assert.equal(failed.status, 'failed');
    const { rowsRead: read, rowsCommitted: committed } = await getImportRow(t.db, failed.id);
    // Whole batches only: both cursors stand at the end of a 100-row batch (row 1 is the header).
    assert.equal((read - 1) % 100, 0);
    assert.equal((committed - 1) % 100, 0);
    assert.ok(committed <= read);
    // Every merged row is a customer, and only those.
    const merged = [...(await t.people('customer')).keys()].filter((email) => email.endsWith('@read.example'));
    assert.equal(merged.length, committed - 1);
    assert.equal(failed.created, merged.length);
  });
});
