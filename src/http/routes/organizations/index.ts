import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createOrganization,
  deleteOrganization,
  getOrganization,
  listOrganizations,
  updateOrganization,
} from '../../../db/repositories/organizations.js';
import { errorResponses, idParams, noContent, pageQuery } from '../common-schemas.js';
import { createOrganizationBody, organizationPage, organizationSchema, updateOrganizationBody } from './schemas.js';

/** List, read, create, update and delete organizations at `/api/organizations`. */
const organizationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ['organizations'];

  app.get(
    '/api/organizations',
    {
      schema: {
        tags,
        summary: 'List organizations',
        querystring: pageQuery,
        response: { 200: organizationPage, 400: errorResponses[400] },
      },
    },
    async (request) => listOrganizations(db, request.query),
  );

  app.get(
    '/api/organizations/:id',
    { schema: { tags, summary: 'One organization', params: idParams, response: { 200: organizationSchema, 404: errorResponses[404] } } },
    async (request) => getOrganization(db, request.params.id),
  );

  app.post(
    '/api/organizations',
    {
      schema: {
        tags,
        summary: 'Create an organization',
        body: createOrganizationBody,
        response: { 201: organizationSchema, 400: errorResponses[400], 409: errorResponses[409] },
      },
    },
    async (request, reply) => reply.code(201).send(await createOrganization(db, request.body)),
  );

  app.patch(
    '/api/organizations/:id',
    {
      schema: {
        tags,
        summary: 'Change an organization',
        params: idParams,
        body: updateOrganizationBody,
        response: { 200: organizationSchema, 400: errorResponses[400], 404: errorResponses[404], 409: errorResponses[409] },
      },
    },
    async (request) => updateOrganization(db, request.params.id, request.body),
  );

  app.delete(
    '/api/organizations/:id',
    {
      config: { adminOnly: 'delete an organization' },
      schema: {
        tags,
        summary: 'Delete an organization (admin)',
        params: idParams,
        response: { 204: noContent, 403: errorResponses[403], 404: errorResponses[404] },
      },
    },
    async (request, reply) => {
      await deleteOrganization(db, request.params.id);
      return reply.code(204).send(null);
    },
  );
};

export default organizationRoutes;
