import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { sql, type Transaction } from 'kysely';
import { RosterError, validationError } from '../../core/errors.js';
import { normalizeInput } from '../../core/record-input.js';
import type { Database } from '../database.js';
import type { Tables } from '../schema.js';
import { now } from './now.js';
import { createPerson, findPersonByEmail, getPerson, type PersonRecord } from './people.js';
import { listProperties } from './properties.js';

/** Who is signed in: a user of the directory. Customers never sign in to Roster. */
export interface Principal {
  id: number;
  email: string;
  role: 'admin' | 'agent';
  firstName: string;
  lastName: string;
}

const SESSION_DAYS = 14;
const MIN_PASSWORD = 10;

// Tokens are random and long, so a fast hash is enough to keep them useless if the table leaks.
/** The sha256 kept of a session, API or sign-in link token: the token itself is never stored. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type Executor = Database['kysely'] | Transaction<Tables>;

/**
 * The settings row that records that the directory has had an admin who can sign in. It is
 * written when the first such admin is made (setup, `roster admin create`, a password given to an
 * admin) and never removed: setup stays closed for good once it exists, whatever happens to the
 * admins afterwards.
 */
const SETUP_CLAIM = 'setup_completed';

const ALREADY_SET_UP = 'Roster is already set up; sign in instead.';

/**
 * Whether first-run setup is open: only while the directory has never had an admin who can sign
 * in. The fact is stored (SETUP_CLAIM); an admin with a password in a directory set up before it
 * was stored counts too.
 */
export async function setupIsOpen(db: Database): Promise<boolean> {
  return !(await hadAdmin(db.kysely));
}

async function hadAdmin(db: Executor): Promise<boolean> {
  const claim = await db.selectFrom('settings').select('key').where('key', '=', SETUP_CLAIM).executeTakeFirst();
  if (claim) return true;
  const admin = await db
    .selectFrom('people')
    .select('id')
    .where('kind', '=', 'user')
    .where('role', '=', 'admin')
    .where('passwordHash', 'is not', null)
    .executeTakeFirst();
  return admin !== undefined;
}

/** Records for good that the directory has an admin who can sign in (see SETUP_CLAIM). */
async function recordAdmin(db: Executor): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: SETUP_CLAIM, value: JSON.stringify({ at: now() }) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD) throw validationError('password', `The password must be at least ${MIN_PASSWORD} characters long.`);
}

/**
 * Checks a new password against the policy (setup, set-password and sign-in links share it) and
 * hashes it. Hashing is slow on purpose: call this before a transaction, which on SQLite holds the
 * only connection.
 */
export async function newPasswordHash(password: string): Promise<string> {
  checkPassword(password);
  return hash(password);
}

/**
 * Writes a user's new password hash inside `trx` and ends their sessions but `keepSession` (the
 * token of the session making the change, if any). The user's unused sign-in links are revoked
 * too: whoever held one would otherwise replace the password just chosen.
 */
export async function storePassword(
  trx: Transaction<Tables>,
  user: { id: number; role: string | null },
  passwordHash: string,
  options: { keepSession?: string } = {},
): Promise<void> {
  const t = now();
  await trx.updateTable('people').set({ passwordHash, updatedAt: t }).where('id', '=', user.id).execute();
  let ending = trx.deleteFrom('sessions').where('personId', '=', user.id);
  if (options.keepSession) ending = ending.where('tokenHash', '!=', tokenHash(options.keepSession));
  await ending.execute();
  await trx
    .updateTable('invitations')
    .set({ revokedAt: t })
    .where('personId', '=', user.id)
    .where('usedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .execute();
  if (user.role === 'admin') await recordAdmin(trx);
}

/**
 * Creates an admin who can sign in: the first one at setup, or another later. An existing user
 * with the same email becomes an admin with this password.
 */
export async function createAdmin(
  db: Database,
  input: { email: string; password: string; firstName?: string; lastName?: string },
): Promise<PersonRecord> {
  checkPassword(input.password);
  const existing = await findPersonByEmail(db, input.email);
  if (existing && existing.kind === 'customer')
    throw new RosterError('conflict', `${existing.email} belongs to a customer; an admin must be a user.`, { field: 'email' });
  const passwordHash = await hash(input.password);
  const id = existing
    ? existing.id
    : (
        await createPerson(
          db,
          'users',
          { email: input.email, firstName: input.firstName || 'Admin', lastName: input.lastName || 'Roster', role: 'admin' },
          { customOptional: true },
        )
      ).id;
  await db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('people').set({ role: 'admin', passwordHash, status: 'active', updatedAt: now() }).where('id', '=', id).execute();
    await recordAdmin(trx);
  });
  return getPerson(db, 'users', id);
}

/**
 * Creates the first admin at first-run setup, atomically: of two setups running at once exactly
 * one succeeds and the other is a conflict. In one transaction it claims the `setup_completed`
 * settings row with an insert that does nothing on conflict (on PostgreSQL the primary key makes a
 * concurrent claim wait for the first to commit, then find the row taken; SQLite's one connection
 * runs the transactions one after the other), then creates the admin. Setup never touches an
 * existing account: an email that is already someone's is a conflict.
 */
