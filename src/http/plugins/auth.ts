import type { FastifyReply, FastifyRequest } from 'fastify';
import { RosterError } from '../../core/errors.js';
import type { Database } from '../../db/database.js';
import { createSession, endSession, principalForApiToken, principalForSession, type Principal } from '../../db/repositories/auth.js';
import { sharedScope } from './shared-scope.js';

/** The cookie that carries a browser session; its value is the session token. */
export const SESSION_COOKIE = 'roster_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user; set by the auth hook on every API route that is not public. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Open to anyone: setup, sign-in, health. */
    public?: boolean;
    /** Only admins may call this route; the words finish "Only an admin may …". */
    adminOnly?: string;
  }
  interface FastifyInstance {
    sessions: {
      /** Starts a session for a user and sets the session cookie on the reply. */
      start(request: FastifyRequest, reply: FastifyReply, personId: number): Promise<void>;
      /** Ends the request's session, if any, and clears the cookie. */
      end(request: FastifyRequest, reply: FastifyReply): Promise<void>;
    };
  }
}

export interface AuthOptions extends Record<string, unknown> {
  db: Database;
  /** Always mark the cookie Secure (behind a TLS-terminating proxy); otherwise only on https requests. */
  secureCookies: boolean;
}

/** The signed-in user, for a route that the auth hook has already guarded. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new RosterError('unauthorized', 'Sign in first.');
  return request.principal;
}

function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/** The token of the session the request is signed in with; undefined when it uses an API token (or nothing). */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  return bearerToken(request) ? undefined : request.cookies[SESSION_COOKIE];
}

/**
 * Authenticates every API request by session cookie or `Authorization: Bearer` API token and
 * applies the route's role rule. Sessions live in the database, so any number of app instances
 * can share them.
 */
export const auth = sharedScope<AuthOptions>(async (app, { db, secureCookies }) => {
  app.decorateRequest('principal', null);

  app.decorate('sessions', {
    async start(request, reply, personId) {
      const { token, expiresAt } = await createSession(db, personId);
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: secureCookies || request.protocol === 'https',
        expires: new Date(expiresAt),
      });
    },
    async end(request, reply) {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await endSession(db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    },
  });

  app.addHook('onRequest', async (request) => {
    // Either the matched route or the raw path being under /api is enough: the web app's wildcard
    // route also matches unknown /api paths, and a crafted URL must not dodge the check.
    const route = request.routeOptions.url;
    const isApi = (route !== undefined && /^\/api(\/|$)/.test(route)) || /^\/api(\/|$|\?)/.test(request.url);
    if (!isApi || request.routeOptions.config.public || route?.startsWith('/api/docs')) return;
    const token = bearerToken(request);
    const cookie = request.cookies[SESSION_COOKIE];
    const principal = token ? await principalForApiToken(db, token) : cookie ? await principalForSession(db, cookie) : undefined;
    if (!principal) {
      throw new RosterError(
        'unauthorized',
        token || cookie
          ? 'Your session has ended or the token is not valid; sign in again.'
          : 'Sign in first: this needs a session cookie or an API token.',
      );
    }
    request.principal = principal;
    const adminOnly = request.routeOptions.config.adminOnly;
    if (adminOnly && principal.role !== 'admin') throw new RosterError('forbidden', `Only an admin may ${adminOnly}.`);
  });
});
