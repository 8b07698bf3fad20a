import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { sharedScope } from './shared-scope.js';

/** Where the interactive API docs live; `${DOCS_PREFIX}/json` is the OpenAPI document. */
export const DOCS_PREFIX = '/api/docs';

/** Generates the OpenAPI description from the routes' zod schemas and serves it with Swagger UI. */
export const apiDocs = sharedScope(async (app) => {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Roster API',
        description: 'People directory for a helpdesk: users, customers, organizations, tickets and their properties.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'roster_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // No online validator: its badge is an image from validator.swagger.io, which the CSP (rightly) refuses.
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: { validatorUrl: null } });
});
