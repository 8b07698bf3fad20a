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
function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

type Executor = Database['kysely'] | Transaction<Tables>;

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
        await createPerson(db, 'users', {
          email: input.email,
          firstName: input.firstName || 'Admin',
          lastName: input.lastName || 'Roster',
          role: 'admin',
        })
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

/** Sets (or replaces) a user's password so they can sign in. */
export async function setPassword(db: Database, userId: number, password: string): Promise<void> {
  checkPassword(password);
  const user = await getPerson(db, 'users', userId);
  const passwordHash = await hash(password);
  await db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('people').set({ passwordHash, updatedAt: now() }).where('id', '=', userId).execute();
    if (user.role === 'admin') await recordAdmin(trx);
  });
}

function principalOf(row: { id: number; email: string; role: string | null; firstName: string; lastName: string }): Principal {
  return { id: row.id, email: row.email, role: row.role === 'admin' ? 'admin' : 'agent', firstName: row.firstName, lastName: row.lastName };
}

/** Checks an email and password; the same answer for an unknown email and a wrong password. */
export async function verifyCredentials(db: Database, email: string, password: string): Promise<Principal | undefined> {
  const person = await findPersonByEmail(db, email);
  if (!person || person.kind !== 'user' || person.status !== 'active' || !person.passwordHash) return undefined;
  return (await verify(person.passwordHash, password)) ? principalOf(person) : undefined;
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

async function activeUser(db: Database, personId: number): Promise<Principal | undefined> {
  const row = await db.kysely
    .selectFrom('people')
    .select(['id', 'email', 'role', 'firstName', 'lastName', 'status', 'kind'])
    .where('id', '=', personId)
    .executeTakeFirst();
  return row && row.kind === 'user' && row.status === 'active' ? principalOf(row) : undefined;
}

export async function principalForSession(db: Database, token: string): Promise<Principal | undefined> {
  const session = await db.kysely
    .selectFrom('sessions')
    .selectAll()
    .where('tokenHash', '=', tokenHash(token))
    .where('expiresAt', '>', now())
    .executeTakeFirst();
  return session ? activeUser(db, session.personId) : undefined;
}

/** Creates an API token for a user; the token itself is shown once and only its hash is kept. */
export async function createApiToken(db: Database, email: string, name = 'cli'): Promise<string> {
  const person = await findPersonByEmail(db, email);
  if (!person || person.kind !== 'user') throw new RosterError('not_found', `No user has the email ${email}.`);
  const token = 'rst_' + randomBytes(32).toString('base64url');
  await db.kysely
    .insertInto('apiTokens')
    .values({ tokenHash: tokenHash(token), personId: person.id, name, createdAt: now(), lastUsedAt: null })
    .execute();
  return token;
}

export async function principalForApiToken(db: Database, token: string): Promise<Principal | undefined> {
  const row = await db.kysely
    .selectFrom('apiTokens')
    .select(['id', 'personId'])
    .where('tokenHash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row) return undefined;
  await db.kysely.updateTable('apiTokens').set({ lastUsedAt: now() }).where('id', '=', row.id).execute();
  return activeUser(db, row.personId);
}

/** Removes expired sessions; cheap enough to run at start and now and then. */
export async function pruneSessions(db: Database): Promise<void> {
  await db.kysely
    .deleteFrom('sessions')
    .where('expiresAt', '<=', sql<string>`${now()}`)
    .execute();
}
