import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Property } from './properties.js';
import { normalizeValue, textRuleOf, toJsonValue } from './values.js';

const prop = (type: Property['type'], choices?: string[]): Property => ({
  key: 'k',
  label: 'K',
  type,
  required: false,
  custom: true,
  ...(choices ? { choices } : {}),
});

describe('values by type', () => {
  it('text is kept exactly, leading zeros and spaces included', () => {
    assert.deepEqual(normalizeValue(prop('text'), ' 007 '), { ok: true, value: ' 007 ' });
    assert.deepEqual(normalizeValue(prop('text'), ''), { ok: true, value: null });
  });

  it('booleans in seven languages', () => {
    for (const yes of ['yes', 'TRUE', '1', 'oui', 'ja', 'sí', 'sim', 'waar'])
      assert.deepEqual(normalizeValue(prop('boolean'), yes), { ok: true, value: 'true' }, yes);
    for (const no of ['no', 'False', '0', 'non', 'nein', 'não', 'nee'])
      assert.deepEqual(normalizeValue(prop('boolean'), no), { ok: true, value: 'false' }, no);
    assert.equal(normalizeValue(prop('boolean'), 'maybe').ok, false);
  });

  it('numbers, choices and urls', () => {
    assert.deepEqual(normalizeValue(prop('number'), ' 42 '), { ok: true, value: '42' });
    assert.deepEqual(normalizeValue(prop('number'), '-1.5e3'), { ok: true, value: '-1500' });
    assert.equal(normalizeValue(prop('number'), '1,5').ok, false);
    assert.deepEqual(normalizeValue(prop('choice', ['Gold', 'Silver']), 'gold'), { ok: true, value: 'Gold' });
    assert.equal(normalizeValue(prop('choice', ['Gold']), 'Bronze').ok, false);
    assert.deepEqual(normalizeValue(prop('url'), 'example.com/x'), { ok: true, value: 'example.com/x' });
    assert.equal(normalizeValue(prop('url'), 'javascript:alert(1)').ok, false);
    assert.equal(normalizeValue(prop('url'), 'not a url').ok, false);
  });

  it('phones are kept as written, with E.164 when the default country tells how to read them', () => {
    assert.deepEqual(normalizeValue(prop('phone'), ' 01 23 45 67 89 ', { defaultCountry: 'FR' }), {
      ok: true,
      value: '01 23 45 67 89',
      e164: '+33123456789',
    });
    assert.deepEqual(normalizeValue(prop('phone'), '01 23 45 67 89'), { ok: true, value: '01 23 45 67 89' });
    assert.deepEqual(normalizeValue(prop('phone'), 'ext. 42'), {
      ok: false,
      message:
        '"ext. 42" is not a phone number; write it with its country code, e.g. +1 201 555 0123, or set the default country to read numbers without one',
    });
    assert.deepEqual(normalizeValue(prop('phone'), '12', { defaultCountry: 'SE' }), {
      ok: false,
      message: '"12" is not a phone number in Sweden (+46); write it with its country code, e.g. +46 70 123 45 67',
    });
  });

  it('a language is stored as its tag, a time zone as its IANA name; other text as written', () => {
    const language: Property = { key: 'language', label: 'Language', type: 'text', required: false, custom: false };
    const timeZone: Property = { key: 'timeZone', label: 'Time Zone', type: 'text', required: false, custom: false };
    assert.deepEqual(normalizeValue(language, ' Swedish '), { ok: true, value: 'sv' });
    assert.deepEqual(normalizeValue(language, '  '), { ok: true, value: null });
    assert.deepEqual(normalizeValue(language, 'Klingon'), {
      ok: false,
      message: '"Klingon" is not a language Roster knows; write its code (sv, pt-BR) or its English name (Swedish)',
    });
    assert.deepEqual(normalizeValue(timeZone, 'us/eastern'), { ok: true, value: 'America/New_York' });
    assert.deepEqual(normalizeValue(timeZone, 'Mars/Olympus'), {
      ok: false,
      message: '"Mars/Olympus" is not a time zone; write its IANA name, such as Europe/Stockholm or America/New_York',
    });
    // A custom property that happens to have the key is the admin's own text.
    assert.deepEqual(normalizeValue({ ...language, custom: true }, 'Klingon'), { ok: true, value: 'Klingon' });
    assert.equal(textRuleOf(language), 'language');
    assert.equal(textRuleOf(prop('text')), undefined);
  });

  it('emails are normalised and checked', () => {
    assert.deepEqual(normalizeValue(prop('email'), ' mailto:A@B.com'), { ok: true, value: 'a@b.com' });
    assert.equal(normalizeValue(prop('email'), 'pas-une-adresse').ok, false);
  });

  it('JSON values are typed for numbers and booleans only', () => {
    assert.equal(toJsonValue({ type: 'number' }, '12.5'), 12.5);
    assert.equal(toJsonValue({ type: 'boolean' }, 'false'), false);
    assert.equal(toJsonValue({ type: 'text' }, '007'), '007');
    assert.equal(toJsonValue({ type: 'text' }, null), null);
  });
});
