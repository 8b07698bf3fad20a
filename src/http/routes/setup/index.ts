import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { RosterError } from '../../../core/errors.js';
import { createFirstAdmin, setupIsOpen, type Principal } from '../../../db/repositories/auth.js';
import { errorResponses } from '../common-schemas.js';
import { setupBody, setupStatus, userResponse } from './schemas.js';

/** First run: tells whether an admin exists, and creates the first one (signed in at once). */
const setupRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;

  app.get(
    '/api/setup',
    {
      config: { public: true },
      schema: { security: [], tags: ['session'], summary: 'Does Roster still need its first admin?', response: { 200: setupStatus } },
    },
    async () => ({ needsSetup: await setupIsOpen(db) }),
  );

  app.post(
    '/api/setup',
    {
      config: { public: true },
      schema: {
        security: [],
        tags: ['session'],
        summary: 'Create the first admin and sign them in',
        body: setupBody,
        response: { 200: userResponse, 400: errorResponses[400], 409: errorResponses[409] },
      },
    },
    async (request, reply) => {
      // A quick answer for the common case; createFirstAdmin decides atomically when setups race.
      if (!(await setupIsOpen(db))) throw new RosterError('conflict', 'Roster is already set up; sign in instead.');
      const admin = await createFirstAdmin(db, request.body);
      const user: Principal = {
        id: admin.id,
        email: String(admin.email),
        role: 'admin',
        firstName: String(admin.firstName),
        lastName: String(admin.lastName),
      };
      await app.sessions.start(request, reply, user.id);
      return { user };
    },
  );
};

export default setupRoutes;
