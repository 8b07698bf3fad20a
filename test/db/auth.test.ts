import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verify } from '@node-rs/argon2';
import type { Database } from '../../src/db/database.js';
import {
  createAdmin,
  createSession,
  dummyPasswordHash,
  issueApiToken,
  listApiTokens,
  principalForApiToken,
  principalForSession,
  revokeApiToken,
  setPassword,
  verifyCredentials,
  type PasswordVerifier,
} from '../../src/db/repositories/auth.js';
import { createPerson, deactivatePerson } from '../../src/db/repositories/people.js';
import { addProperty, changeProperty } from '../../src/db/repositories/properties.js';
import { TEST_DIALECT, withDatabase } from '../support/database.js';

const PASSWORD = 'a long enough password';

/** The real verifier, counting its calls and the hashes it was given. */
function countingVerifier(): { verifyPassword: PasswordVerifier; hashes: string[] } {
  const hashes: string[] = [];
  return {
    hashes,
    verifyPassword: async (passwordHash, password) => {
      hashes.push(passwordHash);
      return verify(passwordHash, password);
    },
  };
}

/** An argon2 hash's algorithm and parameters, without its salt and digest. */
function parameters(passwordHash: string): string {
  return passwordHash.split('$').slice(1, 4).join('$');
}

describe(`verifyCredentials (${TEST_DIALECT})`, () => {
  let db: Database;
  let close: () => Promise<void>;
  let realHash: string;

  before(async () => {
    ({ db, close } = await withDatabase());
    await createAdmin(db, { email: 'ada@example.com', password: PASSWORD });
    const leaver = await createPerson(db, 'users', { email: 'leaver@example.com', firstName: 'Lee', lastName: 'Ver' });
    await setPassword(db, leaver.id, PASSWORD);
    await deactivatePerson(db, 'users', leaver.id);
    await createPerson(db, 'users', { email: 'nopassword@example.com', firstName: 'No', lastName: 'Password' });
    await createPerson(db, 'customers', { email: 'carla@client.example', firstName: 'Carla', lastName: 'Client' });
    realHash = (
      await db.kysely.selectFrom('people').select('passwordHash').where('email', '=', 'ada@example.com').executeTakeFirstOrThrow()
    ).passwordHash!;
  });
  after(() => close());

  it('checks the password of a user who can sign in', async () => {
    const counted = countingVerifier();
    assert.equal((await verifyCredentials(db, 'ADA@example.com', PASSWORD, counted.verifyPassword))?.role, 'admin');
    assert.equal(await verifyCredentials(db, 'ada@example.com', 'the wrong password', counted.verifyPassword), undefined);
    assert.deepEqual(counted.hashes, [realHash, realHash]);
  });

  it('does the same argon2 work for an email that cannot sign in, against one dummy hash made once', async () => {
    const dummy = await dummyPasswordHash();
    assert.equal(await dummyPasswordHash(), dummy, 'made once');
    assert.equal(parameters(dummy), parameters(realHash), 'the same algorithm and cost as a real password');
    assert.match(parameters(dummy), /^argon2id\$v=19\$m=\d+,t=\d+,p=\d+$/);
    for (const email of ['nobody@example.com', 'carla@client.example', 'leaver@example.com', 'nopassword@example.com']) {
      const counted = countingVerifier();
      assert.equal(await verifyCredentials(db, email, PASSWORD, counted.verifyPassword), undefined, email);
      assert.deepEqual(counted.hashes, [dummy], `${email}: one verification, against the dummy hash`);
    }
  });

  it('refuses an unknown email with the real verifier too, even given the dummy hash’s own password', async () => {
    assert.equal(await verifyCredentials(db, 'nobody@example.com', PASSWORD), undefined);
    // Whatever password the dummy hash was made from, it never signs anyone in: the verifier is told it matched.
    assert.equal(await verifyCredentials(db, 'nobody@example.com', PASSWORD, async () => true), undefined);
  });
});

