import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  addProperty,
  changeProperty,
  listProperties,
  orderProperties,
  propertyUsage,
  removeProperty,
} from '../../../db/repositories/properties.js';
import { errorResponses } from '../common-schemas.js';
import {
  kindParams,
  newPropertyBody,
  propertyChangeBody,
  propertyList,
  propertyOrderBody,
  propertyParams,
  propertySchema,
  propertyUsage as propertyUsageSchema,
  removedProperty,
} from './schemas.js';

/**
 * The properties (fields) of each record kind; admins add, relabel, require and remove custom ones,
 * hide standard ones from the web forms, and order them all.
 */
const propertyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ['properties'];

  app.get(
    '/api/properties/:kind',
    {
      schema: {
        tags,
        summary: 'The properties of a record kind',
        params: kindParams,
        response: { 200: propertyList, 400: errorResponses[400] },
      },
    },
    async (request) => ({ properties: await listProperties(db, request.params.kind) }),
  );

  app.post(
    '/api/properties/:kind',
    {
      config: { adminOnly: 'add a property' },
      schema: {
        tags,
        summary: 'Add a custom property (admin)',
        params: kindParams,
        body: newPropertyBody,
        response: { 201: propertySchema, 400: errorResponses[400], 403: errorResponses[403], 409: errorResponses[409] },
      },
    },
    async (request, reply) => reply.code(201).send(await addProperty(db, request.params.kind, request.body)),
  );

  app.patch(
    '/api/properties/:kind/:key',
    {
      config: { adminOnly: 'change a property' },
      schema: {
        tags,
        summary: 'Change a property (admin): a custom one’s label, choices or requirement; whether a standard one is hidden',
        params: propertyParams,
        body: propertyChangeBody,
        response: {
          200: propertySchema,
          400: errorResponses[400],
          403: errorResponses[403],
          404: errorResponses[404],
          409: errorResponses[409],
        },
      },
    },
    async (request) => changeProperty(db, request.params.kind, request.params.key, request.body),
  );

  app.put(
    '/api/properties/:kind/order',
    {
      config: { adminOnly: 'order the properties' },
      schema: {
        tags,
        summary: 'Put the properties of a kind in a new order, naming every key once (admin)',
        params: kindParams,
        body: propertyOrderBody,
        response: { 200: propertyList, 400: errorResponses[400], 403: errorResponses[403] },
      },
    },
    async (request) => ({ properties: await orderProperties(db, request.params.kind, request.body.keys) }),
  );

  app.get(
    '/api/properties/:kind/:key/usage',
    {
      config: { adminOnly: 'count the values of a property' },
      schema: {
        tags,
        summary: 'How many records have a value for a custom property (admin)',
        params: propertyParams,
        response: { 200: propertyUsageSchema, 400: errorResponses[400], 403: errorResponses[403], 404: errorResponses[404] },
      },
    },
    async (request) => ({ records: await propertyUsage(db, request.params.kind, request.params.key) }),
  );

  app.delete(
    '/api/properties/:kind/:key',
    {
      config: { adminOnly: 'remove a property' },
      schema: {
        tags,
        summary: 'Remove a custom property and erase its values (admin)',
        params: propertyParams,
        response: {
          200: removedProperty,
          400: errorResponses[400],
          403: errorResponses[403],
          404: errorResponses[404],
        },
      },
    },
    async (request) => removeProperty(db, request.params.kind, request.params.key),
  );
};

export default propertyRoutes;
