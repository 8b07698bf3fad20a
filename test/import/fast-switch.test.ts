import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { createPerson } from '../../src/db/repositories/people.js';
import type { ImportTuning } from '../../src/import/speed/tuning.js';
import type { ImportPhase, ImportReport } from '../../src/import/types.js';
import { importRemaining } from '../../src/import/use-cases/import-remaining.js';
import { listImports } from '../../src/import/use-cases/list-imports.js';
import { resumeImport } from '../../src/import/use-cases/resume-import.js';
import { undoImport } from '../../src/import/use-cases/undo-import.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from './support.js';

/**
 * The speed machinery (tuning.fast) only makes an import faster: the same files imported with it
 * on and off, each into a database of its own, give the same reports, errors and records, and
 * undo the same. On, it is forced into every piece for these small files: a reading thread, the
 * Bloom filter of keys, deferred indexes, create-only merges of new people.
 */
const FAST: { tuning: Partial<ImportTuning>; readInWorker: boolean } = {
  tuning: { fast: true, deferIndexesFromBytes: 0 },
  readInWorker: true,
};
const PLAIN: { tuning: Partial<ImportTuning>; readInWorker?: boolean } = { tuning: { fast: false } };

const ORGANIZATIONS =
  'Name,Email Domains\n' +
  'Initech,initech.example\n' +
  'Umbrella,"umbrella.example, umbrella.test"\n' +
  'Hooli,initech.example\n' +
  'INITECH,initech.example\n' +
  'Globex,globex.example\n';

// Updates of existing people, in-file duplicates, failed rows (bad email, a user's email, a
// bad phone), organizations joined by name; several merge ranges (batchRows 2: ranges of ten rows).
const CUSTOMERS =
  'Email,First Name,Last Name,City,Phone,Organization\n' +
  'old1@fast.example,Old,One Again,Paris,,Initech\n' +
  'n1@fast.example,New,One,Oslo,+33 1 23 45 67 89,Umbrella\n' +
  'not-an-email,Bad,Row,Rome,,\n' +
  'agent@fast.example,Agent,AsCustomer,Nice,,\n' +
  'N1@Fast.example,New,Again,Bonn,,\n' +
  'n2@fast.example,New,Two,Lyon,,Globex\n' +
  'n3@fast.example,New,Three,,not a phone,\n' +
  Array.from({ length: 14 }, (_, i) => `m${i}@fast.example,M${i},Many,City ${i},,${i % 2 ? 'Initech' : ''}`).join('\n') +
  '\n' +
  'old2@fast.example,Old,Two,Metz,,\n' +
  'm3@fast.example,M3,Repeated,,,\n';

const USERS =
  'Email,First Name,Last Name\nagent2@fast.example,Agent,Two\nn2@fast.example,Taken,ByACustomer\nagent2@FAST.example,Agent,Again\n';

const BOOM = 'boom@fast.example';

/** Refuses to insert BOOM, so that an import fails mid-way and can be resumed. */
function refuseBoom(dialect: string): string[] {
  if (dialect === 'sqlite') {
    return [`CREATE TRIGGER refuse_boom BEFORE INSERT ON people WHEN NEW.email = '${BOOM}' BEGIN SELECT RAISE(ABORT, 'refused'); END`];
  }
  return [
    `CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
       IF NEW.email = '${BOOM}' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`,
    `CREATE TRIGGER refuse_boom BEFORE INSERT ON people FOR EACH ROW EXECUTE FUNCTION refuse_boom()`,
  ];
}

function outcome(report: ImportReport) {
  const { status, rows, created, updated, unchanged, skipped, duplicates, failed, message, errorCount } = report;
  return {
    status,
    counts: { rows, created, updated, unchanged, skipped, duplicates, failed, errorCount },
    message,
    errors: report.errors.map((e) => [e.row, e.column, e.code, e.message]),
  };
}

/** The directory's people and organizations, without ids and timestamps (organizations by name). */
async function records(t: ImportTestContext) {
  const raw = t.db.kysely.withoutPlugins() as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const organizations = (await sql<Record<string, unknown>>`SELECT * FROM organizations ORDER BY name`.execute(raw)).rows;
  const orgName = new Map(organizations.map((o) => [String(o.id), o.name]));
  const people = (await sql<Record<string, unknown>>`SELECT * FROM people ORDER BY email`.execute(raw)).rows;
  const plain = (row: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(row)
        .filter(([column]) => column !== 'id' && !column.endsWith('_at'))
        .map(([column, value]) =>
          column === 'organization_id' ? [column, value === null ? null : orgName.get(`${value as string | number}`)] : [column, value],
        )
        .map(([column, value]) => [column, typeof value === 'bigint' ? Number(value) : value]),
    );
  return { people: people.map(plain), organizations: organizations.map(plain) };
}

