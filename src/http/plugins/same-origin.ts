import type { FastifyRequest } from 'fastify';
import { RosterError } from '../../core/errors.js';
import { SESSION_COOKIE } from './auth.js';
import { sharedScope } from './shared-scope.js';

export interface SameOriginOptions extends Record<string, unknown> {
  /** The address people open Roster at (ROSTER_PUBLIC_URL), when a proxy makes it differ from the Host the server sees. */
  publicUrl: string | undefined;
}

/** The methods that change something; GET, HEAD and OPTIONS only read. */
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const CROSS_SITE =
  'Roster refuses a change sent from another site with your session; make it from Roster’s own pages, or use an API token.';
const NO_ORIGIN =
  'A change made with a session cookie must say where it comes from (an Origin or Sec-Fetch-Site header, as browsers send); scripts should use an API token.';

/** The origin (scheme, host and port) of ROSTER_PUBLIC_URL; a URL that does not parse stops the server with a sentence. */
export function publicOrigin(publicUrl: string | undefined): string | undefined {
  if (!publicUrl?.trim()) return undefined;
  try {
    return new URL(publicUrl.trim()).origin;
  } catch {
    throw new RosterError('validation', `ROSTER_PUBLIC_URL must be a URL such as https://roster.example.com, not "${publicUrl}".`, {
      field: 'ROSTER_PUBLIC_URL',
    });
  }
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined; // "null" (a sandboxed frame, a privacy redirect) or garbage: no origin we know.
  }
}

/**
 * Refuses cross-site request forgery: a change (POST, PUT, PATCH, DELETE) that rides on the
 * session cookie must come from Roster's own pages. Browsers say where a request comes from:
 * `Sec-Fetch-Site` (same-origin, or none for one the user typed) and `Origin` (always sent with
 * these methods), checked against the Host the request was sent to or ROSTER_PUBLIC_URL. A
 * cookie request with neither header is refused too, as no browser sends one. Calls with an
 * `Authorization: Bearer` token carry no ambient credential and pass; so does a request without
 * a session cookie and without these headers (a script signing in). Runs before the body is read,
 * so a forged upload is refused before a byte of it is stored.
 */
export const sameOrigin = sharedScope<SameOriginOptions>(async (app, { publicUrl }) => {
  const allowed = publicOrigin(publicUrl);
  const fromHere = (origin: string, request: FastifyRequest): boolean => origin === allowed || hostOf(origin) === request.host;

  app.addHook('onRequest', async (request) => {
    if (!UNSAFE.has(request.method)) return;
    if (/^Bearer\s/i.test(request.headers.authorization ?? '')) return;
    const site = request.headers['sec-fetch-site'];
    const origin = request.headers.origin;
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new RosterError('forbidden', CROSS_SITE);
    if (origin !== undefined && !fromHere(origin, request)) throw new RosterError('forbidden', CROSS_SITE);
    if (site === undefined && origin === undefined && request.cookies[SESSION_COOKIE] !== undefined)
      throw new RosterError('forbidden', NO_ORIGIN);
  });
});
