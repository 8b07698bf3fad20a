import rateLimit, { normalizeIP, type FastifyRateLimitStore, type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignInLimits } from '../../config.js';
import { RosterError } from '../../core/errors.js';
import type { Database } from '../../db/database.js';
import { countSignInFailure, readSignInFailures, uncountSignInFailure } from '../../db/repositories/sign-in-failures.js';
import { sharedScope } from './shared-scope.js';

/** One sign-in attempt, counted as a failure until it turns out right. */
export interface SignInAttempt {
  /** The password was right: the attempt is taken off the counters, so success never locks anyone out. */
  succeeded(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    signInAttempts: {
      /**
       * Counts an attempt to sign in as `email` against the account and the client address, and
       * refuses it (`rate_limited`, 429 with Retry-After) when either has used up its failures.
       */
      begin(request: FastifyRequest, reply: FastifyReply, email: string): Promise<SignInAttempt>;
    };
  }
}

export interface SignInLimitsOptions extends Record<string, unknown> {
  db: Database;
  limits: SignInLimits;
}

/**
 * @fastify/rate-limit's store protocol over the `sign_in_failures` table, so that every instance
 * sharing the database sees the same counters.
 */
function databaseStore(db: Database): FastifyRateLimitStoreCtor {
  const ttlUntil = (resetsAt: string): number => Math.max(0, Date.parse(resetsAt) - Date.now());
  return class DatabaseStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      countSignInFailure(db, key, timeWindow).then(
        (count) => callback(null, { current: count.failures, ttl: ttlUntil(count.resetsAt) }),
        (error: Error) => callback(error),
      );
    }
    read(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void): void {
      readSignInFailures(db, key).then(
        (count) => callback(null, count ? { current: count.failures, ttl: ttlUntil(count.resetsAt) } : { current: 0, ttl: 0 }),
        (error: Error) => callback(error),
      );
    }
    child(): FastifyRateLimitStore {
      return new DatabaseStore();
    }
  };
}

function inMinutes(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? 'a minute' : `${minutes} minutes`;
}

/**
 * Limits failed sign-ins per account and per client address. An attempt is counted before its
 * password is checked and taken back when it was right: counting only afterwards would let
 * parallel guesses all pass the check before any of them is counted. Unknown emails are counted
 * like known ones, so the limit does not tell which accounts exist.
 */
export const signInLimits = sharedScope<SignInLimitsOptions>(async (app, { db, limits }) => {
  await app.register(rateLimit, { global: false, store: databaseStore(db) });
  const timeWindow = limits.windowMinutes * 60_000;
  const emails = new WeakMap<FastifyRequest, string>();
  const accountKey = (request: FastifyRequest): string => `account:${emails.get(request) ?? ''}`;
  const addressKey = (request: FastifyRequest): string => `address:${normalizeIP(request.ip)}`;
  const byAccount = app.createRateLimit({ max: limits.maxFailures, timeWindow, keyGenerator: accountKey });
  const byAddress = app.createRateLimit({ max: limits.maxFailuresPerAddress, timeWindow, keyGenerator: addressKey });

  app.decorate('signInAttempts', {
    async begin(request, reply, email) {
      emails.set(request, email.trim().toLowerCase());
      const account = await byAccount(request);
      const address = await byAddress(request);
      let retryAfter = 0;
      let message = '';
      if (!address.isAllowed && address.isExceeded) {
        retryAfter = address.ttlInSeconds;
        message = `Too many failed sign-ins from your address; try again in ${inMinutes(retryAfter)}.`;
      }
      if (!account.isAllowed && account.isExceeded && account.ttlInSeconds >= retryAfter) {
        retryAfter = account.ttlInSeconds;
        message = `Too many failed sign-ins for this account; try again in ${inMinutes(retryAfter)}.`;
      }
      if (message) {
        reply.header('retry-after', String(retryAfter));
        throw new RosterError('rate_limited', message);
      }
      return {
        async succeeded() {
          await uncountSignInFailure(db, account.key);
          await uncountSignInFailure(db, address.key);
        },
      };
    },
  });
});
