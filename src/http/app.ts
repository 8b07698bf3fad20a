import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RosterConfig, SignInLimits, SupportFormLimits } from '../config.js';
import { RosterError } from '../core/errors.js';
import type { Database } from '../db/database.js';
import { auth } from './plugins/auth.js';
import { errorHandler } from './plugins/error-handler.js';
import { sameOrigin } from './plugins/same-origin.js';
import { securityHeaders } from './plugins/security-headers.js';
import { signInLimits } from './plugins/sign-in-limits.js';
import { DEFAULT_WEB_ROOT, staticWeb } from './plugins/static-web.js';
import { apiDocs } from './plugins/swagger.js';
import healthRoutes from './routes/health/index.js';
import importTemplateRoutes from './routes/import-templates/index.js';
import importRoutes from './routes/imports/index.js';
import invitationRoutes from './routes/invitations/index.js';
import organizationRoutes from './routes/organizations/index.js';
import peopleRoutes from './routes/people/index.js';
import propertyRoutes from './routes/properties/index.js';
import sessionRoutes from './routes/session/index.js';
import settingsRoutes from './routes/settings/index.js';
import setupRoutes from './routes/setup/index.js';
import supportRoutes from './routes/support/index.js';
import ticketRoutes from './routes/tickets/index.js';
import tokenRoutes from './routes/tokens/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The open database; the app keeps no other state, so instances can share one PostgreSQL. */
    db: Database;
    /** The configuration the app was built with, for routes that need part of it (import uploads and tuning). */
    rosterConfig: RosterConfig;
  }
}

export interface BuildAppOptions {
  db: Database;
  /** The configuration (configFromEnv); the options below override parts of it. */
  config: RosterConfig;
  logger?: FastifyServerOptions['logger'];
  /** Mark the session cookie Secure on every request; defaults to config.secureCookies (ROSTER_SECURE_COOKIES=1). */
  secureCookies?: boolean;
  /** The built web UI; defaults to dist/web in the package. */
  webRoot?: string;
  /** The address people open Roster at, accepted as a same-origin Origin; defaults to config.publicUrl (ROSTER_PUBLIC_URL). */
  publicUrl?: string;
  /**
   * The proxies whose X-Forwarded-For (client address), X-Forwarded-Host and X-Forwarded-Proto
   * are believed: comma-separated addresses and ranges; defaults to config.trustProxy (ROSTER_TRUST_PROXY), else none.
   */
  trustProxy?: string;
  /** Failed sign-ins allowed per account and per address; defaults to config.signInLimits (the ROSTER_SIGNIN_* variables). */
  signInLimits?: Partial<SignInLimits>;
  /** Support-form tickets allowed per address; defaults to config.supportFormLimits (the ROSTER_SUPPORT_FORM_* variables). */
  supportFormLimits?: Partial<SupportFormLimits>;
}

/**
 * Fastify's `trustProxy` from ROSTER_TRUST_PROXY: the proxies' addresses and ranges
 * (`127.0.0.1,10.0.0.0/8`). Never "trust everyone": a client could then name any address it likes
 * and dodge the per-address sign-in limit.
 */
function trustedProxies(setting: string | undefined): string | false {
  const value = setting?.trim();
  if (!value) return false;
  if (!/^[0-9a-f.:/,\s]+$/i.test(value))
    throw new RosterError('validation', `ROSTER_TRUST_PROXY must list proxy addresses (127.0.0.1,10.0.0.0/8), not "${value}".`, {
      field: 'ROSTER_TRUST_PROXY',
    });
  return value;
}

/**
 * Builds the HTTP app around an open database, without listening: the server and the tests
 * call this. Plugins load in order: external ones, then the app's own, then the routes.
 *
 * @example
 * const config = configFromEnv();
 * const app = await buildApp({ db: await openDatabase(config), config });
 * await app.listen({ port: 3000 });
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const serverOptions: FastifyServerOptions = {
    logger: options.logger ?? false,
    trustProxy: trustedProxies(options.trustProxy ?? config.trustProxy),
  };
  const app = Fastify(serverOptions).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('db', options.db);
  app.decorate('rosterConfig', config);
  const secureCookies = options.secureCookies ?? config.secureCookies;

  // External plugins.
  await app.register(securityHeaders, { https: secureCookies });
  await app.register(cookie);
  await app.register(apiDocs);

  // The app's own plugins.
  await app.register(errorHandler);
  await app.register(sameOrigin, { publicUrl: options.publicUrl ?? config.publicUrl });
  await app.register(auth, { db: options.db, secureCookies });
  await app.register(signInLimits, { db: options.db, limits: { ...config.signInLimits, ...options.signInLimits } });
  await app.register(staticWeb, { webRoot: options.webRoot ?? DEFAULT_WEB_ROOT });

  // Routes.
  await app.register(healthRoutes);
  await app.register(setupRoutes);
  await app.register(sessionRoutes);
  await app.register(invitationRoutes);
  await app.register(peopleRoutes, { kind: 'users' });
  await app.register(peopleRoutes, { kind: 'customers' });
  await app.register(organizationRoutes);
  await app.register(ticketRoutes);
  await app.register(supportRoutes, { limits: { ...config.supportFormLimits, ...options.supportFormLimits } });
  await app.register(propertyRoutes);
  await app.register(settingsRoutes);
  await app.register(tokenRoutes);
  await app.register(importRoutes);
  await app.register(importTemplateRoutes);

  await app.ready();
  return app;
}
