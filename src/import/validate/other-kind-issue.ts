import { otherKindSentence } from '../../core/import-sentences.js';
import type { ImportIssue } from '../types.js';

/**
 * The problem of a row whose email belongs to the other kind of person (`kind`): one email is a
 * user or a customer, never both. One sentence wherever it is found: while reading, on the
 * importing thread, or at the merge (otherKindSentence).
 */
export function otherKindIssue(row: number, header: string, key: string, kind: 'user' | 'customer'): ImportIssue {
  return { row, column: header, value: key, code: 'other_kind', message: otherKindSentence(row, header, key, kind) };
}
