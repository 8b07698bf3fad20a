import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RosterConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { auth } from './plugins/auth.js';
import { errorHandler } from './plugins/error-handler.js';
import { DEFAULT_WEB_ROOT, staticWeb } from './plugins/static-web.js';
import { apiDocs } from './plugins/swagger.js';
import healthRoutes from './routes/health/index.js';
import importTemplateRoutes from './routes/import-templates/index.js';
import importRoutes from './routes/imports/index.js';
import organizationRoutes from './routes/organizations/index.js';
import peopleRoutes from './routes/people/index.js';
import propertyRoutes from './routes/properties/index.js';
import sessionRoutes from './routes/session/index.js';
import settingsRoutes from './routes/settings/index.js';
import setupRoutes from './routes/setup/index.js';
import ticketRoutes from './routes/tickets/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The open database; the app keeps no other state, so instances can share one PostgreSQL. */
    db: Database;
    /** Where the app's data lives, for routes that store files (import uploads). */
    rosterConfig: RosterConfig | undefined;
  }
}

export interface BuildAppOptions {
  db: Database;
  config?: RosterConfig;
  logger?: FastifyServerOptions['logger'];
  /** Mark the session cookie Secure on every request; defaults to ROSTER_SECURE_COOKIES=1. */
  secureCookies?: boolean;
  /** The built web UI; defaults to dist/web in the package. */
  webRoot?: string;
}

/**
 * Builds the HTTP app around an open database, without listening: the server and the tests
 * call this. Plugins load in order: external ones, then the app's own, then the routes.
 *
 * @example
 * const app = await buildApp({ db: await openDatabase(configFromEnv()) });
 * await app.listen({ port: 3000 });
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('db', options.db);
  app.decorate('rosterConfig', options.config);

  // External plugins.
  await app.register(cookie);
  await app.register(apiDocs);

  // The app's own plugins.
  await app.register(errorHandler);
  await app.register(auth, { db: options.db, secureCookies: options.secureCookies ?? process.env.ROSTER_SECURE_COOKIES === '1' });
  await app.register(staticWeb, { webRoot: options.webRoot ?? DEFAULT_WEB_ROOT });

  // Routes.
  await app.register(healthRoutes);
  await app.register(setupRoutes);
  await app.register(sessionRoutes);
  await app.register(peopleRoutes, { kind: 'users' });
  await app.register(peopleRoutes, { kind: 'customers' });
  await app.register(organizationRoutes);
  await app.register(ticketRoutes);
  await app.register(propertyRoutes);
  await app.register(settingsRoutes);
  await app.register(importRoutes);
  await app.register(importTemplateRoutes);

  await app.ready();
  return app;
}
