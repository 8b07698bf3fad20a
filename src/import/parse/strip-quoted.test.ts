import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stripQuoted } from './strip-quoted.js';

describe('stripQuoted', () => {
  it('removes quoted values, doubled quotes and line breaks inside them', () => {
    assert.equal(stripQuoted('a;"Dupont; Frères";b\r\n'), 'a;;b\r\n');
    assert.equal(stripQuoted('1,"ha ""ha""\nha",2'), '1,,2');
  });

  it('leaves text without quotes and an unclosed quote alone', () => {
    assert.equal(stripQuoted('a,b\nc,d'), 'a,b\nc,d');
    assert.equal(stripQuoted('a,"b,c\nd'), 'a,"b,c\nd');
  });
});
