import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { standardProperties } from './properties.js';
import { normalizeValue } from './values.js';
import { clip, maxLength } from './value-limits.js';

describe('maxLength', () => {
  it('gives names 200, email 254, phone 100, url 2,048, notes 10,000 and other text 1,000', () => {
    const limits = Object.fromEntries(standardProperties('customers').map((p) => [p.key, maxLength(p)]));
    assert.deepEqual(
      [limits.firstName, limits.lastName, limits.organization, limits.email, limits.phone, limits.website, limits.notes, limits.city],
      [200, 200, 200, 254, 100, 2048, 10_000, 1000],
    );
    assert.equal(maxLength({ key: 'notes', type: 'text', custom: true }), 1000, 'a custom property is limited by its type');
  });

  it('refuses a longer value with its length and the limit, and takes one at the limit', () => {
    const firstName = standardProperties('customers').find((p) => p.key === 'firstName')!;
    assert.deepEqual(normalizeValue(firstName, 'x'.repeat(900_000)), {
      ok: false,
      message: 'the value is 900,000 characters long, more than the 200 First Name can hold',
    });
    assert.deepEqual(normalizeValue(firstName, 'x'.repeat(200)), { ok: true, value: 'x'.repeat(200) });
  });
});

describe('clip', () => {
  it('cuts a long value to 200 characters with an ellipsis, never inside a character', () => {
    assert.equal(clip('short'), 'short');
    assert.equal(clip('y'.repeat(1_000_000)), 'y'.repeat(200) + '…');
    assert.equal(clip('y'.repeat(199) + '🎉🎉'), 'y'.repeat(199) + '…');
  });

  it('keeps a bad value in a message short', () => {
    const email = standardProperties('customers').find((p) => p.key === 'email')!;
    const result = normalizeValue(email, 'z'.repeat(250));
    assert.deepEqual(result, { ok: false, message: `"${'z'.repeat(200)}…" is not a valid email address` });
  });
});
