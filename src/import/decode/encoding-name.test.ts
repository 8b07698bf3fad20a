import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENCODING_NAMES, toEncodingName } from './encoding-name.js';

describe('toEncodingName', () => {
  it('accepts every WHATWG name as it is', () => {
    for (const name of ENCODING_NAMES) assert.equal(toEncodingName(name), name);
  });

  it('accepts the spellings people type', () => {
    assert.equal(toEncodingName('UTF8'), 'utf-8');
    assert.equal(toEncodingName(' latin1 '), 'iso-8859-1');
    assert.equal(toEncodingName('Latin-1'), 'iso-8859-1');
    assert.equal(toEncodingName('CP1252'), 'windows-1252');
    assert.equal(toEncodingName('windows_1252'), 'windows-1252');
    assert.equal(toEncodingName('Unicode'), 'utf-16le');
    assert.equal(toEncodingName('UTF-16'), 'utf-16le');
    assert.equal(toEncodingName('utf16be'), 'utf-16be');
  });

  it('returns undefined for encodings Roster does not read', () => {
    assert.equal(toEncodingName('shift_jis'), undefined);
    assert.equal(toEncodingName('utf-32'), undefined);
    assert.equal(toEncodingName(''), undefined);
  });
});
