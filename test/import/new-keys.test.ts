import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { getImportRow } from '../../src/db/imports/import-records.js';
import { peopleCount } from '../../src/db/imports/deferred-indexes.js';
import { sqlImportStore } from '../../src/db/imports/sql-import-store.js';
import type { StageSpec } from '../../src/db/imports/stage-spec.js';
import { createPerson } from '../../src/db/repositories/people.js';
import { layoutOf, specOf } from '../../src/import/commit/stored-import.js';
import { NewKeys } from '../../src/import/speed/new-keys.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from './support.js';

/**
 * What an import learns of its keys while staging (NewKeys), and how a merge range said to hold
 * only new people behaves when one of them was created meanwhile.
 */
describe(`new keys of an import on ${TEST_DIALECT}`, () => {
  let t: ImportTestContext;
  before(async () => (t = await importContext()));
  after(() => t.close());
  beforeEach(async () => {
    await sql`DELETE FROM people`.execute(t.db.kysely);
  });

  const customers = { entity: 'customers' as const };
  const big = { fileBytes: 10_000_000, stagedAfter: 1 };
  /** NewKeys of an import of `entity`, as a run with the speed machinery on loads it. */
  const load = async (spec: Pick<StageSpec, 'entity'>, options: { fileBytes: number; stagedAfter: number }) =>
    NewKeys.load(sqlImportStore(t.db, spec as StageSpec), { entity: spec.entity, people: await peopleCount(t.db), ...options });

  it('with nobody in the directory, every range of this run is new, and rows of an earlier run are unknown', async () => {
    const keys = await load(customers, { fileBytes: 1_000, stagedAfter: 11 });
    await keys.note([12, 13], ['a@new.example', 'b@new.example']);
    assert.equal(keys.of(11, 13), 'new');
    assert.equal(keys.of(5, 13), 'unknown', 'rows 6–11 were staged before this run');
  });

  it('a batch with a person who exists makes its ranges existing; the others stay new', async () => {
    await createPerson(t.db, 'users', { email: 'agent@helpdesk.example', firstName: 'Agent', lastName: 'One' });
    const keys = await load(customers, big);
    await keys.note([2, 3, 4], ['x@new.example', 'agent@helpdesk.example', 'y@new.example']);
    await keys.note([5, 6], ['z@new.example', 'w@new.example']);
    assert.equal(keys.of(1, 4), 'existing');
    assert.equal(keys.of(3, 6), 'existing', 'a range that overlaps the batch');
    assert.equal(keys.of(4, 6), 'new');
  });

  it('a key in the filter whose person is gone since is asked, and found new', async () => {
    const gone = await createPerson(t.db, 'customers', { email: 'gone@old.example', firstName: 'Gone', lastName: 'Soon' });
    // Twenty others, so that one hit is under the share of a batch that is taken as matching unasked.
    const others = Array.from({ length: 20 }, (_, i) => `n${i}@new.example`);
    const keys = await load(customers, big);
    await sql`DELETE FROM people WHERE id = ${gone.id}`.execute(t.db.kysely);
    await keys.note(
      others.map((_, i) => i + 2),
      others.map((key, i) => (i === 10 ? 'gone@old.example' : key)),
    );
    assert.equal(keys.of(1, 21), 'new');
  });

  it('a batch with many keys in the filter is taken as matching without asking', async () => {
    const people = ['p1', 'p2', 'p3'].map((p) => `${p}@old.example`);
    for (const email of people) await createPerson(t.db, 'customers', { email, firstName: 'P', lastName: 'Q' });
    const keys = await load(customers, big);
    await sql`DELETE FROM people`.execute(t.db.kysely);
    await keys.note([2, 3, 4], people);
    assert.equal(keys.of(1, 4), 'existing', 'three hits of three: not asked, so their deletion is not seen');
  });

  it('is not used for a file small beside the directory, nor for organizations', async () => {
    await createPerson(t.db, 'customers', { email: 'one@old.example', firstName: 'One', lastName: 'Person' });
    const small = await load(customers, { fileBytes: 100, stagedAfter: 1 });
    await small.note([2], ['new@new.example']);
    assert.equal(small.of(1, 2), 'unknown');
    const organizations = await load({ entity: 'organizations' }, big);
    assert.equal(organizations.of(1, 2), 'unknown');
  });

  it('a range merged as new people, one of whom was created meanwhile, falls back to the full plan', async () => {
    const file = t.file(
      'meanwhile.csv',
      'Email,First Name,Last Name,Title\nann@new.example,Ann,Able,Buyer\nbob@new.example,Bob,Baker,Owner\n',
    );
    const dry = await t.run({ entity: 'customers', filePath: file, dryRun: true, keepDryRun: true });
    assert.equal(dry.created, 2);
    await createPerson(t.db, 'customers', { email: 'bob@new.example', firstName: 'Robert', lastName: 'Baker' });

    const row = await getImportRow(t.db, dry.id);
    const spec = specOf(row, await layoutOf(t.db, row), true);
    const counts = await sqlImportStore(t.db, spec).mergeRange(1, row.lastRow!, 'new');
    assert.deepEqual(counts, { created: 1, updated: 1, unchanged: 0, skipped: 0, failed: 0 });
    const people = await t.people('customer');
    assert.deepEqual(
      [...people.values()].map((p) => [p.email, p.first_name, p.title]),
      [
        ['bob@new.example', 'Bob', 'Owner'],
        ['ann@new.example', 'Ann', 'Buyer'],
      ],
    );
    assert.equal(await t.count('import_changes'), 1, "Bob's replaced values are kept for undo");
  });
});
