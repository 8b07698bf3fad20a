import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalLanguage } from './language.js';

describe('languages', () => {
  it('reads ISO 639-1 codes and BCP 47 tags in any case, stored in their canonical form', () => {
    assert.equal(canonicalLanguage('sv'), 'sv');
    assert.equal(canonicalLanguage(' SV '), 'sv');
    assert.equal(canonicalLanguage('pt-br'), 'pt-BR');
    assert.equal(canonicalLanguage('pt_BR'), 'pt-BR');
    assert.equal(canonicalLanguage('zh-hant-tw'), 'zh-Hant-TW');
    assert.equal(canonicalLanguage('es-419'), 'es-419');
    // Retired and three-letter codes of an ISO 639-1 language become its code.
    assert.equal(canonicalLanguage('iw'), 'he');
    assert.equal(canonicalLanguage('swe'), 'sv');
  });

  it('reads English names, also with a region, in any case', () => {
    assert.equal(canonicalLanguage('Swedish'), 'sv');
    assert.equal(canonicalLanguage('PORTUGUESE'), 'pt');
    assert.equal(canonicalLanguage('Portuguese (Brazil)'), 'pt-BR');
    assert.equal(canonicalLanguage('norwegian bokmål'), 'nb');
  });

  it('refuses what is no ISO 639-1 language, or says more than a language', () => {
    for (const bad of ['Klingon', 'tlh', 'xx', 'English (Mars)', 'en-ZZ', 'de-1996', 'en-US-u-ca-buddhist', 'Swedish please', '', '-'])
      assert.equal(canonicalLanguage(bad), undefined, bad);
  });
});
