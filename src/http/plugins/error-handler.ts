import type { FastifyError, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { RosterError, type ErrorCode } from '../../core/errors.js';
import { InputError, type FieldProblem } from '../../core/record-input.js';
import { sharedScope } from './shared-scope.js';

/** The body of every error answer, whatever went wrong. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string; problems?: FieldProblem[] };
}

/** The HTTP status of each error code; a switch so that a new code cannot be forgotten. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'validation':
    case 'import_unreadable':
    case 'import_mapping':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
    case 'setup_required':
    case 'import_state':
      return 409;
    case 'rate_limited':
      return 429;
  }
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/** Turns one schema issue into a field and a sentence a person can act on. */
function describeIssue(issue: FastifySchemaValidationError, where: string | undefined): FieldProblem {
  const path = issue.instancePath.split('/').filter((s) => s !== '');
  const params = issue.params;
  if (issue.keyword === 'unrecognized_keys') {
    // zod's unrecognized_keys issue lists the keys by name.
    const key = (params.keys as string[] | undefined)?.[0] ?? '';
    return { field: [...path, key].join('.'), message: `"${key}" is not a field here.` };
  }
  const field = path.join('.');
  if (field === '') {
    return { field: '', message: where === 'body' ? 'The request body must be a JSON object.' : `The ${where ?? 'request'} is not valid.` };
  }
  const name = `"${field}"`;
  switch (issue.keyword) {
    case 'invalid_type':
      if (/received undefined/.test(issue.message ?? '')) return { field, message: `${name} is required.` };
      return { field, message: `${name} must be ${EXPECTED[String(params.expected)] ?? String(params.expected)}.` };
    case 'too_big':
      return {
        field,
        message: `${name} must be at most ${String(params.maximum)}${params.origin === 'string' ? ' characters long' : ''}.`,
      };
    case 'too_small':
      if (params.origin === 'string' && Number(params.minimum) === 1) return { field, message: `${name} must not be empty.` };
      return {
        field,
        message: `${name} must be at least ${String(params.minimum)}${params.origin === 'string' ? ' characters long' : ''}.`,
      };
    case 'invalid_value':
      return { field, message: `${name} must be one of ${(params.values as unknown[]).map(String).join(', ')}.` };
    case 'invalid_format':
      return { field, message: `${name} ${issue.message ?? 'is not in the expected format'}.` };
    case 'invalid_union':
      return { field, message: `${name} must be text, a number, true/false or null.` };
    default:
      return { field, message: `${name}: ${issue.message ?? 'is not valid'}.` };
  }
}

function send(reply: FastifyReply, status: number, error: ErrorBody['error']): FastifyReply {
  return reply.code(status).type('application/json').send({ error });
}

/**
 * The one error handler: Roster's own errors keep their code and sentence, schema errors name
 * the field, and anything unexpected becomes a plain 500 whose details go only to the log.
 */
export const errorHandler = sharedScope(async (app) => {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof InputError) {
      return send(reply, 400, {
        code: 'validation',
        message: error.message,
        field: error.problems[0]?.field ?? '',
        problems: error.problems,
      });
    }
    if (error instanceof RosterError) {
      const body: ErrorBody['error'] = { code: error.code, message: error.message };
      if (error.location.field) body.field = error.location.field;
      return send(reply, statusOf(error.code), body);
    }
    if (hasZodFastifySchemaValidationErrors(error) || (error.validation && error.validation.length > 0)) {
      const problems = (error.validation ?? []).map((issue) => describeIssue(issue, error.validationContext));
      const first = problems[0] ?? { field: '', message: 'The request is not valid.' };
      const body: ErrorBody['error'] = { code: 'validation', message: problems.map((p) => p.message).join(' ') };
      if (first.field) body.field = first.field;
      if (problems.length > 1) body.problems = problems;
      return send(reply, 400, body);
    }
    // Fastify's own client errors (bad JSON, wrong content type, body too large) carry a 4xx status.
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : 'validation';
      return send(reply, status, { code, message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return send(reply, 500, { code: 'internal', message: 'Something went wrong on the server; the details are in the server log.' });
  });
});

/** Answers an unknown API path with the usual error body. */
export function sendApiNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return send(reply, 404, { code: 'not_found', message: `Nothing answers ${request.method} ${request.url.split('?')[0]} here.` });
}
