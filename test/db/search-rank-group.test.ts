import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type SqlBool } from 'kysely';
import type { Database } from '../../src/db/database.js';
import { listPeople } from '../../src/db/repositories/people.js';
import { searchConditions, searchPlan } from '../../src/db/repositories/people-search.js';
import { postgresRankGroup, type RankWalk } from '../../src/db/repositories/search-rank-group.js';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../support/database.js';

/**
 * 600 customers in id order, each named by the words a search looks for, spread so that every
 * way a ranked search can go is taken: "common" every 2nd person, "tenth" every 10th, "fading"
 * every 10th among the first 60 and then three far apart, "rare" twice near the end.
 */
function namesOf(n: number): { firstName: string; lastName: string } {
  const words = [
    n % 10 === 0 ? 'Tenth' : '',
    n % 10 === 5 && (n <= 60 || n % 100 === 5) ? 'Fading' : '',
    n === 550 || n === 580 ? 'Rare' : '',
  ];
  return { firstName: words.filter(Boolean).join(' ') || 'Plain', lastName: n % 2 === 0 ? 'Common' : 'Odd' };
}

describe(`a ranked search's page, whatever how common its word (${TEST_DIALECT})`, () => {
  let test: TestDatabase;
  let db: Database;
  /** The id before the first of the 600. */
  let base: number;
  before(async () => {
    test = await createTestDatabase();
    db = await test.open();
    const at = new Date().toISOString();
    const rows = Array.from({ length: 600 }, (_, i) => ({
      kind: 'customer' as const,
      email: `p${i + 1}@rank.example`,
      ...namesOf(i + 1),
      status: 'active',
      createdAt: at,
      updatedAt: at,
    }));
    const inserted = await db.kysely.insertInto('people').values(rows).returning('id').execute();
    base = inserted[0]!.id - 1;
    assert.equal(inserted.at(-1)!.id, base + 600, 'the 600 have consecutive ids');
  });
  after(async () => {
    await db.close();
    await test.drop();
  });

  /** Every one of the 600 whose name matches `word`, by position (1–600), in id order. */
  const expected = (word: string) =>
    Array.from({ length: 600 }, (_, i) => i + 1).filter((n) => Object.values(namesOf(n)).join(' ').toLowerCase().split(' ').includes(word));

  it('pages through every match exactly once, in id order, for a common word, a rare one and those between', async () => {
    // exactTotalUpTo 5: a total past it is estimated, and PostgreSQL then reads rank by rank
    // instead of every match at once (as it does for up to 1,000).
    for (const [word, exactTotalUpTo] of ['common', 'tenth', 'fading', 'rare'].flatMap((w) => [[w, undefined] as const, [w, 5] as const])) {
      const seen: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await listPeople(db, 'customers', {
          search: word,
          pageSize: 11,
          ...(cursor ? { cursor } : {}),
          ...(exactTotalUpTo ? { exactTotalUpTo } : {}),
        });
        seen.push(...page.items.map((p) => Number(/^p(\d+)@/.exec(String(p.email))![1])));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, expected(word), `${word}, exact total up to ${exactTotalUpTo ?? 'the default'}`);
    }
  });

  // The three ways of postgresRankGroup, taken in a table of 600 with a sample of 50 ids.
  const small: RankWalk = { sampleIds: 50, matchCostInIds: 4, mostWalkedIds: 10_000 };
  const group = (word: string, after: number) => {
    const plan = searchPlan(word, null);
    const matches = sql<SqlBool>`people.kind = 'customer' AND ${searchConditions('postgres', plan).first!}`;
    return postgresRankGroup(db, matches, base + after, 11, small);
  };
  const positions = (ids: number[]) => ids.map((id) => id - base);

  it(
    'PostgreSQL finds a common word in the ids after the cursor, walks on in id order for a less common one, and asks the text index for a rare one',
    { skip: TEST_DIALECT !== 'postgres' && 'the walk is PostgreSQL’s; SQLite’s full-text index gives its matches in id order' },
    async () => {
      const common = await group('common', 0);
      assert.deepEqual(common.steps, ['sample']);
      assert.deepEqual(positions(common.ids), expected('common').slice(0, 11));

      // 5 in the 50 sampled: 6 more wanted at that density is 60 ids, so walk 90 (cheaper than 55 matches from the index).
      const tenth = await group('tenth', 0);
      assert.deepEqual(tenth.steps, ['sample', 'walk']);
      assert.deepEqual(positions(tenth.ids), expected('tenth').slice(0, 11));

      // The walk finds two more (55, 105); the index the four far beyond it, which are all there are.
      const fading = await group('fading', 0);
      assert.deepEqual(fading.steps, ['sample', 'walk', 'index']);
      assert.deepEqual(positions(fading.ids), expected('fading'));

      const rare = await group('rare', 0);
      assert.deepEqual(rare.steps, ['sample', 'index']);
      assert.deepEqual(positions(rare.ids), [550, 580]);

      const fromCursor = await group('tenth', 300);
      assert.deepEqual(
        positions(fromCursor.ids),
        expected('tenth')
          .filter((n) => n > 300)
          .slice(0, 11),
      );
    },
  );
});
