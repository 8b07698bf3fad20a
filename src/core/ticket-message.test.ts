import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_SUBJECT, ticketReference, titleFromSubject, withAttachmentList } from './ticket-message.js';

describe('ticketReference', () => {
  it('reads the first [#N] of a subject', () => {
    assert.equal(ticketReference('Re: Printer jammed [#123]'), 123);
    assert.equal(ticketReference('[#7] and [#8]'), 7);
    assert.equal(ticketReference('AW: [#42]'), 42);
  });
  it('finds none without the brackets, for zero or for a number too large to be a ticket', () => {
    for (const subject of ['#123', '[123]', '[# 12]', '[#0]', '[#12345678901]', ''])
      assert.equal(ticketReference(subject), undefined, subject);
  });
});

describe('withAttachmentList', () => {
  it('lists attachments by name and size after the text', () => {
    assert.equal(
      withAttachmentList('Hello\n', [
        { filename: 'a.txt', size: 12 },
        { filename: null, size: 3 * 1024 * 1024 },
      ]),
      'Hello\n\nAttachments (not stored):\n- a.txt (12 B)\n- unnamed attachment (3.0 MB)',
    );
    assert.equal(withAttachmentList('', [{ filename: 'x.pdf', size: 2048 }]), 'Attachments (not stored):\n- x.pdf (2.0 KB)');
    assert.equal(withAttachmentList(' Just text ', []), 'Just text');
  });
});

describe('titleFromSubject', () => {
  it('trims, collapses spaces, cuts, and names an empty subject', () => {
    assert.equal(titleFromSubject('  Printer \n jammed ', 200), 'Printer jammed');
    assert.equal(titleFromSubject('   ', 200), NO_SUBJECT);
    assert.equal(titleFromSubject(undefined, 200), NO_SUBJECT);
    assert.equal(titleFromSubject('abcdef', 3), 'abc');
  });
});
