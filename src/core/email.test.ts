import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emailDomain, isValidEmail, normalizeEmail } from './email.js';

describe('email', () => {
  it('normalises: trims, drops mailto:, lower-cases', () => {
    assert.equal(normalizeEmail('  MAILTO:Ann.Lee@Example.COM '), 'ann.lee@example.com');
    assert.equal(normalizeEmail('mailto: bob@x.org'), 'bob@x.org');
  });

  it('accepts what a browser type=email accepts and nothing else', () => {
    for (const ok of ['a@b', 'first.last+tag@sub.example.co.uk', "o'brien@example.ie", 'x@localhost', 'a_b-c@ex-ample.com']) {
      assert.ok(isValidEmail(ok), ok);
    }
    for (const bad of [
      '',
      'plain',
      'a@',
      '@b.com',
      'a b@c.com',
      'a@b..com',
      'a@-b.com',
      'a@b-.com',
      '"quoted"@example.com',
      'a@b.com.',
      'ü@example.com',
    ]) {
      assert.ok(!isValidEmail(bad), bad);
    }
  });

  it('finds the domain', () => {
    assert.equal(emailDomain('a@Sub.Example.com'), 'sub.example.com');
    assert.equal(emailDomain('nope'), '');
  });
});
