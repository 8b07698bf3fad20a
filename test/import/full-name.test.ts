import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { RosterError } from '../../src/core/errors.js';
import { commitDryRun, resumeImport } from '../../src/import/use-cases/resume-import.js';
import { errorReportLines } from '../../src/import/report/error-report.js';
import { listImports } from '../../src/import/use-cases/list-imports.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from './support.js';

const BOOM = 'boom@names.example';

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

async function collect(lines: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const line of lines) out += line;
  return out;
}

const names = (people: Map<string, Record<string, unknown>>, email: string) => {
  const p = people.get(email);
  return p ? [p.first_name, p.last_name] : undefined;
};

describe(`a full-name column through the whole import (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
  });
  after(() => t.close());

  it('is suggested, dry-run, committed and reported: split names, one word imports, an empty name fails', async () => {
    const file = t.file(
      'crm.csv',
      [
        'Email,Name,City',
        'alice@names.example,Alice Anders,Paris',
        'bob@names.example,"Berg, Bob van den",Utrecht',
        'carla@names.example,Carla van der Berg,Delft',
        'mary@names.example,Mary Ann Smith,Leeds',
        'cher@names.example,Cher,',
        'nobody@names.example,,Nowhere',
      ].join('\n') + '\n',
    );
    const dry = await t.run({ entity: 'customers', filePath: file, dryRun: true, keepDryRun: true });
    assert.deepEqual(dry.mapping, { Email: 'email', Name: 'fullName', City: 'city' });
    assert.match(dry.suggestions['Name']!.reason, /split into First Name and Last Name/);
    assert.deepEqual({ created: dry.created, failed: dry.failed }, { created: 5, failed: 1 });
    assert.deepEqual(
      dry.errors.map((e) => [e.row, e.column, e.code, e.message]),
      [[7, 'Name', 'required', 'Row 7, column "Name": Full name is required but the cell is empty.']],
    );
    assert.equal((await t.people('customer')).size, 0);

    const report = await commitDryRun(t.db, dry.id, { fileStore: t.store });
    assert.deepEqual(
      { status: report.status, created: report.created, failed: report.failed },
      { status: 'completed', created: 5, failed: 1 },
    );
    const people = await t.people('customer');
    assert.deepEqual(names(people, 'alice@names.example'), ['Alice', 'Anders']);
    assert.deepEqual(names(people, 'bob@names.example'), ['Bob van den', 'Berg']);
    assert.deepEqual(names(people, 'carla@names.example'), ['Carla', 'van der Berg']);
    assert.deepEqual(names(people, 'mary@names.example'), ['Mary Ann', 'Smith']);
    assert.deepEqual(names(people, 'cher@names.example'), ['Cher', '']);
    assert.equal(people.get('carla@names.example')!.city, 'Delft');

    const csv = await collect(errorReportLines(t.db, report.id));
    assert.equal(
      csv,
      'Row,Email,Name,City,Problem\r\n7,nobody@names.example,,Nowhere,"Row 7, column ""Name"": Full name is required but the cell is empty."\r\n',
    );
  });

  it('keeps an existing last name for a one-word name on update, clears it on overwrite, and says unchanged the second time', async () => {
    const file = t.file('again.csv', 'Email,Full Name\nalice@names.example,Alicia\nmary@names.example,Mary Ann Smith\n');
    const update = await t.run({ entity: 'customers', filePath: file });
    assert.deepEqual({ updated: update.updated, unchanged: update.unchanged }, { updated: 1, unchanged: 1 });
    let people = await t.people('customer');
    assert.deepEqual(names(people, 'alice@names.example'), ['Alicia', 'Anders']);

    const overwrite = await t.run({ entity: 'customers', filePath: file, onExisting: 'overwrite' });
    assert.deepEqual({ updated: overwrite.updated, unchanged: overwrite.unchanged }, { updated: 1, unchanged: 1 });
    people = await t.people('customer');
    assert.deepEqual(names(people, 'alice@names.example'), ['Alicia', '']);
    const again = await t.run({ entity: 'customers', filePath: file, onExisting: 'overwrite' });
    assert.deepEqual({ updated: again.updated, unchanged: again.unchanged }, { updated: 0, unchanged: 2 });
  });

  it('refuses a full-name column beside a last-name column, and a full name for organizations', async () => {
    const file = t.file('both.csv', 'Email,Name,Surname\na@names.example,Ann Lee,Lee\n');
    await assert.rejects(
      t.run({ entity: 'users', filePath: file, mapping: { Name: 'fullName' } }),
      (e: unknown) =>
        e instanceof RosterError &&
        e.code === 'import_mapping' &&
        /Column "Name" is mapped to Full name, which fills First Name and Last Name, so column "Surname" cannot go to Last Name as well/.test(
          e.message,
        ),
    );
    const orgs = t.file('orgs.csv', 'Name\nAcme\n');
    await assert.rejects(
      t.run({ entity: 'organizations', filePath: orgs, mapping: { Name: 'fullName' } }),
      /organizations have no such property/,
    );
  });

  it('resumes a failed import of a full-name file exactly', async () => {
    for (const statement of refuseBoom(t.db.dialect)) await sql.raw(statement).execute(t.db.kysely);
    // One row a batch: merge transactions of five rows; row 9 is refused in the second.
    const lines = Array.from({ length: 14 }, (_, i) => (i === 7 ? `${BOOM},"Boom, Bea"` : `r${i + 2}@resume.example,Ann${i + 2} de Vries`));
    const file = t.file('resume.csv', 'E-mail,Contact Name\n' + lines.join('\n') + '\n');
    await assert.rejects(t.run({ entity: 'users', filePath: file, batchRows: 1 }), /refused by a test trigger/);
    const failed = (await listImports(t.db)).reduce((a, b) => (a.id > b.id ? a : b));
    assert.equal(failed.status, 'failed');
    assert.equal((await t.people('user')).size, 5);

    await sql.raw('DROP TRIGGER refuse_boom' + (t.db.dialect === 'sqlite' ? '' : ' ON people')).execute(t.db.kysely);
    const resumed = await resumeImport(t.db, failed.id, { fileStore: t.store, batchRows: 1 });
    assert.deepEqual(
      { status: resumed.status, created: resumed.created, failed: resumed.failed },
      { status: 'completed', created: 14, failed: 0 },
    );
    const people = await t.people('user');
    assert.equal(people.size, 14);
    assert.deepEqual(names(people, BOOM), ['Bea', 'Boom']);
    assert.deepEqual(names(people, 'r15@resume.example'), ['Ann15', 'de Vries']);
  });
});