describe(`password changes and API tokens (${TEST_DIALECT})`, () => {
  let db: Database;
  let close: () => Promise<void>;
  let ada: number;
  let bob: number;

  before(async () => {
    ({ db, close } = await withDatabase());
    ada = (await createAdmin(db, { email: 'ada@example.com', password: PASSWORD })).id;
    bob = (await createPerson(db, 'users', { email: 'bob@example.com', firstName: 'Bob', lastName: 'Agent' })).id;
    await setPassword(db, bob, PASSWORD);
  });
  after(() => close());

  it('ends every session of a user whose password is set, and only theirs', async () => {
    const bobs = [await createSession(db, bob), await createSession(db, bob)];
    const adas = await createSession(db, ada);
    await setPassword(db, bob, 'a new long password');
    for (const session of bobs) assert.equal(await principalForSession(db, session.token), undefined);
    assert.equal((await principalForSession(db, adas.token))?.id, ada, 'another user is not signed out');
  });

  it('keeps the session a user changes their own password from', async () => {
    const here = await createSession(db, ada);
    const elsewhere = await createSession(db, ada);
    await setPassword(db, ada, 'another long password', { keepSession: here.token });
    assert.equal((await principalForSession(db, here.token))?.id, ada);
    assert.equal(await principalForSession(db, elsewhere.token), undefined);
  });

  it("records a token's use to the minute: a use within a minute of the last one writes nothing", async () => {
    const issued = await issueApiToken(db, { email: 'bob@example.com', name: 'minute' });
    const lastUsed = async () =>
      (await db.kysely.selectFrom('apiTokens').select('lastUsedAt').where('id', '=', issued.record.id).executeTakeFirstOrThrow())
        .lastUsedAt;
    const setLastUsed = (at: string) =>
      db.kysely.updateTable('apiTokens').set({ lastUsedAt: at }).where('id', '=', issued.record.id).execute();
    const recent = new Date(Date.now() - 10_000).toISOString();
    const old = new Date(Date.now() - 120_000).toISOString();
    await setLastUsed(recent);
    assert.equal((await principalForApiToken(db, issued.token))?.id, bob);
    assert.equal(await lastUsed(), recent, 'ten seconds ago stays');
    await setLastUsed(old);
    assert.equal((await principalForApiToken(db, issued.token))?.id, bob);
    assert.ok((await lastUsed())! > recent, 'two minutes ago is brought up to now');
    await revokeApiToken(db, issued.record.id);
  });

  it('refuses the token and the session of a deactivated user', async () => {
    const token = await issueApiToken(db, { email: 'bob@example.com', name: 'leaver' });
    const session = await createSession(db, bob);
    await db.kysely.updateTable('people').set({ status: 'deactivated' }).where('id', '=', bob).execute();
    try {
      assert.equal(await principalForApiToken(db, token.token), undefined);
      assert.equal(await principalForSession(db, session.token), undefined);
    } finally {
      await db.kysely.updateTable('people').set({ status: 'active' }).where('id', '=', bob).execute();
      await revokeApiToken(db, token.record.id);
    }
    assert.equal((await principalForSession(db, session.token))?.id, bob, 'active again, signed in again');
  });

  it('issues named tokens with an end, lists them without their secret, and refuses expired and revoked ones', async () => {
    const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const lasting = await issueApiToken(db, { email: 'BOB@example.com', name: ' backup ' });
    const ending = await issueApiToken(db, { email: 'bob@example.com', name: 'report', expiresAt: inAMonth });
    assert.match(lasting.token, /^rst_[\w-]{40,}$/);
    assert.deepEqual(
      { ...ending.record, createdAt: '' },
      { id: ending.record.id, name: 'report', userId: bob, email: 'bob@example.com', createdAt: '', lastUsedAt: null, expiresAt: inAMonth },
    );
    assert.equal(lasting.record.name, 'backup');
    assert.equal(lasting.record.expiresAt, null);
    assert.equal((await principalForApiToken(db, ending.token))?.id, bob);
    const listed = await listApiTokens(db, { email: 'bob@example.com' });
    assert.deepEqual(
      listed.map((t) => t.name),
      ['backup', 'report'],
    );
    assert.ok(listed[1]!.lastUsedAt, 'use is recorded');
    assert.doesNotMatch(JSON.stringify(listed), /rst_/, 'a list never shows a token');
    assert.deepEqual(await listApiTokens(db, { email: 'ada@example.com' }), []);

    await db.kysely.updateTable('apiTokens').set({ expiresAt: '2000-01-01T00:00:00.000Z' }).where('id', '=', ending.record.id).execute();
    assert.equal(await principalForApiToken(db, ending.token), undefined, 'an expired token is refused');
    assert.equal((await listApiTokens(db)).length, 2, 'an expired token is listed until revoked');

    assert.equal((await revokeApiToken(db, lasting.record.id)).name, 'backup');
    assert.equal(await principalForApiToken(db, lasting.token), undefined, 'a revoked token is refused');
    await assert.rejects(revokeApiToken(db, lasting.record.id), { code: 'not_found' });
  });

  it('refuses a token without a name, ending in the past, or for someone who is not a user', async () => {
    await assert.rejects(issueApiToken(db, { email: 'bob@example.com', name: '  ' }), { code: 'validation' });
    await assert.rejects(issueApiToken(db, { email: 'bob@example.com', name: 'x', expiresAt: '2000-01-01T00:00:00Z' }), {
      code: 'validation',
    });
    await assert.rejects(issueApiToken(db, { email: 'nobody@example.com', name: 'x' }), { code: 'not_found' });
  });
});

describe(`an admin created from the command line (${TEST_DIALECT})`, () => {
  let db: Database;
  let close: () => Promise<void>;
  before(async () => ({ db, close } = await withDatabase()));
  after(() => close());

  it('is not held back by a custom user property marked required, which forms and the API still ask for', async () => {
    await addProperty(db, 'users', { key: 'badgeNumber', label: 'Badge Number', type: 'text' });
    await changeProperty(db, 'users', 'badgeNumber', { required: true });
    const admin = await createAdmin(db, { email: 'rescue@example.com', password: PASSWORD });
    assert.equal(admin.role, 'admin');
    await assert.rejects(
      createPerson(db, 'users', { email: 'agent@example.com', firstName: 'A', lastName: 'Gent' }),
      /Badge Number is required/,
    );
  });
});
