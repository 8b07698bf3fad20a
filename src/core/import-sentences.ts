/**
 * The sentences of the import's row problems, built in one place whoever finds the problem: the
 * reading thread, the staging, a correction, or the merge in SQL (which selects the facts and
 * builds the sentence here). Pure functions: the reports and tests compare these words exactly.
 */

/** What a record's key is called in a sentence: people are found by email, organizations by name. */
export type KeyName = 'email' | 'organization name' | 'external ID';

/** The key's name for an import of `entity`. */
export function keyNameOf(entity: 'users' | 'customers' | 'organizations' | 'tickets'): KeyName {
  if (entity === 'tickets') return 'external ID';
  return entity === 'organizations' ? 'organization name' : 'email';
}

/**
 * Row `row`'s ticket names, in column `header`, a person of the wrong kind: a user as the customer
 * (`wanted` 'customer') or a customer as the assignee (`wanted` 'user').
 */
export function wrongLinkSentence(row: number, header: string, email: string, wanted: 'user' | 'customer'): string {
  const is = wanted === 'customer' ? 'a user (an agent)' : 'a customer';
  const role = wanted === 'customer' ? "the ticket's customer" : 'its assignee';
  return `Row ${row}, column "${header}": ${email} is ${is}, so it cannot be ${role}; put a ${wanted}'s email in this column, or leave it empty.`;
}

/** Row `row`'s email (`key`, in column `header`) belongs to the other kind of person (`kind`). */
export function otherKindSentence(row: number, header: string, key: string, kind: 'user' | 'customer'): string {
  return `Row ${row}, column "${header}": ${key} already belongs to a ${kind}; one email is a user or a customer, never both (import it with the ${kind}s, or use another email).`;
}

/** Row `row` repeats the key (`key`, in column `header`) of row `firstRow`, which alone is imported. */
export function duplicateSentence(row: number, header: string, key: string, firstRow: number, keyName: KeyName): string {
  return `Row ${row}, column "${header}": row ${row} repeats the ${keyName} ${key} of row ${firstRow} (the same ${keyName} once normalised); only row ${firstRow} is imported.`;
}