export async function createFirstAdmin(
  db: Database,
  input: { email: string; password: string; firstName?: string; lastName?: string },
): Promise<PersonRecord> {
  checkPassword(input.password);
  const properties = await listProperties(db, 'users');
  const { values } = normalizeInput(
    properties,
    { email: input.email, firstName: input.firstName || 'Admin', lastName: input.lastName || 'Roster' },
    { partial: false },
  );
  const email = values.email!;
  // Hashing is slow on purpose: do it before the transaction, which on SQLite holds the only connection.
  const passwordHash = await hash(input.password);
  // Inside the transaction every query goes through trx, never db.kysely (SQLite would wait forever).
  const id = await db.kysely.transaction().execute(async (trx) => {
    if (await hadAdmin(trx)) throw new RosterError('conflict', ALREADY_SET_UP);
    const claimed = await trx
      .insertInto('settings')
      .values({ key: SETUP_CLAIM, value: JSON.stringify({ at: now() }) })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) throw new RosterError('conflict', ALREADY_SET_UP);

    const existing = await trx
      .selectFrom('people')
      .select(['id'])
      .where(sql`lower(email)`, '=', email)
      .executeTakeFirst();
    if (existing)
      throw new RosterError('conflict', `${email} already belongs to someone in Roster; set up the first admin with another email.`, {
        field: 'email',
      });
    const t = now();
    const row = await trx
      .insertInto('people')
      .values({
        kind: 'user',
        email,
        firstName: values.firstName!,
        lastName: values.lastName!,
        role: 'admin',
        status: 'active',
        passwordHash,
        createdAt: t,
        updatedAt: t,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  return getPerson(db, 'users', id);
}

/**
 * Sets (or replaces) a user's password so they can sign in, and ends their sessions: whoever
 * signed in with the old password is signed out. `keepSession` (the token of the session making
 * the change, when users change their own password) goes on. API tokens are credentials of their
 * own and stay until revoked.
 */
export async function setPassword(db: Database, userId: number, password: string, options: { keepSession?: string } = {}): Promise<void> {
  checkPassword(password);
  const user = await getPerson(db, 'users', userId);
  const passwordHash = await hash(password);
  await db.kysely.transaction().execute(async (trx) => {
    await storePassword(trx, { id: userId, role: typeof user.role === 'string' ? user.role : null }, passwordHash, options);
  });
}

export function toPrincipal(row: { id: number; email: string; role: string | null; firstName: string; lastName: string }): Principal {
  return { id: row.id, email: row.email, role: row.role === 'admin' ? 'admin' : 'agent', firstName: row.firstName, lastName: row.lastName };
}

/** Checks a password against an argon2 hash; `verifyCredentials` takes another for tests to count calls. */
export type PasswordVerifier = (passwordHash: string, password: string) => Promise<boolean>;

let dummyHash: Promise<string> | undefined;

/**
 * A hash of a random password, made once with the same parameters as real ones: an unknown email
 * is checked against it, so that it costs the same work as a known one and the time of the answer
 * does not tell which emails have an account.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash(randomBytes(32).toString('base64url'));
  return dummyHash;
}

/**
 * Checks an email and password; the same answer, after the same work, for an unknown email (or a
 * customer, a deactivated user, a user without a password) and a wrong password.
 */
export async function verifyCredentials(
  db: Database,
  email: string,
  password: string,
  verifyPassword: PasswordVerifier = verify,
): Promise<Principal | undefined> {
  const person = await findPersonByEmail(db, email);
  const canSignIn = person !== undefined && person.kind === 'user' && person.status === 'active' && Boolean(person.passwordHash);
  const passwordHash = canSignIn && person.passwordHash ? person.passwordHash : await dummyPasswordHash();
  const matches = await verifyPassword(passwordHash, password);
  return canSignIn && matches ? toPrincipal(person) : undefined;
}

export async function createSession(db: Database, personId: number): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000).toISOString();
  await db.kysely
    .insertInto('sessions')
    .values({ tokenHash: tokenHash(token), personId, createdAt: now(), expiresAt })
    .execute();
  return { token, expiresAt };
}

export async function endSession(db: Database, token: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('tokenHash', '=', tokenHash(token)).execute();
}

/** The person columns a principal is made of, read in the same query as the session or token. */
const PRINCIPAL_COLUMNS = ['people.id', 'people.email', 'people.role', 'people.firstName', 'people.lastName'] as const;

export async function principalForSession(db: Database, token: string): Promise<Principal | undefined> {
  const row = await db.kysely
    .selectFrom('sessions')
    .innerJoin('people', 'people.id', 'sessions.personId')
    .select(PRINCIPAL_COLUMNS)
    .where('sessions.tokenHash', '=', tokenHash(token))
    .where('sessions.expiresAt', '>', now())
    .where('people.kind', '=', 'user')
    .where('people.status', '=', 'active')
    .executeTakeFirst();
  return row ? toPrincipal(row) : undefined;
}

/** An API token as it is listed: never the token itself, which only its creator saw once. */
export interface ApiTokenRecord {
  id: number;
  name: string;
  userId: number;
  email: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** When it stops working; null for a token without an end. */
  expiresAt: string | null;
}

const MAX_TOKEN_NAME = 100;

function tokenRecords(db: Database) {
  return db.kysely
    .selectFrom('apiTokens')
    .innerJoin('people', 'people.id', 'apiTokens.personId')
    .select([
      'apiTokens.id',
      'apiTokens.name',
      'apiTokens.personId as userId',
      'people.email',
      'apiTokens.createdAt',
      'apiTokens.lastUsedAt',
      'apiTokens.expiresAt',
    ]);
}

/**
 * Creates an API token acting as a user, optionally with an end (`expiresAt`, ISO-8601); the token
 * itself is returned once and only its hash is kept.
 */
export async function issueApiToken(
  db: Database,
  input: { email: string; name: string; expiresAt?: string | null },
): Promise<{ token: string; record: ApiTokenRecord }> {
  const name = input.name.trim();
  if (name === '' || name.length > MAX_TOKEN_NAME)
    throw validationError('name', `A token's name must be 1 to ${MAX_TOKEN_NAME} characters long.`);
  if (input.expiresAt && !(Date.parse(input.expiresAt) > Date.now()))
    throw validationError('expiresAt', 'A token must expire in the future.');
  const person = await findPersonByEmail(db, input.email);
  if (!person || person.kind !== 'user') throw new RosterError('not_found', `No user has the email ${input.email}.`, { field: 'email' });
  const token = 'rst_' + randomBytes(32).toString('base64url');
  const expiresAt = input.expiresAt ? new Date(input.expiresAt).toISOString() : null;
  const row = await db.kysely
    .insertInto('apiTokens')
    .values({ tokenHash: tokenHash(token), personId: person.id, name, createdAt: now(), lastUsedAt: null, expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, record: await getApiToken(db, row.id) };
}

/** Creates an API token for a user and returns only the token; see issueApiToken. */
export async function createApiToken(db: Database, email: string, name = 'cli'): Promise<string> {
  return (await issueApiToken(db, { email, name })).token;
}

/** One API token by id. */
export async function getApiToken(db: Database, id: number): Promise<ApiTokenRecord> {
  const row = await tokenRecords(db).where('apiTokens.id', '=', id).executeTakeFirst();
  if (!row) throw new RosterError('not_found', `No API token has the id ${id}.`);
  return row;
}

/** Every API token, or those of one user (by email), oldest first; expired ones too, until revoked. */
export async function listApiTokens(db: Database, options: { email?: string } = {}): Promise<ApiTokenRecord[]> {
  let query = tokenRecords(db).orderBy('apiTokens.id');
  if (options.email !== undefined) {
    const person = await findPersonByEmail(db, options.email);
    if (!person || person.kind !== 'user')
      throw new RosterError('not_found', `No user has the email ${options.email}.`, { field: 'email' });
    query = query.where('apiTokens.personId', '=', person.id);
  }
  return query.execute();
}

/** Revokes an API token for good: it is deleted, and refused from the next request on. */
export async function revokeApiToken(db: Database, id: number): Promise<ApiTokenRecord> {
  const record = await getApiToken(db, id);
  await db.kysely.deleteFrom('apiTokens').where('id', '=', id).execute();
  return record;
}

/**
 * How stale a token's "last used" may grow: it is written at most once a minute, not on every
 * request, where the write would cost more than the rest of a cheap request (and on SQLite
 * would take the one write lock from an import or an edit).
 */
const LAST_USED_PRECISION_MS = 60_000;

/** The user an API token acts as; undefined for an unknown, revoked or expired token. */
export async function principalForApiToken(db: Database, token: string): Promise<Principal | undefined> {
  const at = now();
  const row = await db.kysely
    .selectFrom('apiTokens')
    .innerJoin('people', 'people.id', 'apiTokens.personId')
    .select([...PRINCIPAL_COLUMNS, 'apiTokens.id as tokenId', 'apiTokens.lastUsedAt'])
    .where('apiTokens.tokenHash', '=', tokenHash(token))
    .where((eb) => eb.or([eb('apiTokens.expiresAt', 'is', null), eb('apiTokens.expiresAt', '>', at)]))
    .where('people.kind', '=', 'user')
    .where('people.status', '=', 'active')
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.lastUsedAt === null || Date.parse(at) - Date.parse(row.lastUsedAt) >= LAST_USED_PRECISION_MS) {
    await db.kysely.updateTable('apiTokens').set({ lastUsedAt: at }).where('id', '=', row.tokenId).execute();
  }
  return toPrincipal(row);
}

/** Removes expired sessions; cheap enough to run at start and now and then. */
export async function pruneSessions(db: Database): Promise<void> {
  await db.kysely
    .deleteFrom('sessions')
    .where('expiresAt', '<=', sql<string>`${now()}`)
    .execute();
}
