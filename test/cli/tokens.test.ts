import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { createAdmin, createSession, principalForApiToken, principalForSession } from '../../src/db/repositories/auth.js';
import { createPerson } from '../../src/db/repositories/people.js';
import { TEST_DIALECT, type TestDatabase, withDatabase } from '../support/database.js';
import { rosterOk, runRoster } from './run-roster.js';

describe(`roster token create|list|revoke and users set-password (${TEST_DIALECT})`, () => {
  let testDb: TestDatabase;
  let db: Database;
  let close: () => Promise<void>;

  before(async () => {
    ({ db, test: testDb, close } = await withDatabase());
    await createAdmin(db, { email: 'ada@example.com', password: 'a long enough password' });
    await createPerson(db, 'users', { email: 'bob@example.com', firstName: 'Bob', lastName: 'Agent' });
  });
  after(() => close());

  it('creates a named token with an end, lists it without the secret, and revokes it', async () => {
    const lasting = (await rosterOk(['token', 'create', '--email', 'ada@example.com', '--name', 'backup'], testDb.env)).trim();
    const ending = (
      await rosterOk(['token', 'create', '--email', 'bob@example.com', '--name', 'nightly', '--expires-in', '30d'], testDb.env)
    ).trim();
    assert.match(ending, /^rst_[\w-]{40,}$/);
    assert.equal((await principalForApiToken(db, ending))?.email, 'bob@example.com');

    const json = JSON.parse(await rosterOk(['token', 'list', '--json'], testDb.env)) as {
      id: number;
      name: string;
      email: string;
      expiresAt: string | null;
      lastUsedAt: string | null;
    }[];
    assert.deepEqual(
      json.map((t) => [t.name, t.email]),
      [
        ['backup', 'ada@example.com'],
        ['nightly', 'bob@example.com'],
      ],
    );
    assert.equal(json[0]!.expiresAt, null);
    const days = (Date.parse(json[1]!.expiresAt!) - Date.now()) / 86_400_000;
    assert.ok(days > 29.9 && days <= 30, `expires in ${days} days`);
    assert.ok(json[1]!.lastUsedAt, 'the use above is recorded');

    const table = await rosterOk(['token', 'list', '--email', 'bob@example.com'], testDb.env);
    assert.match(table, /^ID\s+Name\s+User\s+Created\s+Last used\s+Expires\n/);
    assert.match(table, new RegExp(`^${json[1]!.id}\\s+nightly\\s+bob@example\\.com\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC`, 'm'));
    assert.doesNotMatch(table, /backup|rst_/);

    const revoked = await rosterOk(['token', 'revoke', String(json[1]!.id)], testDb.env);
    assert.equal(revoked, `Token ${json[1]!.id} (nightly, bob@example.com) is revoked.\n`);
    assert.equal(await principalForApiToken(db, ending), undefined, 'a revoked token is refused');
    assert.equal((await principalForApiToken(db, lasting))?.email, 'ada@example.com', 'the other token goes on');

    const again = await runRoster(['token', 'revoke', String(json[1]!.id)], testDb.env);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, `roster: No API token has the id ${json[1]!.id}.\n`);
  });

  it('shows an expired token as expired', async () => {
    const secret = (
      await rosterOk(['token', 'create', '--email', 'ada@example.com', '--name', 'old', '--expires-in', '1h'], testDb.env)
    ).trim();
    await db.kysely.updateTable('apiTokens').set({ expiresAt: '2000-01-01T00:00:00.000Z' }).where('name', '=', 'old').execute();
    assert.equal(await principalForApiToken(db, secret), undefined);
    assert.match(
      await rosterOk(['token', 'list', '--email', 'ada@example.com'], testDb.env),
      /\bold\s+ada@example\.com.*expired 2000-01-01 00:00 UTC\n/,
    );
  });

  it('refuses a malformed --expires-in as bad usage', async () => {
    const run = await runRoster(['token', 'create', '--email', 'ada@example.com', '--expires-in', 'soon'], testDb.env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^roster: option '--expires-in <duration>' argument 'soon' is invalid\. Expected a duration such as 30d/);
  });

  it('ends every session of a user whose password it sets', async () => {
    const bob = (await db.kysely.selectFrom('people').select('id').where('email', '=', 'bob@example.com').executeTakeFirstOrThrow()).id;
    const session = await createSession(db, bob);
    assert.ok(await principalForSession(db, session.token));
    const out = await rosterOk(['users', 'set-password', '--email', 'bob@example.com', '--password', 'a brand new password'], testDb.env);
    assert.equal(out, 'The password of bob@example.com is set; their sessions have ended.\n');
    assert.equal(await principalForSession(db, session.token), undefined);
  });
});
