import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RosterError } from '../../core/errors.js';
import type { EncodingName } from './encoding-name.js';
import { createChunkDecoder, type InvalidUtf8 } from './chunk-decoder.js';
import { markInvalidByte } from './invalid-bytes.js';

function decodeIn(encoding: EncodingName, chunks: Uint8Array[], startOffset = 0): string {
  const d = createChunkDecoder(encoding, { startOffset });
  return chunks.map((c) => d.write(c)).join('') + d.end();
}

/** Every way of cutting `bytes` in two, plus one byte at a time. */
function splits(bytes: Buffer): Buffer[][] {
  const out: Buffer[][] = [];
  for (let i = 0; i <= bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  out.push([...bytes].map((b) => Buffer.from([b])));
  return out;
}

const unreadable = (pattern: RegExp) => (e: unknown) =>
  e instanceof RosterError && e.code === 'import_unreadable' && pattern.test(e.message);

describe('createChunkDecoder', () => {
  it('decodes UTF-8 characters cut across chunks at any point', () => {
    const text = 'Chloé;Müller;€;𝄞;Łódź\n';
    for (const chunks of splits(Buffer.from(text, 'utf8'))) assert.equal(decodeIn('utf-8', chunks), text);
  });

  it('keeps a second U+FEFF as data instead of eating it', () => {
    assert.equal(decodeIn('utf-8', [Buffer.from('\uFEFFa', 'utf8')]), '\uFEFFa');
  });

  it('refuses invalid UTF-8 with the file offset and the way out', () => {
    const good = Buffer.from('Email;Société\nanne@x.example;Caf', 'utf8');
    const bytes = Buffer.concat([good, Buffer.from([0xe9, 0x0a])]);
    for (const chunks of splits(bytes)) {
      assert.throws(
        () => decodeIn('utf-8', chunks, 3),
        unreadable(
          new RegExp(
            `offset ${good.length + 3} \\(0xE9\\) is not valid UTF-8, right after ".*anne@x.example;Caf". .*--encoding windows-1252`,
          ),
        ),
      );
    }
  });

  it('finds the offset when the bad byte follows a held-back partial character', () => {
    // E2 82 is the start of €, then "A" breaks it: the error is at the E2.
    const d = createChunkDecoder('utf-8');
    d.write(Buffer.from('abc'));
    d.write(Buffer.from([0xe2]));
    d.write(Buffer.from([0x82]));
    assert.throws(() => d.write(Buffer.from('A')), unreadable(/offset 3 \(0xE2\)/));
  });

  it('refuses what WHATWG refuses: overlong forms, surrogates, code points above U+10FFFF', () => {
    for (const [bad, first] of [
      [[0xc0, 0x80], 'C0'],
      [[0xed, 0xa0, 0x80], 'ED'],
      [[0xf4, 0x90, 0x80, 0x80], 'F4'],
    ] as const) {
      for (const chunks of splits(Buffer.concat([Buffer.from('ok;'), Buffer.from(bad), Buffer.from(';ok\n')]))) {
        assert.throws(() => decodeIn('utf-8', chunks), unreadable(new RegExp(`offset 3 \\(0x${first}\\) is not valid UTF-8`)));
      }
    }
  });

  it('marks invalid bytes for the parser instead of refusing them, cut at any point', () => {
    const bytes = Buffer.concat([Buffer.from('Zoë;Jos'), Buffer.from([0xe9]), Buffer.from(';€'), Buffer.from([0xe2, 0x82])]);
    const marked = `Zoë;Jos${markInvalidByte(0xe9)};€${markInvalidByte(0xe2)}${markInvalidByte(0x82)}`;
    for (const chunks of splits(bytes)) {
      const d = createChunkDecoder('utf-8', { invalidUtf8: 'mark' });
      assert.equal(chunks.map((c) => d.write(c)).join('') + d.end(), marked);
    }
  });

  it('with "auto", refuses invalid bytes before any character of several bytes and marks them after', () => {
    const auto = (chunks: Buffer[]) => {
      const d = createChunkDecoder('utf-8', { invalidUtf8: 'auto' satisfies InvalidUtf8 });
      return chunks.map((c) => d.write(c)).join('') + d.end();
    };
    assert.throws(() => auto([Buffer.from('Name\nCaf'), Buffer.from([0xe9, 0x0a])]), unreadable(/offset 8 \(0xE9\)/));
    assert.equal(auto([Buffer.from('Name\nZoë\n'), Buffer.from([0xe9, 0x0a])]), `Name\nZoë\n${markInvalidByte(0xe9)}\n`);
    assert.equal(auto([Buffer.concat([Buffer.from('Zoë '), Buffer.from([0xe9])])]), `Zoë ${markInvalidByte(0xe9)}`);
  });

  it('refuses a UTF-8 file that ends in the middle of a character', () => {
    const bytes = Buffer.from('Name\nCaf€', 'utf8').subarray(0, -1);
    assert.throws(
      () => decodeIn('utf-8', [bytes]),
      unreadable(/ends in the middle of a character \(byte offset 8\).*--encoding windows-1252/),
    );
  });

  it('decodes Windows-1252 with the characters Latin-1 lacks', () => {
    const bytes = Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x20, 0x9c, 0x93, 0x94]);
    assert.equal(decodeIn('windows-1252', [bytes]), 'Café € œ“”');
  });

  it('maps the five undefined Windows-1252 bytes to C1 controls as WHATWG does', () => {
    const bytes = Buffer.from([0x41, 0x81, 0x8d, 0x8f, 0x90, 0x9d, 0x80, 0x42]);
    const text = decodeIn('windows-1252', [bytes]);
    assert.deepEqual(
      [...text].map((c) => c.charCodeAt(0)),
      [0x41, 0x81, 0x8d, 0x8f, 0x90, 0x9d, 0x20ac, 0x42],
    );
    assert.equal(text, new TextDecoder('windows-1252').decode(bytes).replace('\u0080', '€'));
  });

  it('decodes ISO-8859-1 byte for byte', () => {
    const bytes = Buffer.from([0x50, 0x72, 0xe9, 0x6e, 0x6f, 0x6d, 0x80]);
    assert.equal(decodeIn('iso-8859-1', [bytes]), 'Prénom\u0080');
  });

  it('decodes UTF-16 in both byte orders, cut at any point', () => {
    const text = 'Email\tPrénom\r\n𝄞\r\n';
    for (const chunks of splits(Buffer.from(text, 'utf16le'))) assert.equal(decodeIn('utf-16le', chunks), text);
    for (const chunks of splits(Buffer.from(text, 'utf16le').swap16())) assert.equal(decodeIn('utf-16be', chunks), text);
  });

  it('refuses UTF-16 with an odd number of bytes instead of dropping the last one', () => {
    const bytes = Buffer.concat([Buffer.from('ab', 'utf16le'), Buffer.from([0x63])]);
    assert.throws(() => decodeIn('utf-16le', [bytes], 2), unreadable(/UTF-16LE.*odd number of bytes \(7\)/));
  });
});
