import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { healthResponse } from './schemas.js';

/** `GET /api/health`: answers once the database does, for load balancers and monitors. */
const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        security: [],
        tags: ['system'],
        summary: 'Is the server up and its database reachable?',
        response: { 200: healthResponse },
      },
    },
    async () => {
      await sql`select 1`.execute(app.db.kysely);
      return { ok: true as const, database: app.db.dialect };
    },
  );
};

export default healthRoutes;
