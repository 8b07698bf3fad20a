import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { RosterError } from '../../../core/errors.js';
import type { Principal } from '../../../db/repositories/auth.js';
import {
  acceptSignInLink,
  describeSignInLink,
  issueSignInLink,
  requestPasswordReset,
  revokeSignInLinks,
  type SignInLinkPurpose,
} from '../../../db/repositories/invitations.js';
import { deliverSignInLink, deliveryMessage } from '../../../mail/deliver-sign-in-link.js';
import { createMailer } from '../../../mail/outbound.js';
import { principalOf } from '../../plugins/auth.js';
import { errorResponses, idParams, noContent } from '../common-schemas.js';
import { userResponse } from '../setup/schemas.js';
import {
  acceptBody,
  bulkInvitationAnswer,
  bulkInvitationBody,
  deliveredLink,
  mailStatus,
  passwordResetAnswer,
  passwordResetBody,
  signInLinkInfo,
  tokenParams,
} from './schemas.js';

/** The one answer to "I forgot my password", whoever asks: it must not tell who has an account. */
const RESET_ANSWER = 'If that email belongs to someone who can sign in to Roster, a link to choose a new password is on its way.';
const NO_MAIL = 'Roster cannot send email: no mail server is set up. Ask an admin to reset your password.';

/**
 * Where the links start: ROSTER_PUBLIC_URL, else the address the server listens on. Never the
 * request's Host header: whoever asks for a password reset chooses it, and could have the mailed
 * link point to their own site.
 */
