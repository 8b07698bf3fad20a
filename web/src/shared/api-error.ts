/** One field the server refused, as listed in an error's `problems`. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * A failed API call. The server always answers errors as `{ error: { code, message, field?, problems? } }`;
 * this keeps those parts typed so forms can put each message next to its field.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
  }

  /** Messages by field: every problem, plus the single `field` of a one-field error. */
  fieldMessages(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const p of this.problems) out[p.field] ??= p.message;
    if (this.field && !(this.field in out)) out[this.field] = this.message;
    return out;
  }
}

/** Turns whatever a call threw into a sentence a person can read. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'Roster could not reach the server. Check your connection and try again.';
  return error instanceof Error ? error.message : String(error);
}
