import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { RosterError } from '../../../core/errors.js';
import { recordsCsv } from '../../../core/record-csv.js';
import { setPassword } from '../../../db/repositories/auth.js';
import {
  createPerson,
  deactivatePerson,
  deletePerson,
  getPerson,
  listPeople,
  updatePerson,
  type PeopleKind,
} from '../../../db/repositories/people.js';
import { listProperties } from '../../../db/repositories/properties.js';
import { allRecordPages } from '../../../db/repositories/record-pages.js';
import { principalOf, sessionTokenOf } from '../../plugins/auth.js';
import { errorResponses, idParams, noContent, recordBody } from '../common-schemas.js';
import { bulkAnswer, bulkBody, passwordBody, peopleCsv, peopleExportQuery, peoplePage, peopleQuery, personSchema } from './schemas.js';
import { checkUserChange, checkUserDelete } from './user-permissions.js';

export interface PeopleRoutesOptions extends Record<string, unknown> {
  kind: PeopleKind;
}

/** List, read, create, update, deactivate and delete users or customers at `/api/{kind}`. */
const peopleRoutes: FastifyPluginAsyncZod<PeopleRoutesOptions> = async (app, { kind }) => {
  const { db } = app;
  const base = `/api/${kind}`;
  const one = kind === 'users' ? 'user' : 'customer';
  const tags = [kind];
  const guard = async (request: Parameters<typeof principalOf>[0], id: number | undefined, input: Record<string, unknown>) => {
    if (kind !== 'users') return;
    checkUserChange(principalOf(request), id === undefined ? undefined : await getPerson(db, kind, id), input);
  };

  app.get(
    base,
    { schema: { tags, summary: `List ${kind}`, querystring: peopleQuery, response: { 200: peoplePage, 400: errorResponses[400] } } },
    async (request) => listPeople(db, kind, request.query),
  );

  app.get(
    `${base}/export.csv`,
    {
      schema: {
        tags,
        summary: `Export ${kind} as CSV`,
        description: `The file \`roster ${kind} export\` writes, narrowed by the list's search and filters, or to a selection by \`ids\`.`,
        querystring: peopleExportQuery,
        produces: ['text/csv'],
        response: { 200: peopleCsv, 400: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const { ids, ...filters } = request.query;
      const properties = await listProperties(db, kind);
      const pages = allRecordPages(db, kind, { ...filters, ...(ids ? { ids: ids.split(',').map(Number) } : {}) });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${kind}.csv"`)
        .send(Readable.from(recordsCsv(properties, pages)));
    },
  );

  app.post(
    `${base}/bulk`,
    {
      schema: {
        tags,
        summary: `Deactivate or delete several ${kind}`,
        description:
          'Each id on its own, in order: one refused (not found, the last admin, your own account) fails with a sentence and the others still go through.',
        body: bulkBody,
        response: { 200: bulkAnswer, 400: errorResponses[400], 403: errorResponses[403] },
      },
    },
    async (request) => {
      const { action, ids } = request.body;
      const principal = principalOf(request);
      if (action === 'delete' && principal.role !== 'admin') throw new RosterError('forbidden', `Only an admin may delete ${kind}.`);
      const results: { id: number; ok: boolean; code?: string; message?: string }[] = [];
      for (const id of new Set(ids)) {
        try {
          if (action === 'delete') {
            if (kind === 'users') checkUserDelete(principal, id);
            await deletePerson(db, kind, id);
          } else {
            await guard(request, id, {});
            await deactivatePerson(db, kind, id);
          }
          results.push({ id, ok: true });
        } catch (error) {
          if (!(error instanceof RosterError)) throw error;
          results.push({ id, ok: false, code: error.code, message: error.message });
        }
      }
      const failed = results.filter((r) => !r.ok).length;
      return { results, succeeded: results.length - failed, failed };
    },
  );

  app.get(
    `${base}/:id`,
    { schema: { tags, summary: `One ${one}`, params: idParams, response: { 200: personSchema, 404: errorResponses[404] } } },
    async (request) => getPerson(db, kind, request.params.id),
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: `Create a ${one}`,
        body: recordBody,
        response: { 201: personSchema, 400: errorResponses[400], 403: errorResponses[403], 409: errorResponses[409] },
      },
    },
    async (request, reply) => {
      await guard(request, undefined, request.body);
      return reply.code(201).send(await createPerson(db, kind, request.body));
    },
  );

  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: `Change a ${one}`,
        params: idParams,
        body: recordBody,
        response: {
          200: personSchema,
          400: errorResponses[400],
          403: errorResponses[403],
          404: errorResponses[404],
          409: errorResponses[409],
        },
      },
    },
    async (request) => {
      await guard(request, request.params.id, request.body);
      return updatePerson(db, kind, request.params.id, request.body);
    },
  );

  app.post(
    `${base}/:id/deactivate`,
    {
      schema: {
        tags,
        summary: `Deactivate a ${one}`,
        description: kind === 'users' ? 'The last active admin cannot be deactivated (409).' : undefined,
        params: idParams,
        response: { 200: personSchema, 403: errorResponses[403], 404: errorResponses[404], 409: errorResponses[409] },
      },
    },
    async (request) => {
      await guard(request, request.params.id, {});
      return deactivatePerson(db, kind, request.params.id);
    },
  );

  app.delete(
    `${base}/:id`,
    {
      config: { adminOnly: `delete a ${one}` },
      schema: {
        tags,
        summary: `Delete a ${one} (admin)`,
        params: idParams,
        response: { 204: noContent, 403: errorResponses[403], 404: errorResponses[404], 409: errorResponses[409] },
      },
    },
    async (request, reply) => {
      if (kind === 'users') checkUserDelete(principalOf(request), request.params.id);
      await deletePerson(db, kind, request.params.id);
      return reply.code(204).send(null);
    },
  );

  if (kind === 'users') {
    app.post(
      `${base}/:id/password`,
      {
        config: { adminOnly: "set a user's password" },
        schema: {
          tags,
          summary: "Set a user's password so they can sign in (admin); ends the user's sessions but the caller's own",
          params: idParams,
          body: passwordBody,
          response: { 204: noContent, 400: errorResponses[400], 403: errorResponses[403], 404: errorResponses[404] },
        },
      },
      async (request, reply) => {
        // Changing one's own password keeps the session it is changed from; every other one ends.
        const own = principalOf(request).id === request.params.id;
        const keepSession = own ? sessionTokenOf(request) : undefined;
        await setPassword(db, request.params.id, request.body.password, keepSession ? { keepSession } : {});
        return reply.code(204).send(null);
      },
    );
  }
};

export default peopleRoutes;