export function linkBase(app: FastifyInstance): string {
  const configured = app.rosterConfig.publicUrl?.trim();
  if (configured) return configured;
  const address = app.server.address();
  if (!address || typeof address === 'string') return 'http://localhost:3000';
  const host = address.address === '0.0.0.0' || address.address === '::' ? 'localhost' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

function nameOf(principal: Principal): string {
  return `${principal.firstName} ${principal.lastName}`.trim() || principal.email;
}

/**
 * Sign-in links: admins invite users (one or many), send them a password reset, or revoke a
 * link; anyone holding a link sees whom it is for and uses it to choose a password, signed in at
 * once; anyone may ask for a password reset by email. With ROSTER_SMTP_URL set the links are
 * mailed; otherwise the admin gets each link to copy, and the forgot-password form says that mail
 * is not set up.
 */
const invitationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const mailer = createMailer(app.rosterConfig);
  app.addHook('onClose', async () => mailer?.close());
  const limits = app.rosterConfig.signInLimits;
  const timeWindow = limits.windowMinutes * 60_000;
  const resetEmails = new WeakMap<FastifyRequest, string>();
  const byAddress = app.createRateLimit({
    max: limits.maxFailuresPerAddress,
    timeWindow,
    keyGenerator: (request) => `password-reset:address:${normalizeIP(request.ip)}`,
  });
  const byAccount = app.createRateLimit({
    max: limits.maxFailures,
    timeWindow,
    keyGenerator: (request) => `password-reset:account:${resetEmails.get(request) ?? ''}`,
  });

  const deliver = async (request: FastifyRequest, userId: number, purpose: SignInLinkPurpose) => {
    const principal = principalOf(request);
    const link = await issueSignInLink(db, userId, purpose, { createdBy: principal.id });
    const delivered = await deliverSignInLink({ mailer, baseUrl: linkBase(app), sentBy: nameOf(principal) }, link);
    return { ...delivered, message: deliveryMessage(delivered) };
  };

  app.post(
    '/api/users/:id/invitation',
    {
      config: { adminOnly: 'invite users' },
      schema: {
        tags: ['users'],
        summary: 'Invite a user to choose a password, or invite them again (admin)',
        description:
          'Makes a one-time link that works for 7 days and revokes any earlier one. With ROSTER_SMTP_URL set it is mailed; otherwise the answer carries the link to copy.',
        params: idParams,
        response: { 200: deliveredLink, 403: errorResponses[403], 404: errorResponses[404], 409: errorResponses[409] },
      },
    },
    async (request) => deliver(request, request.params.id, 'invitation'),
  );

  app.delete(
    '/api/users/:id/invitation',
    {
      config: { adminOnly: 'revoke an invitation' },
      schema: {
        tags: ['users'],
        summary: "Revoke a user's invitation or password reset link (admin)",
        params: idParams,
        response: { 204: noContent, 403: errorResponses[403], 404: errorResponses[404] },
      },
    },
    async (request, reply) => {
      await revokeSignInLinks(db, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/users/invitations',
    {
      config: { adminOnly: 'invite users' },
      schema: {
        tags: ['users'],
        summary: 'Invite several users at once (admin)',
        description: 'Each user is invited as by POST /api/users/{id}/invitation; one who cannot be is listed in `problems`.',
        body: bulkInvitationBody,
        response: { 200: bulkInvitationAnswer, 400: errorResponses[400], 403: errorResponses[403] },
      },
    },
    async (request) => {
      const items = [];
      const problems = [];
      for (const userId of new Set(request.body.ids)) {
        try {
          items.push(await deliver(request, userId, 'invitation'));
        } catch (error) {
          if (!(error instanceof RosterError)) throw error;
          problems.push({ userId, message: error.message });
        }
      }
      return { items, problems };
    },
  );

  app.post(
    '/api/users/:id/password-reset',
    {
      config: { adminOnly: "reset a user's password" },
      schema: {
        tags: ['users'],
        summary: 'Send a user a link to choose a new password (admin)',
        description:
          'The password stays until the link is used; the link works for a day. A user who never had a password is sent an invitation instead.',
        params: idParams,
        response: { 200: deliveredLink, 403: errorResponses[403], 404: errorResponses[404], 409: errorResponses[409] },
      },
    },
    async (request) => deliver(request, request.params.id, 'password_reset'),
  );

  app.get(
    '/api/invitations/:token',
    {
      config: { public: true },
      schema: {
        security: [],
        tags: ['session'],
        summary: 'Whom an invitation or password reset link is for, and whether it still works',
        params: tokenParams,
        response: { 200: signInLinkInfo, 404: errorResponses[404] },
      },
    },
    async (request) => {
      const info = await describeSignInLink(db.kysely, request.params.token);
      if (!info)
        throw new RosterError('not_found', 'This link is not valid: check that it was copied whole, or ask an admin for a new one.');
      return info;
    },
  );

  app.post(
    '/api/invitations/:token/accept',
    {
      config: { public: true },
      schema: {
        security: [],
        tags: ['session'],
        summary: 'Choose a password with an invitation or password reset link; signs the user in',
        description: "The link works once. The user's other sessions end; API tokens stay.",
        params: tokenParams,
        body: acceptBody,
        response: { 200: userResponse, 400: errorResponses[400], 404: errorResponses[404], 409: errorResponses[409] },
      },
    },
    async (request, reply) => {
      const user = await acceptSignInLink(db, request.params.token, request.body.password);
      await app.sessions.start(request, reply, user.id);
      return { user };
    },
  );

  app.get(
    '/api/mail',
    {
      config: { public: true },
      schema: {
        security: [],
        tags: ['session'],
        summary: 'Can Roster send mail (password resets by email)?',
        response: { 200: mailStatus },
      },
    },
    async () => ({ configured: mailer !== undefined }),
  );

  app.post(
    '/api/password-resets',
    {
      config: { public: true },
      preHandler: async (request, reply) => {
        resetEmails.set(request, request.body.email.trim().toLowerCase());
        for (const limit of [await byAddress(request), await byAccount(request)]) {
          if (!limit.isAllowed && limit.isExceeded) {
            const minutes = Math.max(1, Math.ceil(limit.ttlInSeconds / 60));
            reply.header('retry-after', String(limit.ttlInSeconds));
            throw new RosterError(
              'rate_limited',
              `Too many password resets asked for; try again in ${minutes === 1 ? 'a minute' : `${minutes} minutes`}.`,
            );
          }
        }
      },
      schema: {
        security: [],
        tags: ['session'],
        summary: 'Forgot password: mail a link to choose a new one',
        description:
          'Answers 202 with the same body whether or not the email has an account; 409 when no mail is set up. Limited per address and per email as sign-ins are.',
        body: passwordResetBody,
        response: { 202: passwordResetAnswer, 400: errorResponses[400], 409: errorResponses[409], 429: errorResponses[429] },
      },
    },
    async (request, reply) => {
      if (!mailer) throw new RosterError('conflict', NO_MAIL);
      const link = await requestPasswordReset(db, request.body.email);
      if (link) {
        // Not awaited: the answer must come as fast for a known email as for an unknown one.
        void deliverSignInLink({ mailer, baseUrl: linkBase(app) }, link).then(
          (delivered) => delivered.mailError && request.log.warn({ userId: link.userId }, delivered.mailError),
          (error: unknown) => request.log.error({ err: error }, 'password reset mail failed'),
        );
      }
      return reply.code(202).send({ message: RESET_ANSWER });
    },
  );
};

export default invitationRoutes;
