import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { incompleteUtf8Tail, scanUtf8, tallyUtf8 } from './utf8-scan.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('scanUtf8', () => {
  it('accepts ASCII and every length of character', () => {
    const b = Buffer.from('a é € 𝄞 z', 'utf8');
    assert.deepEqual(scanUtf8(b), { validUpTo: b.length, truncated: false });
  });

  it('stops at a stray Windows-1252 byte', () => {
    // "Café;" written by Excel on Windows: é is the single byte 0xE9.
    const b = bytes(0x43, 0x61, 0x66, 0xe9, 0x3b);
    assert.deepEqual(scanUtf8(b), { validUpTo: 3, truncated: false });
  });

  it('rejects overlong forms, surrogates and code points above U+10FFFF', () => {
    assert.equal(scanUtf8(bytes(0xc0, 0x80)).validUpTo, 0);
    assert.equal(scanUtf8(bytes(0xe0, 0x80, 0x80)).validUpTo, 0);
    assert.equal(scanUtf8(bytes(0xed, 0xa0, 0x80)).validUpTo, 0);
    assert.equal(scanUtf8(bytes(0xf4, 0x90, 0x80, 0x80)).validUpTo, 0);
    assert.equal(scanUtf8(bytes(0x41, 0xf5, 0x80, 0x80, 0x80)).validUpTo, 1);
  });

  it('tells a character cut off by the end of the buffer from a bad one', () => {
    assert.deepEqual(scanUtf8(bytes(0x41, 0xe2, 0x82)), { validUpTo: 1, truncated: true });
    assert.deepEqual(scanUtf8(bytes(0x41, 0xe2, 0x41)), { validUpTo: 1, truncated: false });
  });

  it('agrees with the WHATWG decoder on random bytes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed);
    for (let round = 0; round < 3000; round++) {
      const b = new Uint8Array(1 + (rand() % 12));
      // Bias towards the interesting range so that valid multi-byte characters happen too.
      for (let i = 0; i < b.length; i++) b[i] = rand() % 3 === 0 ? rand() % 0x80 : 0x80 + (rand() % 0x80);
      let valid = true;
      try {
        strict.decode(b);
      } catch {
        valid = false;
      }
      const scan = scanUtf8(b);
      assert.equal(scan.validUpTo === b.length, valid, `bytes ${Buffer.from(b).toString('hex')}`);
    }
  });
});

describe('incompleteUtf8Tail', () => {
  it('counts the bytes of a character that continues in the next chunk', () => {
    const euro = Buffer.from('€', 'utf8');
    assert.equal(incompleteUtf8Tail(Buffer.from('ab')), 0);
    assert.equal(incompleteUtf8Tail(euro), 0);
    assert.equal(incompleteUtf8Tail(euro.subarray(0, 1)), 1);
    assert.equal(incompleteUtf8Tail(euro.subarray(0, 2)), 2);
    assert.equal(incompleteUtf8Tail(Buffer.from('𝄞', 'utf8').subarray(0, 3)), 3);
    assert.equal(incompleteUtf8Tail(new Uint8Array(0)), 0);
  });
});

describe('tallyUtf8', () => {
  it('counts characters of several bytes and invalid bytes, and finds the first invalid one', () => {
    const b = Buffer.concat([Buffer.from('Zoë €'), Buffer.from([0xe9, 0x41, 0xff]), Buffer.from('𝄞')]);
    assert.deepEqual(tallyUtf8(b), { multiByte: 3, invalid: 2, firstInvalid: { offset: 8, byte: 0xe9 } });
  });

  it('counts a character cut off by the end only when the buffer is complete', () => {
    const b = Buffer.from('Zoë€').subarray(0, -1);
    assert.deepEqual(tallyUtf8(b), { multiByte: 1, invalid: 0 });
    assert.equal(tallyUtf8(b, true).invalid, 2);
  });
});
