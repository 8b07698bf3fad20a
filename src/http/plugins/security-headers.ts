import helmet from '@fastify/helmet';
import { sharedScope } from './shared-scope.js';

export interface SecurityHeadersOptions extends Record<string, unknown> {
  /** Roster is served over https (ROSTER_SECURE_COOKIES): browsers are also told to keep to https. */
  https: boolean;
}

/**
 * The Content-Security-Policy of the web app. Scripts come only from Roster's own files (Vite
 * writes no inline script into index.html), which is what keeps injected markup from running.
 * Styles also allow inline ones: Radix's dialogs lock the page's scroll with a `<style>` element
 * they insert (react-remove-scroll), and inline styles run no code. The favicon is a data: URL.
 * The API docs (Swagger UI) live under the same policy: @fastify/swagger-ui serves its start-up
 * script as a file, and its icons are data: URLs.
 */
export const APP_CSP: Record<string, string[]> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

/**
 * Security headers on every answer (@fastify/helmet): the CSP above, `X-Content-Type-Options:
 * nosniff`, no framing, no referrer, same-origin opener and resources. Over https (only there do
 * browsers heed it) also `Strict-Transport-Security` and `upgrade-insecure-requests`; sent over
 * plain http, the latter would send a LAN install's own requests to an https port it lacks.
 */
export const securityHeaders = sharedScope<SecurityHeadersOptions>(async (app, { https }) => {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: https ? { ...APP_CSP, 'upgrade-insecure-requests': [] } : APP_CSP,
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: https ? { maxAge: 15_552_000, includeSubDomains: false } : false,
  });
});
