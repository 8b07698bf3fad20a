import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { Database } from '../../src/db/database.js';
import { createOrganization } from '../../src/db/repositories/organizations.js';
import { createPerson, listPeople, type PeopleListOptions } from '../../src/db/repositories/people.js';
import { TEST_DIALECT, withDatabase } from '../support/database.js';

/** Counts the queries that go through it: each is a round trip to PostgreSQL. */
class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

// A page of the directory is the properties and one query: its people with the list's total.
// Each query more is a round trip, and at 10M people under load the round trips, not the SQL,
// were what a page cost.
describe(`what a people page asks of the database (${TEST_DIALECT})`, () => {
  let db: Database;
  let close: () => Promise<void>;
  let organizationId: number;
  before(async () => {
    ({ db, close } = await withDatabase());
    organizationId = (await createOrganization(db, { name: 'Acme' })).id;
    for (let i = 1; i <= 12; i++) {
      await createPerson(db, 'customers', {
        email: `p${String(i).padStart(2, '0')}@queries.example`,
        firstName: `Person${i}`,
        lastName: `Queries${String(i).padStart(2, '0')}`,
        phone: `+44 20 7946 00${String(i).padStart(2, '0')}`,
        ...(i % 2 === 0 ? { organization: 'Acme' } : {}),
      });
    }
  });
  after(() => close());

  const counted = async (options: PeopleListOptions) => {
    const counter = new QueryCounter();
    const page = await listPeople({ ...db, kysely: db.kysely.withPlugin(counter) }, 'customers', options);
    return { page, queries: counter.count };
  };

  it('reads a list page, its next page by cursor and an organization’s page in one query besides the properties', async () => {
    const first = await counted({ pageSize: 5 });
    assert.deepEqual(
      first.page.items.map((p) => p.lastName),
      ['Queries01', 'Queries02', 'Queries03', 'Queries04', 'Queries05'],
    );
    assert.equal(first.page.total, 12);
    assert.equal(first.queries, 2);
    const next = await counted({ pageSize: 5, cursor: first.page.nextCursor! });
    assert.equal(next.page.items[0]!.lastName, 'Queries06');
    assert.equal(next.page.total, 12);
    // SQLite seeks the cursor's three ranges one by one (listPeople): the same last and first name, the same last name, the names after.
    assert.equal(next.queries, TEST_DIALECT === 'postgres' ? 2 : 4);
    const organization = await counted({ organizationId, sort: 'lastName', order: 'desc' });
    assert.deepEqual(
      organization.page.items.map((p) => p.lastName),
      ['Queries12', 'Queries10', 'Queries08', 'Queries06', 'Queries04', 'Queries02'],
    );
    assert.equal(organization.page.total, 6);
    assert.equal(organization.queries, 2);
  });

  it('still gives the total on a page past the end, which has no rows to carry it', async () => {
    const beyond = await counted({ pageSize: 5, page: 9 });
    assert.deepEqual(beyond.page.items, []);
    assert.equal(beyond.page.total, 12);
    assert.equal(beyond.queries, 3, 'the properties, the page, then the count on its own');
    const none = await counted({ organizationId: organizationId + 1000 });
    assert.deepEqual(none.page.items, []);
    assert.equal(none.page.total, 0);
    assert.equal(none.queries, 2, 'an empty first page: nothing to count');
    const nobody = await counted({ search: 'zzqx' });
    assert.deepEqual(nobody.page.items, []);
    assert.equal(nobody.page.total, 0);
    if (TEST_DIALECT === 'postgres') assert.equal(nobody.queries, 2);
  });

  it('takes the punctuation a phone number starts with, before its first digit, for no search yet', async () => {
    const all = await counted({ pageSize: 5 });
    for (const search of ['+', '(', '+ (', ' +  ']) {
      const typed = await counted({ search, pageSize: 5 });
      assert.deepEqual(typed.page.items, all.page.items, JSON.stringify(search));
      assert.equal(typed.page.total, 12);
      assert.equal(typed.queries, 2, 'the list, not a scan of every person');
    }
    // With a digit it is a phone search.
    assert.deepEqual(
      (await counted({ search: '+44 20 7946 0005' })).page.items.map((p) => p.email),
      ['p05@queries.example'],
    );
  });

  it('reads a page by number from the index first, then its people', async () => {
    const second = await counted({ pageSize: 5, page: 2 });
    assert.deepEqual(
      second.page.items.map((p) => p.lastName),
      ['Queries06', 'Queries07', 'Queries08', 'Queries09', 'Queries10'],
    );
    assert.equal(second.page.total, 12);
    assert.equal(second.queries, 3);
  });

  it('looks for no exact email when the search has no @', async () => {
    const names = await counted({ search: 'person1' });
    assert.deepEqual(
      names.page.items.map((p) => p.firstName),
      ['Person1', 'Person10', 'Person11', 'Person12'],
    );
    // PostgreSQL: the matches with their ranks and people. SQLite: the count, the names, the
    // others, then the people; never `lower(email) = 'person1'`.
    assert.equal(names.queries, TEST_DIALECT === 'postgres' ? 2 : 5);
  });

  it('on PostgreSQL, reads a search with few matches, ranked, in one query besides the properties', async (t) => {
    if (TEST_DIALECT !== 'postgres') return t.skip('SQLite walks its full-text index rank by rank, in the same process');
    const email = await counted({ search: 'p07@queries.example' });
    assert.deepEqual(
      email.page.items.map((p) => p.email),
      ['p07@queries.example'],
    );
    assert.equal(email.queries, 2);
    const names = await counted({ search: 'person1', pageSize: 2 });
    // Person1, then Person10–12: names first, each rank oldest first.
    assert.deepEqual(
      names.page.items.map((p) => p.firstName),
      ['Person1', 'Person10'],
    );
    assert.equal(names.page.total, 4);
    assert.equal(names.queries, 2);
    const rest = await counted({ search: 'person1', pageSize: 2, cursor: names.page.nextCursor! });
    assert.deepEqual(
      rest.page.items.map((p) => p.firstName),
      ['Person11', 'Person12'],
    );
    assert.equal(rest.page.nextCursor, undefined);
    // A phone is read with the helpdesk's default country: the settings are one query more.
    const phone = await counted({ search: '+44 (0)20 7946-0003' });
    assert.deepEqual(
      phone.page.items.map((p) => p.email),
      ['p03@queries.example'],
    );
    assert.equal(phone.queries, 3);
  });
});
