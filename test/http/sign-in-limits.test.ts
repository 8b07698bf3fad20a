import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { pruneSignInFailures } from '../../src/db/repositories/sign-in-failures.js';
import { buildApp } from '../../src/http/app.js';
import { configFromEnv, DEFAULT_SIGN_IN_LIMITS, signInLimitsFromEnv, type SignInLimits } from '../../src/config.js';
import { TEST_DIALECT } from '../support/database.js';
import { ADMIN, callServer, setUpAdmin, signInAgent, startTestServer, type TestServer } from './helpers.js';

const WRONG = 'not the password at all';
const AGENT_PASSWORD = 'agent password 123';

describe(`sign-in limits (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;
  const others: FastifyInstance[] = [];

  /** Another instance on the same database, with limits of its own. */
  async function instance(limits: Partial<SignInLimits>, trustProxy?: string): Promise<string> {
    const app = await buildApp({ db: server.db, config: server.test.config, signInLimits: limits, ...(trustProxy ? { trustProxy } : {}) });
    others.push(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  const signIn = (baseUrl: string, email: string, password: string) =>
    callServer(baseUrl, 'POST', '/api/session', { body: { email, password } });

  before(async () => {
    // The per-account limit is the default; the per-address one is raised so that this file's many
    // failures (all from 127.0.0.1) reach it only where a test means them to.
    server = await startTestServer({ signInLimits: { maxFailuresPerAddress: 1000 } });
    admin = await setUpAdmin(server);
  });
  after(async () => {
    for (const app of others) await app.close();
    await server.close();
  });

  it('reads its limits from the environment: 10 per account and 50 per address in 15 minutes by default', () => {
    assert.deepEqual(signInLimitsFromEnv({}), { maxFailures: 10, maxFailuresPerAddress: 50, windowMinutes: 15 });
    assert.deepEqual(DEFAULT_SIGN_IN_LIMITS, signInLimitsFromEnv({}));
    assert.deepEqual(
      signInLimitsFromEnv({
        ROSTER_SIGNIN_MAX_FAILURES: '3',
        ROSTER_SIGNIN_MAX_FAILURES_PER_ADDRESS: '20',
        ROSTER_SIGNIN_WINDOW_MINUTES: '60',
      }),
      { maxFailures: 3, maxFailuresPerAddress: 20, windowMinutes: 60 },
    );
    assert.throws(() => signInLimitsFromEnv({ ROSTER_SIGNIN_MAX_FAILURES: 'ten' }), /ROSTER_SIGNIN_MAX_FAILURES must be a whole number/);
    assert.throws(() => signInLimitsFromEnv({ ROSTER_SIGNIN_WINDOW_MINUTES: '0' }), /at least 1/);
    assert.deepEqual(configFromEnv({ ROSTER_SIGNIN_MAX_FAILURES: '3' }).signInLimits, { ...DEFAULT_SIGN_IN_LIMITS, maxFailures: 3 });
  });

  it('refuses an account after 10 failures, the right password too, with Retry-After; other accounts go on', async () => {
    const agent = await signInAgent(server, admin, 'other@example.com');
    assert.ok(agent.cookie);
    for (let i = 1; i <= 10; i++) {
      const answer = await signIn(server.baseUrl, ADMIN.email, WRONG);
      assert.equal(answer.status, 401, `failure ${i}`);
    }
    const locked = await signIn(server.baseUrl, ADMIN.email, ADMIN.password);
    assert.equal(locked.status, 429);
    assert.equal(locked.body.error.code, 'rate_limited');
    assert.match(locked.body.error.message, /^Too many failed sign-ins for this account; try again in 15 minutes\.$/);
    const retryAfter = Number(locked.headers.get('retry-after'));
    assert.ok(retryAfter > 840 && retryAfter <= 900, `Retry-After: ${locked.headers.get('retry-after')}`);
    assert.equal(locked.headers.getSetCookie().length, 0, 'no session while locked');
    // Another case of the same email is the same account.
    assert.equal((await signIn(server.baseUrl, 'Admin@Example.COM', ADMIN.password)).status, 429);

    assert.equal((await signIn(server.baseUrl, 'other@example.com', AGENT_PASSWORD)).status, 200, 'another account is unaffected');
    assert.equal((await callServer(server.baseUrl, 'GET', '/api/me', { cookie: admin })).status, 200, 'existing sessions go on');
  });

  it('keeps the counters in the database: another instance refuses the same account', async () => {
    const url = await instance({ maxFailuresPerAddress: 1000 });
    assert.equal((await signIn(url, ADMIN.email, ADMIN.password)).status, 429);
  });

  it('counts failures only: successful sign-ins never lock anyone out', async () => {
    await signInAgent(server, admin, 'busy@example.com');
    for (let i = 0; i < 9; i++) assert.equal((await signIn(server.baseUrl, 'busy@example.com', WRONG)).status, 401);
    for (let i = 0; i < 12; i++)
      assert.equal((await signIn(server.baseUrl, 'busy@example.com', AGENT_PASSWORD)).status, 200, `success ${i}`);
    assert.equal((await signIn(server.baseUrl, 'busy@example.com', WRONG)).status, 401, 'the tenth failure is still checked');
    assert.equal((await signIn(server.baseUrl, 'busy@example.com', AGENT_PASSWORD)).status, 429);
  });

  it('treats an unknown email like a known one, so the limit tells nothing about who has an account', async () => {
    for (let i = 0; i < 10; i++) assert.equal((await signIn(server.baseUrl, 'nobody@example.com', WRONG)).status, 401);
    const answer = await signIn(server.baseUrl, 'nobody@example.com', WRONG);
    assert.equal(answer.status, 429);
    assert.match(answer.body.error.message, /for this account/);
  });

  it('lets through at most 10 of many guesses sent at once', async () => {
    await signInAgent(server, admin, 'parallel@example.com');
    const answers = await Promise.all(Array.from({ length: 20 }, () => signIn(server.baseUrl, 'parallel@example.com', WRONG)));
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [...Array(10).fill(401), ...Array(10).fill(429)]);
  });

  it('limits failures per client address across accounts', async () => {
    const url = await instance({ maxFailures: 100, maxFailuresPerAddress: 3 });
    await server.db.kysely.deleteFrom('signInFailures').execute();
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com'])
      assert.equal((await signIn(url, email, WRONG)).status, 401, email);
    const answer = await signIn(url, 'd@example.com', WRONG);
    assert.equal(answer.status, 429);
    assert.match(answer.body.error.message, /^Too many failed sign-ins from your address; try again in 15 minutes\.$/);
    assert.ok(Number(answer.headers.get('retry-after')) > 0);
  });

  it('believes X-Forwarded-For only from the proxies ROSTER_TRUST_PROXY names', async () => {
    const attempt = (url: string, email: string, forwardedFor: string) =>
      fetch(url + '/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ email, password: WRONG }),
      }).then((response) => response.status);

    await server.db.kysely.deleteFrom('signInFailures').execute();
    const direct = await instance({ maxFailures: 100, maxFailuresPerAddress: 2 });
    assert.deepEqual(
      [await attempt(direct, 'e@example.com', '198.51.100.1'), await attempt(direct, 'f@example.com', '198.51.100.2')],
      [401, 401],
    );
    assert.equal(await attempt(direct, 'g@example.com', '198.51.100.3'), 429, 'a client cannot name a new address for itself');

    await server.db.kysely.deleteFrom('signInFailures').execute();
    const proxied = await instance({ maxFailures: 100, maxFailuresPerAddress: 2 }, '127.0.0.1');
    assert.equal(await attempt(proxied, 'e@example.com', '198.51.100.1'), 401);
    assert.equal(await attempt(proxied, 'f@example.com', '198.51.100.1'), 401);
    assert.equal(await attempt(proxied, 'g@example.com', '198.51.100.1'), 429, 'the client behind the proxy is limited');
    assert.equal(await attempt(proxied, 'h@example.com', '198.51.100.2'), 401, 'another client behind the same proxy is not');
    await assert.rejects(
      buildApp({ db: server.db, config: server.test.config, trustProxy: 'true' }),
      /ROSTER_TRUST_PROXY must list proxy addresses/,
    );
  });

  it('takes its window from the settings, and lets the account in again when the window has ended', async () => {
    await server.db.kysely.deleteFrom('signInFailures').execute();
    const url = await instance({ maxFailures: 2, windowMinutes: 2, maxFailuresPerAddress: 1000 });
    await signInAgent(server, admin, 'window@example.com');
    assert.equal((await signIn(url, 'window@example.com', WRONG)).status, 401);
    assert.equal((await signIn(url, 'window@example.com', WRONG)).status, 401);
    const locked = await signIn(url, 'window@example.com', AGENT_PASSWORD);
    assert.equal(locked.status, 429);
    assert.match(locked.body.error.message, /try again in 2 minutes/);
    const retryAfter = Number(locked.headers.get('retry-after'));
    assert.ok(retryAfter > 60 && retryAfter <= 120, `Retry-After: ${retryAfter}`);

    // The window ends (moved into the past rather than waited for).
    await server.db.kysely.updateTable('signInFailures').set({ resetsAt: '2000-01-01T00:00:00.000Z' }).execute();
    assert.equal((await signIn(url, 'window@example.com', AGENT_PASSWORD)).status, 200);
    await pruneSignInFailures(server.db);
    assert.deepEqual(await server.db.kysely.selectFrom('signInFailures').selectAll().execute(), [], 'ended windows are pruned');
  });

  it('stores neither emails nor addresses, only their hashes', async () => {
    await signIn(server.baseUrl, 'typed-a-secret@example.com', WRONG);
    const rows = await server.db.kysely.selectFrom('signInFailures').selectAll().execute();
    assert.ok(rows.length >= 2);
    for (const row of rows) {
      assert.match(row.keyHash, /^[0-9a-f]{64}$/);
      assert.doesNotMatch(JSON.stringify(row), /example\.com|127\.0\.0\.1/);
    }
  });
});
