import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detectNewline } from './detect-newline.js';

describe('detectNewline', () => {
  it('recognises CRLF, LF and CR', () => {
    assert.equal(detectNewline('a,b\r\n1,2\r\n'), '\r\n');
    assert.equal(detectNewline('a,b\n1,2\n'), '\n');
    assert.equal(detectNewline('a,b\r1,2\r'), '\r');
  });

  it('goes by records, not by line breaks inside quoted cells (Excel writes LF there)', () => {
    assert.equal(detectNewline('Name,Address\r\nAnn,"1 Main St\nApt 2\nFloor 3"\r\nBob,x\r\n'), '\r\n');
    assert.equal(detectNewline('Name,Note\n"a\r\nb\r\nc",x\n'), '\n');
  });

  it('goes by the majority when line breaks are mixed', () => {
    assert.equal(detectNewline('a\r\nb\r\nc\nd\r\n'), '\r\n');
    assert.equal(detectNewline('a\nb\nc\r\nd\n'), '\n');
  });

  it('falls back to LF for a single line', () => {
    assert.equal(detectNewline('Email,Name'), '\n');
    assert.equal(detectNewline(''), '\n');
  });
});
