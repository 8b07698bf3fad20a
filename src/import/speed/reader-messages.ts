import { RosterError, type ErrorCode, type ErrorLocation } from '../../core/errors.js';
import type { ValidatedBatch } from '../validate/validate-file.js';

/** What the reading thread posts. */
export type FromReader = { type: 'batch'; batch: ValidatedBatch } | { type: 'done' } | { type: 'error'; error: SerializedError };

/** What the importing thread posts back: a batch was taken, the reader may read one more. */
export type ToReader = { type: 'taken' };

export interface SerializedError {
  message: string;
  stack?: string;
  roster?: { code: ErrorCode; location: ErrorLocation };
}

/** Errors cross threads as plain data; a RosterError keeps its code and location (the CLI's and API's answer depend on them). */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof RosterError) return { message: error.message, roster: { code: error.code, location: error.location } };
  if (error instanceof Error) return { message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { message: String(error) };
}

export function reviveError(error: SerializedError): Error {
  if (error.roster) return new RosterError(error.roster.code, error.message, error.roster.location);
  const revived = new Error(error.message);
  if (error.stack) revived.stack = error.stack;
  return revived;
}
