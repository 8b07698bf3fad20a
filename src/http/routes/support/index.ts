import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SupportFormLimits } from '../../../config.js';
import { RosterError } from '../../../core/errors.js';
import { submitTicket } from '../../../db/repositories/ticket-submission.js';
import { errorResponses } from '../common-schemas.js';
import { supportTicketAnswer, supportTicketBody } from './schemas.js';

export interface SupportRoutesOptions {
  limits: SupportFormLimits;
}

/**
 * The largest body the form may send: the longest message (10,000 characters) can take 60 KB as
 * JSON when every character is escaped; anything bigger is refused before it is read.
 */
const BODY_LIMIT = 64 * 1024;

const tooMany = errorResponses[429].describe('Too many tickets from this address: wait the seconds that `Retry-After` gives.');

/**
 * `POST /api/support/tickets`: the public support form, open to anyone. The sender becomes a
 * customer when their email is new (see submitTicket). The answer is the same whoever sends it,
 * so the form never tells whether an email is known. Each client address may send
 * `limits.maxPerAddress` tickets per window, counted before the body is checked, so that
 * refused attempts count too.
 */
const supportRoutes: FastifyPluginAsyncZod<SupportRoutesOptions> = async (app, { limits }) => {
  const { db } = app;
  const byAddress = app.createRateLimit({
    max: limits.maxPerAddress,
    timeWindow: limits.windowMinutes * 60_000,
    keyGenerator: (request) => `support-form:address:${normalizeIP(request.ip)}`,
  });

  app.post(
    '/api/support/tickets',
    {
      config: { public: true },
      bodyLimit: BODY_LIMIT,
      onRequest: async (request, reply) => {
        const limit = await byAddress(request);
        if (!limit.isAllowed && limit.isExceeded) {
          const minutes = Math.max(1, Math.ceil(limit.ttlInSeconds / 60));
          reply.header('retry-after', String(limit.ttlInSeconds));
          throw new RosterError(
            'rate_limited',
            `Too many tickets from your address; try again in ${minutes === 1 ? 'a minute' : `${minutes} minutes`}.`,
          );
        }
      },
      schema: {
        security: [],
        tags: ['support'],
        summary: 'Send a ticket through the public support form (no sign-in)',
        body: supportTicketBody,
        response: {
          201: supportTicketAnswer,
          400: errorResponses[400],
          429: tooMany,
        },
      },
    },
    async (request, reply) => {
      const { name, email, subject, message } = request.body;
      const { ticket } = await submitTicket(
        db,
        { requesterEmail: email, requesterName: name ?? null, title: subject, description: message, source: 'ticket_form' },
        { requesterEmail: 'email', requesterName: 'name', title: 'subject', description: 'message' },
      );
      const number = Number(ticket.number);
      return reply.code(201).send({ number, message: `Thank you: your request was received as ticket #${number}.` });
    },
  );
};

export default supportRoutes;
