import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../database.js';
import { now } from './now.js';

/** A counter's state: the failures in its window and when the window ends (ISO-8601). */
export interface FailureCount {
  failures: number;
  resetsAt: string;
}

// Keys hold emails and client addresses (and sometimes a password typed into the email field):
// only their hash is stored.
function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Counts one failure for a key, atomically: a single upsert, so concurrent attempts on any
 * number of instances each get their own number. The window starts at the first failure and
 * does not move with later ones; a failure after it ended starts a new window.
 */
export async function countSignInFailure(db: Database, key: string, windowMs: number): Promise<FailureCount> {
  const t = now();
  const resetsAt = new Date(Date.now() + windowMs).toISOString();
  // Raw fragments are not renamed by the camel-case plugin, hence snake_case inside them.
  return db.kysely
    .insertInto('signInFailures')
    .values({ keyHash: keyHash(key), failures: 1, resetsAt })
    .onConflict((oc) =>
      oc.column('keyHash').doUpdateSet({
        failures: sql<number>`CASE WHEN sign_in_failures.resets_at <= ${t} THEN 1 ELSE sign_in_failures.failures + 1 END`,
        resetsAt: sql<string>`CASE WHEN sign_in_failures.resets_at <= ${t} THEN excluded.resets_at ELSE sign_in_failures.resets_at END`,
      }),
    )
    .returning(['failures', 'resetsAt'])
    .executeTakeFirstOrThrow();
}

/** The failures counted for a key in its current window, without counting one. */
export async function readSignInFailures(db: Database, key: string): Promise<FailureCount | undefined> {
  return db.kysely
    .selectFrom('signInFailures')
    .select(['failures', 'resetsAt'])
    .where('keyHash', '=', keyHash(key))
    .where('resetsAt', '>', now())
    .executeTakeFirst();
}

/**
 * Takes one counted failure back (an attempt counted before it was checked turned out right). A
 * counter back at zero is removed, so that a window always starts at a real failure.
 */
export async function uncountSignInFailure(db: Database, key: string): Promise<void> {
  const hash = keyHash(key);
  await db.kysely
    .updateTable('signInFailures')
    .set({ failures: sql<number>`failures - 1` })
    .where('keyHash', '=', hash)
    .where('failures', '>', 0)
    .where('resetsAt', '>', now())
    .execute();
  await db.kysely.deleteFrom('signInFailures').where('keyHash', '=', hash).where('failures', '<=', 0).execute();
}

/** Removes counters whose window has ended; housekeeping runs it. */
export async function pruneSignInFailures(db: Database): Promise<void> {
  await db.kysely.deleteFrom('signInFailures').where('resetsAt', '<=', now()).execute();
}
