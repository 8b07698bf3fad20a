import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPhone, toE164 } from './phone.js';

describe('phone numbers', () => {
  it('accepts a possible number of the default country, or of its own +country code', () => {
    assert.deepEqual(checkPhone('08 123 456 78', 'SE'), { ok: true, value: '08 123 456 78', e164: '+46812345678' });
    assert.deepEqual(checkPhone('+44 20 7946 0958', 'SE'), { ok: true, value: '+44 20 7946 0958', e164: '+442079460958' });
    assert.deepEqual(checkPhone('0046 8 123 456 78', 'SE'), { ok: true, value: '0046 8 123 456 78', e164: '+46812345678' });
    assert.deepEqual(checkPhone('+46 8 123 456 78 ext. 42', 'SE'), { ok: true, value: '+46 8 123 456 78 ext. 42', e164: '+46812345678' });
  });

  it('keeps a number with its +code in E.164 bounds, as the demo range +1 555 0100, without an E.164 form', () => {
    assert.deepEqual(checkPhone('+1 555 0100'), { ok: true, value: '+1 555 0100' });
    assert.deepEqual(checkPhone('+1 555 0100', 'US'), { ok: true, value: '+1 555 0100' });
    assert.deepEqual(checkPhone('+1 555 0100 x12', 'SE'), { ok: true, value: '+1 555 0100 x12' });
    assert.equal(checkPhone('+1 1234 5678 9012 345').ok, false, '16 digits are more than E.164 allows');
  });

  it('keeps a possible number that is not valid (a fictional 555 number), without an E.164 form', () => {
    assert.deepEqual(checkPhone('(555) 010-0123', 'US'), { ok: true, value: '(555) 010-0123' });
    assert.equal(toE164('(555) 010-0123', 'US'), undefined);
  });

  it('refuses what is not a number of its country, saying how to write it', () => {
    assert.deepEqual(checkPhone('12', 'SE'), {
      ok: false,
      message: '"12" is not a phone number in Sweden (+46); write it with its country code, e.g. +46 70 123 45 67',
    });
    assert.deepEqual(checkPhone('+46 12', 'FR'), {
      ok: false,
      message: '"+46 12" is not a phone number in Sweden (+46): it has too few digits',
    });
    assert.deepEqual(checkPhone('+1 555 01'), {
      ok: false,
      message: '"+1 555 01" is not a phone number in United States (+1): it has too few digits',
    });
    assert.deepEqual(checkPhone('+33 1 23 45 67 89 / 06 11 22 33 44', 'FR'), {
      ok: false,
      message: '"+33 1 23 45 67 89 / 06 11 22 33 44" is not a phone number in France (+33): it has too many digits',
    });
    assert.deepEqual(checkPhone('+999 123', 'FR'), {
      ok: false,
      message: `"+999 123" is not a phone number: the digits after + are no country's calling code`,
    });
    assert.equal(checkPhone('n/a', 'FR').ok, false);
  });

  it('without a default country, a number without its +code need only look like a national number', () => {
    assert.deepEqual(checkPhone('01 23 45 67 89'), { ok: true, value: '01 23 45 67 89' });
    assert.deepEqual(checkPhone('070-123 45 67 ext. 42'), { ok: true, value: '070-123 45 67 ext. 42' });
    for (const bad of ['12', 'n/a', '-', 'ext. 12', '0123 ask for Bob']) assert.equal(checkPhone(bad).ok, false, bad);
    assert.deepEqual(checkPhone('+46 8 123 456 78'), { ok: true, value: '+46 8 123 456 78', e164: '+46812345678' });
  });
});
