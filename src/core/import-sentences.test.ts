import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { duplicateSentence, keyNameOf, otherKindSentence } from './import-sentences.js';

describe('import sentences', () => {
  it('say that an email belongs to the other kind of person', () => {
    assert.equal(
      otherKindSentence(7, 'Email', 'ann@example.com', 'customer'),
      'Row 7, column "Email": ann@example.com already belongs to a customer; one email is a user or a customer, never both (import it with the customers, or use another email).',
    );
  });

  it('say which row a duplicate repeats, in the words of its key', () => {
    assert.equal(
      duplicateSentence(9, 'Email', 'ann@example.com', 3, keyNameOf('users')),
      'Row 9, column "Email": row 9 repeats the email ann@example.com of row 3 (the same email once normalised); only row 3 is imported.',
    );
    assert.equal(
      duplicateSentence(4, 'Name', 'acme', 2, keyNameOf('organizations')),
      'Row 4, column "Name": row 4 repeats the organization name acme of row 2 (the same organization name once normalised); only row 2 is imported.',
    );
  });
});
