import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RosterError } from '../../core/errors.js';
import { detectEncoding } from './detect-encoding.js';
import { SAMPLES } from '../../../test/support/samples.js';

const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();

describe('detectEncoding', () => {
  it('reads a UTF-8 byte order mark', () => {
    const head = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Email,Prénom\n')]);
    assert.deepEqual(detectEncoding(head), { encoding: 'utf-8', bomLength: 3, reason: 'byte order mark for UTF-8' });
  });

  it('reads UTF-16 byte order marks', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Email\tName\r\n', 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be('Email\tName\r\n')]);
    assert.deepEqual(detectEncoding(le), { encoding: 'utf-16le', bomLength: 2, reason: 'byte order mark for UTF-16LE' });
    assert.deepEqual(detectEncoding(be), { encoding: 'utf-16be', bomLength: 2, reason: 'byte order mark for UTF-16BE' });
  });

  it('recognises UTF-16 without a byte order mark by its zero bytes', () => {
    const le = detectEncoding(Buffer.from('Email\tName\r\nann@x.example\tAnn\r\n', 'utf16le'));
    assert.equal(le.encoding, 'utf-16le');
    assert.equal(le.bomLength, 0);
    assert.match(le.reason, /one byte in two is zero.*UTF-16LE/);
    assert.equal(detectEncoding(utf16be('Email\tName\r\nann@x.example\tAnn\r\n')).encoding, 'utf-16be');
  });

  it('keeps UTF-16 with a few characters whose low byte is zero (一 is U+4E00)', () => {
    assert.equal(detectEncoding(Buffer.from('Name\tCity\r\n一郎\tTokyo\r\n', 'utf16le')).encoding, 'utf-16le');
  });

  it('reads valid UTF-8 as UTF-8 and says whether it was plain ASCII', () => {
    assert.deepEqual(detectEncoding(Buffer.from('Email,First Name\n')), {
      encoding: 'utf-8',
      bomLength: 0,
      reason: 'the start of the file is plain ASCII, read as UTF-8',
    });
    assert.deepEqual(detectEncoding(Buffer.from('Email,Prénom\n')), {
      encoding: 'utf-8',
      bomLength: 0,
      reason: 'the start of the file is valid UTF-8',
    });
  });

  it('does not hold a character cut off by the end of the head against UTF-8', () => {
    const full = Buffer.from('Name\nChloé', 'utf8');
    const head = full.subarray(0, full.length - 1);
    assert.equal(detectEncoding(head).encoding, 'utf-8');
  });

  it('does hold it against UTF-8 when the head is the whole file', () => {
    // A one-line Windows-1252 file ending in é (0xE9) looks like the start of a 3-byte UTF-8 character.
    const head = Buffer.from([0x4e, 0x61, 0x6d, 0x65, 0x0a, 0x43, 0x61, 0x66, 0xe9]);
    assert.equal(detectEncoding(head).encoding, 'utf-8');
    assert.equal(detectEncoding(head, { complete: true }).encoding, 'windows-1252');
  });

  it('keeps UTF-8 when one stray byte sits among UTF-8 characters, and says so', () => {
    const head = Buffer.concat([Buffer.from('Name\nZoë\nChloé\nJos'), Buffer.from([0xe9]), Buffer.from('\n')]);
    assert.deepEqual(detectEncoding(head, { complete: true }), {
      encoding: 'utf-8',
      bomLength: 0,
      reason:
        'the start of the file is UTF-8 (2 UTF-8 characters of several bytes and 1 invalid byte, the first 0xE9 at byte offset 20), read as UTF-8; the rows holding invalid bytes are reported and not imported',
      invalidBytes: true,
    });
  });

  it('reads Windows-1252 where invalid bytes are as many as UTF-8 characters', () => {
    // "Ã©" is a valid UTF-8 é by accident; "é" (0xE9) and "è" (0xE8) are not.
    const head = Buffer.from([0x41, 0xc3, 0xa9, 0x0a, 0x43, 0x61, 0x66, 0xe9, 0x0a, 0xe8, 0x0a]);
    assert.deepEqual(detectEncoding(head, { complete: true }), {
      encoding: 'windows-1252',
      bomLength: 0,
      reason:
        'not valid UTF-8 (1 UTF-8 character of several bytes and 2 invalid bytes), read as Windows-1252 (what Excel writes on Windows)',
    });
  });

  it('reads the French Excel sample as Windows-1252', () => {
    const head = readFileSync(`${SAMPLES}/customers-fr-semicolon-latin1.csv`);
    assert.deepEqual(detectEncoding(head, { complete: true }), {
      encoding: 'windows-1252',
      bomLength: 0,
      reason: 'not valid UTF-8, read as Windows-1252 (what Excel writes on Windows)',
    });
  });

  it('reads the English samples as UTF-8', () => {
    for (const name of ['customers.csv', 'users.csv', 'tickets.csv']) {
      assert.equal(detectEncoding(readFileSync(`${SAMPLES}/${name}`), { complete: true }).encoding, 'utf-8', name);
    }
  });

  it('reads an empty head as UTF-8', () => {
    assert.deepEqual(detectEncoding(Buffer.alloc(0)), { encoding: 'utf-8', bomLength: 0, reason: 'the file is empty, read as UTF-8' });
  });

  it('refuses UTF-32 with a sentence', () => {
    assert.throws(
      () => detectEncoding(Buffer.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0])),
      (e: unknown) => e instanceof RosterError && e.code === 'import_unreadable' && /UTF-32/.test(e.message),
    );
  });

  it('refuses binary files', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]);
    assert.throws(
      () => detectEncoding(png),
      (e: unknown) =>
        e instanceof RosterError && e.code === 'import_unreadable' && e.message.startsWith('This file looks binary, not a CSV text file'),
    );
  });
});
