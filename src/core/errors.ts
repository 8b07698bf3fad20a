/**
 * Every failure Roster reports on purpose carries a stable code, a human sentence and,
 * where it concerns input, the row and column it comes from. Adapters (HTTP, CLI) turn the
 * code into a status or an exit code; they never parse the message.
 */
export type ErrorCode =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'setup_required'
  | 'import_unreadable'
  | 'import_mapping'
  | 'import_state'
  | 'rate_limited';

export interface ErrorLocation {
  row?: number;
  column?: string;
  field?: string;
}

export class RosterError extends Error {
  override readonly name = 'RosterError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly location: ErrorLocation = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function validationError(field: string, message: string): RosterError {
  return new RosterError('validation', message, { field });
}

export function notFound(what: string): RosterError {
  return new RosterError('not_found', `${what} was not found.`);
}

export function conflict(message: string, field?: string): RosterError {
  return new RosterError('conflict', message, field ? { field } : {});
}
