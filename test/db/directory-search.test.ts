import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { RosterError } from '../../src/core/errors.js';
import { createOrganization, deleteOrganization, updateOrganization } from '../../src/db/repositories/organizations.js';
import { createPerson, deletePerson, listPeople, updatePerson, type PeopleListOptions } from '../../src/db/repositories/people.js';
import { updateSettings } from '../../src/db/repositories/settings.js';
import { undoImport } from '../../src/import/use-cases/undo-import.js';
import { importContext, type ImportTestContext } from '../import/support.js';
import { TEST_DIALECT } from '../support/database.js';

describe(`directory search and keyset paging (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
    const acme = await createOrganization(t.db, { name: 'Acme Rockets' });
    await createOrganization(t.db, { name: 'Globex' });
    const people = [
      { email: 'anders.berg@north.example', firstName: 'Anders', lastName: 'Berg', phone: '+49 30 1234 5678' },
      { email: 'alice.sandberg@north.example', firstName: 'Alice', lastName: 'Sandberg', organization: 'Acme Rockets' },
      { email: 'bob@anderson-consulting.example', firstName: 'Bob', lastName: 'Stone', organization: 'Globex' },
      { email: 'and@short.example', firstName: 'Carla', lastName: 'Nova' },
      { email: 'zoe@umlaut.example', firstName: 'Zoë', lastName: "O'Brien", mobile: '+44 20 7946 0018' },
      { email: 'dana@south.example', firstName: 'Dana', lastName: 'Andersson', organization: 'Acme Rockets' },
    ];
    for (const p of people) await createPerson(t.db, 'customers', p);
    assert.ok(acme.id > 0);
  });
  after(() => t.close());

  const emails = async (search: string, options: PeopleListOptions = {}) =>
    (await listPeople(t.db, 'customers', { search, ...options })).items.map((p) => p.email);

  it('finds a word prefix of a name, ranking the names before other fields', async () => {
    // "and" starts Anders and Andersson (names), the email of Carla Nova (and@…) and of Bob (anderson-consulting).
    const found = await emails('and');
    assert.deepEqual(found.slice(0, 2), ['anders.berg@north.example', 'dana@south.example'], 'names first, oldest first');
    assert.deepEqual(found.slice(2).sort(), ['and@short.example', 'bob@anderson-consulting.example']);
    assert.deepEqual(await emails('ANDERS'), ['anders.berg@north.example', 'dana@south.example', 'bob@anderson-consulting.example']);
    assert.deepEqual(await emails('alice sand'), ['alice.sandberg@north.example'], 'every term must match');
    assert.deepEqual(await emails('berg'), ['anders.berg@north.example'], 'a word prefix, not any substring (Sandberg)');
    assert.deepEqual(await emails("o'bri"), ['zoe@umlaut.example']);
  });

  it('ranks an exact email first, and finds an email by its prefix', async () => {
    const found = await emails('and@short.example');
    assert.equal(found[0], 'and@short.example');
    assert.deepEqual(await emails('alice.sand'), ['alice.sandberg@north.example']);
    assert.deepEqual(await emails('Alice.Sandberg@Nor'), ['alice.sandberg@north.example'], 'the start of an email, with its @');
    assert.deepEqual(await emails('alice.sandberg@north.example.org'), [], 'longer than any email');
    assert.deepEqual(await emails('anderson-cons'), ['bob@anderson-consulting.example']);
    assert.deepEqual((await emails('north.example')).sort(), ['alice.sandberg@north.example', 'anders.berg@north.example']);
  });

  it("finds people by their organization's name, and follows a renamed or deleted organization", async () => {
    assert.deepEqual((await emails('acme')).sort(), ['alice.sandberg@north.example', 'dana@south.example']);
    assert.deepEqual(await emails('glob'), ['bob@anderson-consulting.example']);
    assert.deepEqual(await emails('acme alice'), ['alice.sandberg@north.example'], 'each term in any field: the organization, the name');
    const globex = (await listPeople(t.db, 'customers', { search: 'glob' })).items[0]!.organizationId as number;
    await updateOrganization(t.db, globex, { name: 'Initech' });
    assert.deepEqual(await emails('glob'), []);
    assert.deepEqual(await emails('initech'), ['bob@anderson-consulting.example']);
    await deleteOrganization(t.db, globex);
    assert.deepEqual(await emails('initech'), []);
  });

  it('finds a phone number however it is written', async () => {
    for (const written of ['+49 30 1234 5678', '+49-30-12345678', '0049 (30) 1234 5678', '+4930123', '4930 1234']) {
      const found = await emails(written);
      assert.ok(found.includes('anders.berg@north.example'), `"${written}" finds the number: ${JSON.stringify(found)}`);
    }
    assert.deepEqual(await emails('+44 20 7946 0018'), ['zoe@umlaut.example'], 'a mobile number too');
    await updateSettings(t.db, { defaultCountry: 'DE' });
    try {
      assert.deepEqual(await emails('030 12345678'), ['anders.berg@north.example'], 'a national number, read in the default country');
    } finally {
      await updateSettings(t.db, { defaultCountry: null });
    }
  });

  it('takes quotes, wildcards and full-text syntax as plain text, never as an error', async () => {
    const hostile = [
      '"',
      '""',
      "'",
      '*',
      'and*',
      '-and',
      'NOT and',
      'and OR bob',
      'NEAR(and bob)',
      '(',
      ')',
      ':',
      'name:and',
      '{name}: x',
      '^and',
      '%',
      '_',
      '\\',
      "'; DROP TABLE people; --",
      'a"b',
      '+',
      '.',
      '@',
      '&|!<->',
    ];
    for (const text of hostile) {
      const page = await listPeople(t.db, 'customers', { search: text });
      assert.ok(Array.isArray(page.items), text);
    }
    assert.deepEqual(await emails('NOT and'), [], '"not" is a word to find, not an operator');
    assert.deepEqual(await emails('and OR bob'), [], 'every term must match: no one is called "or"');
    assert.deepEqual(await emails('and*'), ['anders.berg@north.example', 'dana@south.example', ...(await emails('and')).slice(2)]);
    assert.deepEqual(await emails('{name}: anders'), [], 'no column filter: "name" is a word to find, and nobody has it');
  });

  it('finds a person created, updated and deleted at once', async () => {
    const created = await createPerson(t.db, 'customers', { email: 'quentin@fresh.example', firstName: 'Quentin', lastName: 'Fresh' });
    assert.deepEqual(await emails('quent'), ['quentin@fresh.example']);
    await updatePerson(t.db, 'customers', created.id, { firstName: 'Quincy', email: 'quincy@fresh.example' });
    assert.deepEqual(await emails('quent'), []);
    assert.deepEqual(await emails('quincy'), ['quincy@fresh.example']);
    assert.deepEqual(await emails('quincy@fresh.example'), ['quincy@fresh.example']);
    await updatePerson(t.db, 'customers', created.id, { city: 'Lyon' });
    assert.deepEqual(await emails('quincy'), ['quincy@fresh.example'], 'a change to another field keeps the person found');
    await deletePerson(t.db, 'customers', created.id);
    assert.deepEqual(await emails('quincy'), []);
  });

  it('finds people an import creates or updates, and loses them again when it is undone', async () => {
    await createPerson(t.db, 'customers', { email: 'ingrid@before.example', firstName: 'Ingrid', lastName: 'Before' });
    const file = t.file(
      'search.csv',
      'Email,First Name,Last Name,Organization,Phone\n' +
        'ximena@imported.example,Ximena,Yamamoto,Wonka Industries,+1 415 555 0132\n' +
        'ingrid@before.example,Ingrid,Renamed,,\n',
    );
    const report = await t.run({ entity: 'customers', filePath: file });
    assert.deepEqual({ created: report.created, updated: report.updated }, { created: 1, updated: 1 });
    assert.deepEqual(await emails('yamam'), ['ximena@imported.example']);
    assert.deepEqual(await emails('wonka'), ['ximena@imported.example']);
    assert.deepEqual(await emails('+1 (415) 555-0132'), ['ximena@imported.example']);
    assert.deepEqual(await emails('renamed'), ['ingrid@before.example']);
    assert.deepEqual(
      (await listPeople(t.db, 'customers', { importId: report.id })).items.map((p) => p.email).sort(),
      ['ingrid@before.example', 'ximena@imported.example'],
      'the importId filter: created or last written by the import',
    );
    await undoImport(t.db, report.id);
    assert.deepEqual(await emails('yamam'), []);
    assert.deepEqual(await emails('renamed'), []);
    assert.deepEqual(await emails('ingrid before'), ['ingrid@before.example']);
    assert.deepEqual((await listPeople(t.db, 'customers', { importId: report.id })).items, []);
  });

  it('filters by organization, status and creation time', async () => {
    const acme = (await listPeople(t.db, 'customers', { search: 'acme' })).items[0]!.organizationId as number;
    const inAcme = await listPeople(t.db, 'customers', { organizationId: acme, sort: 'email' });
    assert.deepEqual(
      inAcme.items.map((p) => p.email),
      ['alice.sandberg@north.example', 'dana@south.example'],
    );
    const dana = inAcme.items[1]!;
    await updatePerson(t.db, 'customers', dana.id, { status: 'deactivated' });
    assert.deepEqual(
      (await listPeople(t.db, 'customers', { status: 'deactivated' })).items.map((p) => p.email),
      ['dana@south.example'],
    );
    assert.deepEqual(
      (await listPeople(t.db, 'customers', { organizationId: acme, status: 'active' })).items.map((p) => p.email),
      ['alice.sandberg@north.example'],
    );
    await updatePerson(t.db, 'customers', dana.id, { status: 'active' });
    const since = new Date(Date.now() + 1000).toISOString();
    assert.equal((await listPeople(t.db, 'customers', { createdSince: since })).items.length, 0);
    const all = await listPeople(t.db, 'customers', { createdSince: '2000-01-01' });
    assert.equal(all.items.length, all.total);
    assert.ok(all.total >= 6);
  });
});

describe(`keyset paging and totals (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
    // Several people share each name, city and title so that the id must break ties; some have none.
    for (let i = 0; i < 30; i++) {
      await createPerson(t.db, 'customers', {
        email: `p${String(i).padStart(2, '0')}@keyset.example`,
        firstName: ['Ann', 'Ben', 'Cy'][i % 3]!,
        lastName: ['Lee', 'Kim', 'Ng', 'Roe'][i % 4]!,
        ...(i % 5 === 0 ? {} : { city: ['Oslo', 'Lima', 'Rome'][i % 3]!, title: ['CEO', 'CTO'][i % 2]! }),
      });
    }
  });
  after(() => t.close());

  let added = 0;
  /** Pages through the whole list by cursor, inserting a new person before each next page. */
  async function walk(options: PeopleListOptions, insertBetween: boolean): Promise<{ seen: number[]; inserted: number[] }> {
    const seen: number[] = [];
    const inserted: number[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 500; n++) {
      const page = await listPeople(t.db, 'customers', { ...options, pageSize: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((p) => p.id));
      if (!page.nextCursor) return { seen, inserted };
      assert.equal(page.items.length, 7, 'a page before the last is full');
      cursor = page.nextCursor;
      if (insertBetween) {
        const k = inserted.length;
        const person = await createPerson(t.db, 'customers', {
          email: `new${added++}@keyset.example`,
          firstName: ['Ann', 'Zed', 'Al'][k % 3]!,
          lastName: ['Kim', 'Aaa', 'Zzz'][k % 3]!,
          city: k % 2 ? 'Oslo' : null,
        });
        inserted.push(person.id);
      }
    }
    assert.fail('the walk did not end');
  }

  const sorts: PeopleListOptions[] = [
    {},
    { sort: 'lastName', order: 'desc' },
    { sort: 'firstName' },
    { sort: 'email', order: 'desc' },
    { sort: 'city' },
    { sort: 'title', order: 'desc' },
    { sort: 'status' },
    { sort: 'createdAt', order: 'desc' },
    { sort: 'updatedAt' },
    { search: 'keyset' },
    { search: 'keyset', sort: 'lastName' },
  ];
  for (const options of sorts) {
    it(`returns every row exactly once across pages while people are added: ${JSON.stringify(options)}`, async () => {
      const before = (await listPeople(t.db, 'customers', { ...options, pageSize: 500 })).items.map((p) => p.id);
      const { seen, inserted } = await walk(options, true);
      assert.equal(new Set(seen).size, seen.length, 'no row twice');
      for (const id of before) assert.ok(seen.includes(id), `row ${id}, there from the start, is seen`);
      for (const id of seen) assert.ok(before.includes(id) || inserted.includes(id), `row ${id} exists`);
      // The same walk without inserts gives the order of one big page.
      const all = (await listPeople(t.db, 'customers', { ...options, pageSize: 500 })).items.map((p) => p.id);
      assert.deepEqual((await walk(options, false)).seen, all);
    });
  }

  it('keeps page numbers for small offsets, with a cursor onward from any page', async () => {
    const all = (await listPeople(t.db, 'customers', { sort: 'email', pageSize: 500 })).items.map((p) => p.id);
    const second = await listPeople(t.db, 'customers', { sort: 'email', pageSize: 5, page: 2 });
    assert.deepEqual(
      second.items.map((p) => p.id),
      all.slice(5, 10),
    );
    const third = await listPeople(t.db, 'customers', { sort: 'email', pageSize: 5, cursor: second.nextCursor! });
    assert.deepEqual(
      third.items.map((p) => p.id),
      all.slice(10, 15),
    );
    const last = await listPeople(t.db, 'customers', { sort: 'email', pageSize: 500 });
    assert.equal(last.nextCursor, undefined, 'no cursor on the last page');
  });

  it('refuses a cursor of another list, or one it never gave', async () => {
    const page = await listPeople(t.db, 'customers', { sort: 'email', pageSize: 2 });
    await assert.rejects(
      listPeople(t.db, 'customers', { sort: 'city', cursor: page.nextCursor! }),
      (e: unknown) => e instanceof RosterError && e.code === 'validation' && e.location.field === 'cursor',
    );
    await assert.rejects(
      listPeople(t.db, 'customers', { sort: 'email', search: 'x', cursor: page.nextCursor! }),
      (e: unknown) => e instanceof RosterError && e.code === 'validation',
    );
    for (const bad of ['nonsense', '', '%%%', Buffer.from('{"l":1}').toString('base64url')]) {
      await assert.rejects(listPeople(t.db, 'customers', { cursor: bad || 'x' }), (e: unknown) => e instanceof RosterError);
    }
  });

  it('gives an exact total up to the limit and an estimate beyond it', async () => {
    const count = async () => {
      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM people WHERE kind = 'customer'`.execute(t.db.kysely);
      return Number(rows[0]!.n);
    };
    const n = await count();
    const exact = await listPeople(t.db, 'customers', { exactTotalUpTo: n });
    assert.equal(exact.total, n);
    assert.equal(exact.totalIsEstimate, undefined);
    // PostgreSQL's estimate is its planner's, from the statistics autovacuum gathers in time; now, at once.
    if (TEST_DIALECT === 'postgres') await sql`ANALYZE people`.execute(t.db.kysely);
    const estimated = await listPeople(t.db, 'customers', { exactTotalUpTo: 10, status: 'active' });
    assert.equal(estimated.totalIsEstimate, true);
    // People are spread evenly over the ids here (SQLite samples them), and the statistics are fresh (PostgreSQL).
    assert.ok(Math.abs(estimated.total - n) <= n * 0.25, `${estimated.total} is about ${n}`);
    const searched = await listPeople(t.db, 'customers', { search: 'keyset', exactTotalUpTo: 10 });
    assert.equal(searched.totalIsEstimate, true);
    assert.ok(searched.total > 10);
    const few = await listPeople(t.db, 'customers', { search: 'p01@keyset.example', exactTotalUpTo: 10 });
    assert.equal(few.total, 1);
    assert.equal(few.totalIsEstimate, undefined);
  });
});
