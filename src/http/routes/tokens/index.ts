import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { issueApiToken, listApiTokens, revokeApiToken } from '../../../db/repositories/auth.js';
import { principalOf } from '../../plugins/auth.js';
import { errorResponses, idParams, noContent } from '../common-schemas.js';
import { createdToken, tokenCreateBody, tokenList, tokenListQuery } from './schemas.js';

/** API tokens: admins list every user's tokens, create one for any user (themselves by default) and revoke any. */
const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ['tokens'];

  app.get(
    '/api/tokens',
    {
      config: { adminOnly: 'list API tokens' },
      schema: {
        tags,
        summary: 'List API tokens, never the tokens themselves (admin)',
        querystring: tokenListQuery,
        response: { 200: tokenList, 403: errorResponses[403], 404: errorResponses[404] },
      },
    },
    async (request) => ({ items: await listApiTokens(db, request.query.email === undefined ? {} : { email: request.query.email }) }),
  );

  app.post(
    '/api/tokens',
    {
      config: { adminOnly: 'create API tokens' },
      schema: {
        tags,
        summary: 'Create an API token acting as a user (admin); the answer is the only time the token is shown',
        body: tokenCreateBody,
        response: { 201: createdToken, 400: errorResponses[400], 403: errorResponses[403], 404: errorResponses[404] },
      },
    },
    async (request, reply) => {
      const { name, email, expiresInDays } = request.body;
      const expiresAt = expiresInDays === undefined ? null : new Date(Date.now() + expiresInDays * 86_400_000).toISOString();
      const { token, record } = await issueApiToken(db, { email: email ?? principalOf(request).email, name, expiresAt });
      return reply.code(201).send({ ...record, token });
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      config: { adminOnly: 'revoke API tokens' },
      schema: {
        tags,
        summary: 'Revoke an API token: it is refused from the next request on (admin)',
        params: idParams,
        response: { 204: noContent, 403: errorResponses[403], 404: errorResponses[404] },
      },
    },
    async (request, reply) => {
      await revokeApiToken(db, request.params.id);
      return reply.code(204).send(null);
    },
  );
};

export default tokenRoutes;
