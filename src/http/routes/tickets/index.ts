import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { validationError } from '../../../core/errors.js';
import { submitTicket } from '../../../db/repositories/ticket-submission.js';
import { createTicket, deleteTicket, getTicket, listTickets, updateTicket, type TicketRecord } from '../../../db/repositories/tickets.js';
import { errorResponses, idParams, noContent, recordBody, recordSchema } from '../common-schemas.js';
import { listTicketMessages } from '../../../db/repositories/ticket-messages.js';
import { createdTicket, ticketCreateBody, ticketMessageList, ticketPage, ticketListOptions, ticketQuery } from './schemas.js';

/** List, read, create, update and delete tickets at `/api/tickets`. */
const ticketRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ['tickets'];

  app.get(
    '/api/tickets',
    { schema: { tags, summary: 'List tickets', querystring: ticketQuery, response: { 200: ticketPage, 400: errorResponses[400] } } },
    async (request) => listTickets(db, ticketListOptions(request.query)),
  );

  app.get(
    '/api/tickets/:id',
    { schema: { tags, summary: 'One ticket', params: idParams, response: { 200: recordSchema, 404: errorResponses[404] } } },
    async (request) => getTicket(db, request.params.id),
  );

  app.get(
    '/api/tickets/:id/messages',
    {
      schema: {
        tags,
        summary: 'A ticket’s messages, oldest first (plain text)',
        params: idParams,
        response: { 200: ticketMessageList, 404: errorResponses[404] },
      },
    },
    async (request) => ({ items: await listTicketMessages(db, request.params.id) }),
  );

  app.post(
    '/api/tickets',
    {
      schema: {
        tags,
        summary: 'Create a ticket (customer and assignee by email, or a requester found or created as a customer)',
        body: ticketCreateBody,
        response: { 201: createdTicket, 400: errorResponses[400], 409: errorResponses[409] },
      },
    },
    async (request, reply) => {
      const { requesterEmail, requesterName, ...fields } = request.body;
      if (requesterEmail === undefined) {
        if (requesterName !== undefined) throw validationError('requesterName', 'requesterName needs requesterEmail.');
        return reply.code(201).send(await createTicket(db, fields));
      }
      const { title, description, ...rest } = fields;
      if (typeof title !== 'string') throw validationError('title', 'Title is required.');
      if (description !== undefined && description !== null && typeof description !== 'string')
        throw validationError('description', 'Description must be text.');
      const { ticket, requester } = await submitTicket(db, {
        requesterEmail,
        requesterName: requesterName ?? null,
        title,
        description: description ?? null,
        source: 'api_ticket',
        fields: rest,
      });
      // The record's catch-all (one value per property) cannot type the one object-valued key; the schema checks it on the way out.
      return reply.code(201).send({ ...ticket, requester } as unknown as TicketRecord);
    },
  );

  app.patch(
    '/api/tickets/:id',
    {
      schema: {
        tags,
        summary: 'Change a ticket',
        params: idParams,
        body: recordBody,
        response: { 200: recordSchema, 400: errorResponses[400], 404: errorResponses[404], 409: errorResponses[409] },
      },
    },
    async (request) => updateTicket(db, request.params.id, request.body),
  );

  app.delete(
    '/api/tickets/:id',
    {
      config: { adminOnly: 'delete a ticket' },
      schema: {
        tags,
        summary: 'Delete a ticket (admin)',
        params: idParams,
        response: { 204: noContent, 403: errorResponses[403], 404: errorResponses[404] },
      },
    },
    async (request, reply) => {
      await deleteTicket(db, request.params.id);
      return reply.code(204).send(null);
    },
  );
};

export default ticketRoutes;
