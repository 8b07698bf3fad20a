import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECT } from '../support/database.js';
import { setUpAdmin, startTestServer, type TestServer } from './helpers.js';

describe(`HTTP people lists: search, cursor and filters (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;
  const get = (path: string) => server.call('GET', path, { cookie: admin });

  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
    for (let i = 0; i < 12; i++) {
      const answer = await server.call('POST', '/api/customers', {
        cookie: admin,
        body: {
          email: `c${String(i).padStart(2, '0')}@cursor.example`,
          firstName: i % 2 ? 'Anders' : 'Berit',
          lastName: `Person${String(i).padStart(2, '0')}`,
          phone: i === 3 ? '+1 415 555 0132' : null,
        },
      });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
    }
  });
  after(() => server.close());

  it('pages by cursor to the end, with nextCursor absent on the last page', async () => {
    const seen: string[] = [];
    let path = '/api/customers?pageSize=5&sort=email';
    for (;;) {
      const page = await get(path);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assert.equal(page.body.total, 12);
      assert.equal(page.body.totalIsEstimate, undefined);
      seen.push(...page.body.items.map((p: { email: string }) => p.email));
      if (!page.body.nextCursor) break;
      path = `/api/customers?pageSize=5&sort=email&cursor=${encodeURIComponent(page.body.nextCursor)}`;
    }
    assert.deepEqual(
      seen,
      Array.from({ length: 12 }, (_, i) => `c${String(i).padStart(2, '0')}@cursor.example`),
    );
  });

  it('refuses a cursor given with another sort, naming the field', async () => {
    const first = await get('/api/customers?pageSize=5&sort=email');
    const other = await get(`/api/customers?pageSize=5&sort=lastName&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    assert.equal(other.status, 400);
    assert.equal(other.body.error.field, 'cursor');
    const junk = await get('/api/customers?cursor=%22%27%3B--');
    assert.equal(junk.status, 400);
  });

  it('searches with plain text whatever it holds, ranked, and by phone', async () => {
    const exact = await get('/api/customers?search=c07%40cursor.example');
    assert.equal(exact.body.items[0].email, 'c07@cursor.example');
    const names = await get('/api/customers?search=and');
    assert.equal(names.body.total, 6);
    for (const text of ['"', 'and*', 'NEAR(', '-', '%_\\', "' OR 1=1 --"]) {
      const answer = await get(`/api/customers?search=${encodeURIComponent(text)}`);
      assert.equal(answer.status, 200, `${text}: ${JSON.stringify(answer.body)}`);
    }
    const phone = await get(`/api/customers?search=${encodeURIComponent('+1 (415) 555-0132')}`);
    assert.deepEqual(
      phone.body.items.map((p: { email: string }) => p.email),
      ['c03@cursor.example'],
    );
  });

  it('filters by import and creation time, and refuses a time it cannot read', async () => {
    const none = await get('/api/customers?importId=999');
    assert.equal(none.status, 200);
    assert.equal(none.body.total, 0);
    const since = await get('/api/customers?createdSince=2000-01-01');
    assert.equal(since.body.total, 12);
    const later = await get(`/api/customers?createdSince=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    assert.equal(later.body.total, 0);
    const bad = await get('/api/customers?createdSince=yesterday');
    assert.equal(bad.status, 400);
  });
});