/** Imports the files in turn; returns what each step reported, the records after each, and the phases seen. */
async function scenario(t: ImportTestContext, mode: typeof FAST | typeof PLAIN) {
  const phases = new Set<ImportPhase>();
  // A reading thread takes a second to start: only the main import reads on one.
  const run = { tuning: mode.tuning, onProgress: (p: { phase: ImportPhase }) => phases.add(p.phase), batchRows: 2 };
  await createPerson(t.db, 'users', { email: 'agent@fast.example', firstName: 'Agent', lastName: 'One' });
  await createPerson(t.db, 'customers', { email: 'old1@fast.example', firstName: 'Old', lastName: 'One' });
  await createPerson(t.db, 'customers', { email: 'old2@fast.example', firstName: 'Old', lastName: 'Two', city: 'Metz' });
  const steps: Record<string, unknown> = {};

  steps.organizations = outcome(await t.run({ ...run, entity: 'organizations', filePath: t.file('orgs.csv', ORGANIZATIONS) }));
  const customersFile = t.file('customers.csv', CUSTOMERS);
  steps.dryRun = outcome(await t.run({ ...run, entity: 'customers', filePath: customersFile, dryRun: true }));
  steps.allOrNothing = outcome(await t.run({ ...run, entity: 'customers', filePath: customersFile, allOrNothing: true }));
  const customers = await t.run({ ...run, entity: 'customers', filePath: customersFile, readInWorker: mode.readInWorker });
  steps.customers = outcome(customers);
  steps.afterCustomers = await records(t);
  steps.users = outcome(await t.run({ ...run, entity: 'users', filePath: t.file('users.csv', USERS) }));

  const sample = await t.run({
    ...run,
    entity: 'customers',
    filePath: t.file('sample.csv', CUSTOMERS.replaceAll('fast.', 'sample.')),
    sample: 4,
  });
  steps.sample = outcome(sample);
  steps.remaining = outcome(await importRemaining(t.db, sample.id, { fileStore: t.store, tuning: mode.tuning, dryRun: false }));

  // A merge refused mid-way fails the import; resumed once the refusal is gone, it ends as if nothing happened.
  for (const statement of refuseBoom(t.db.dialect)) await sql.raw(statement).execute(t.db.kysely);
  const lines = Array.from({ length: 16 }, (_, i) => (i === 12 ? `${BOOM},Boom,Row` : `r${i}@resume.example,R${i},Resumed`));
  const resumable = t.file('resume.csv', 'Email,First Name,Last Name\n' + lines.join('\n') + '\nr3@resume.example,R3,Again\n');
  await assert.rejects(t.run({ ...run, entity: 'customers', filePath: resumable, batchRows: 1 }), /refused/);
  await sql.raw('DROP TRIGGER refuse_boom' + (t.db.dialect === 'sqlite' ? '' : ' ON people')).execute(t.db.kysely);
  const failed = (await listImports(t.db)).reduce((a, b) => (a.id > b.id ? a : b));
  steps.failed = { status: failed.status, message: failed.message };
  steps.resumed = outcome(await resumeImport(t.db, failed.id, { ...run, fileStore: t.store, batchRows: 1 }));
  steps.beforeUndo = await records(t);

  steps.undo = (await undoImport(t.db, customers.id)).undo;
  steps.afterUndo = await records(t);
  return { steps, phases };
}

describe(`the speed machinery's switch (${TEST_DIALECT})`, () => {
  let fast: ImportTestContext;
  let plain: ImportTestContext;
  before(async () => {
    fast = await importContext();
    plain = await importContext();
  });
  after(async () => {
    await fast.close();
    await plain.close();
  });

  it('imports, a dry run, all-or-nothing, a sample and its rest, a resume and an undo give the same with it on and off', async () => {
    const on = await scenario(fast, FAST);
    const off = await scenario(plain, PLAIN);
    for (const step of Object.keys(off.steps)) assert.deepEqual(on.steps[step], off.steps[step], step);
    // …and on what the main import should do.
    const customers = off.steps.customers as ReturnType<typeof outcome>;
    assert.deepEqual(
      [
        customers.counts.created,
        customers.counts.updated,
        customers.counts.unchanged,
        customers.counts.duplicates,
        customers.counts.failed,
      ],
      [16, 1, 1, 2, 3],
    );
    assert.equal((off.steps.resumed as ReturnType<typeof outcome>).status, 'completed');
    assert.ok(on.phases.has('indexing'), 'on: the people indexes were deferred and rebuilt');
    assert.ok(!off.phases.has('indexing'), 'off: no index is ever dropped');
  });
});
