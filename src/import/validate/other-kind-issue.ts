import type { ImportIssue } from '../types.js';

/**
 * The problem of a row whose email belongs to the other kind of person (`kind`): one email is a
 * user or a customer, never both. One sentence wherever it is found: while reading, on the
 * importing thread, or at the merge (the same words in SQL: mergeChunk).
 */
export function otherKindIssue(row: number, header: string, key: string, kind: 'user' | 'customer'): ImportIssue {
  return {
    row,
    column: header,
    value: key,
    code: 'other_kind',
    message: `Row ${row}, column "${header}": ${key} already belongs to a ${kind}; one email is a user or a customer, never both (import it with the ${kind}s, or use another email).`,
  };
}
