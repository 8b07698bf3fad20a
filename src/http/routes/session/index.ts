import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { RosterError } from '../../../core/errors.js';
import { setupIsOpen, verifyCredentials } from '../../../db/repositories/auth.js';
import { principalOf } from '../../plugins/auth.js';
import { errorResponses, noContent } from '../common-schemas.js';
import { userResponse } from '../setup/schemas.js';
import { signInBody } from './schemas.js';

/** Sign in (sets the session cookie), sign out, and who am I. */
const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.post(
    '/api/session',
    {
      config: { public: true },
      schema: {
        security: [],
        tags: ['session'],
        summary: 'Sign in with email and password; sets the roster_session cookie',
        body: signInBody,
        response: {
          200: userResponse,
          400: errorResponses[400],
          401: errorResponses[401],
          409: errorResponses[409],
          429: errorResponses[429],
        },
      },
    },
    async (request, reply) => {
      const attempt = await app.signInAttempts.begin(request, reply, request.body.email);
      const user = await verifyCredentials(db, request.body.email, request.body.password);
      if (!user) {
        if (await setupIsOpen(db)) throw new RosterError('setup_required', 'Roster is not set up yet: create the first admin first.');
        throw new RosterError('unauthorized', 'The email or password is wrong.');
      }
      await attempt.succeeded();
      await app.sessions.start(request, reply, user.id);
      return { user };
    },
  );

  // Public on purpose: signing out must work, and clear the cookie, even when the session is already gone.
  app.delete(
    '/api/session',
    { config: { public: true }, schema: { security: [], tags: ['session'], summary: 'Sign out', response: { 204: noContent } } },
    async (request, reply) => {
      await app.sessions.end(request, reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/me',
    { schema: { tags: ['session'], summary: 'The signed-in user', response: { 200: userResponse, 401: errorResponses[401] } } },
    async (request) => ({ user: principalOf(request) }),
  );
};

export default sessionRoutes;
