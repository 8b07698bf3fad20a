import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RosterError } from '../../core/errors.js';
import { assertLooksLikeText } from './binary-check.js';

function rejects(head: Uint8Array, encoding: Parameters<typeof assertLooksLikeText>[1], pattern: RegExp) {
  assert.throws(
    () => assertLooksLikeText(head, encoding),
    (e: unknown) =>
      e instanceof RosterError &&
      e.code === 'import_unreadable' &&
      /^This file looks binary, not a CSV text file/.test(e.message) &&
      pattern.test(e.message),
  );
}

describe('assertLooksLikeText', () => {
  it('accepts ordinary CSV text, tabs, CRLF and form feeds', () => {
    assertLooksLikeText(Buffer.from('Email,Name\r\na@x.example,\tAnn\f\n'), 'utf-8');
    assertLooksLikeText(Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0d, 0x0a]), 'windows-1252');
    assertLooksLikeText(new Uint8Array(0), 'utf-8');
  });

  it('accepts UTF-16 text, whose high bytes are zero', () => {
    assertLooksLikeText(Buffer.from('Email\tName\r\n', 'utf16le'), 'utf-16le');
    assertLooksLikeText(Buffer.from('Email\tName\r\n', 'utf16le').swap16(), 'utf-16be');
  });

  it('names an Excel workbook saved as .xlsx and says what to do', () => {
    rejects(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), 'utf-8', /Excel workbook \(\.xlsx\).*CSV UTF-8/);
  });

  it('names an old .xls workbook, a PDF and a gzip file', () => {
    rejects(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), 'windows-1252', /old Excel workbook/);
    rejects(Buffer.from('%PDF-1.7\n'), 'utf-8', /PDF/);
    rejects(Buffer.from([0x1f, 0x8b, 0x08, 0x00]), 'windows-1252', /gzip/);
  });

  it('rejects a NUL byte in a file that is not UTF-16', () => {
    rejects(Buffer.from('Email,Name\nab\0cd\n'), 'utf-8', /NUL bytes/);
  });

  it('rejects a NUL character in UTF-16', () => {
    rejects(Buffer.from('Email\0Name', 'utf16le'), 'utf-16le', /NUL characters/);
  });

  it('rejects a head made mostly of control characters', () => {
    const head = Buffer.alloc(400, 0x41);
    for (let i = 0; i < 400; i += 5) head[i] = 0x01;
    rejects(head, 'windows-1252', /20% of its first characters are control characters/);
  });

  it('tolerates the odd control character', () => {
    const head = Buffer.alloc(400, 0x41);
    head[10] = 0x1a;
    assertLooksLikeText(head, 'utf-8');
  });
});
