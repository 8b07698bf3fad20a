import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RosterError } from '../../core/errors.js';
import { decodeStream, type DecodeOptions } from './decode-stream.js';

const dir = mkdtempSync(path.join(tmpdir(), 'roster-decode-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

async function readAll(p: string, options?: DecodeOptions, highWaterMark = 64 * 1024) {
  const { info, text } = await decodeStream(createReadStream(p, { highWaterMark }), options);
  let out = '';
  for await (const chunk of text) out += chunk;
  return { info, out };
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const FRENCH = 'E-mail;Prénom;Nom;Société\r\nhelene.dupont@exemple.fr;Hélène;Dupont;"Dupont; Frères"\r\n';
const unreadable = (pattern: RegExp) => (e: unknown) =>
  e instanceof RosterError && e.code === 'import_unreadable' && pattern.test(e.message);

describe('decodeStream', () => {
  it('removes a UTF-8 byte order mark before the first header', async () => {
    const p = file('bom.csv', Buffer.concat([UTF8_BOM, Buffer.from('Email,First Name\nann@x.example,Ann\n')]));
    const { info, out } = await readAll(p);
    assert.deepEqual(info, { encoding: 'utf-8', bomLength: 3, reason: 'byte order mark for UTF-8', overridden: false });
    assert.equal(out, 'Email,First Name\nann@x.example,Ann\n');
  });

  it('reads Excel "Unicode Text": tab-separated UTF-16LE with a byte order mark, saved as .txt', async () => {
    const text = 'Email\tPrénom\r\nann@x.example\tAnnÉ\r\n';
    const p = file('unicode-text.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const { info, out } = await readAll(p, {}, 5);
    assert.equal(info.encoding, 'utf-16le');
    assert.equal(info.bomLength, 2);
    assert.equal(out, text);
  });

  it('reads UTF-16BE with a byte order mark and UTF-16LE without one', async () => {
    const text = 'Email\tName\r\nann@x.example\tZoë\r\n';
    const be = file('be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]));
    const le = file('le-nobom.txt', Buffer.from(text, 'utf16le'));
    assert.deepEqual(await readAll(be), {
      info: { encoding: 'utf-16be', bomLength: 2, reason: 'byte order mark for UTF-16BE', overridden: false },
      out: text,
    });
    const noBom = await readAll(le);
    assert.equal(noBom.info.encoding, 'utf-16le');
    assert.equal(noBom.out, text);
  });

  it('reads a French Excel file as Windows-1252', async () => {
    const p = file('fr.csv', Buffer.from(FRENCH, 'latin1'));
    const { info, out } = await readAll(p);
    assert.equal(info.encoding, 'windows-1252');
    assert.equal(info.overridden, false);
    assert.equal(out, FRENCH);
  });

  it('decodes characters split across read chunks', async () => {
    const text = 'Name,City\nChloé,Łódź\nZoë,Zürich €\n'.repeat(50);
    const p = file('split.csv', Buffer.from(text, 'utf8'));
    for (const hwm of [1, 2, 3, 7, 64]) assert.equal((await readAll(p, {}, hwm)).out, text);
  });

  it('lets an explicit encoding win over detection', async () => {
    const p = file('fr-override.csv', Buffer.from(FRENCH, 'latin1'));
    const { info, out } = await readAll(p, { encoding: 'iso-8859-1' });
    assert.deepEqual(info, { encoding: 'iso-8859-1', bomLength: 0, reason: 'chosen explicitly', overridden: true });
    assert.equal(out, FRENCH);
  });

  it('skips the byte order mark of the chosen encoding only', async () => {
    const p = file('bom-override.csv', Buffer.concat([UTF8_BOM, Buffer.from('Email\n')]));
    const asUtf8 = await readAll(p, { encoding: 'utf-8' });
    assert.equal(asUtf8.info.bomLength, 3);
    assert.equal(asUtf8.info.reason, 'chosen explicitly; its byte order mark was skipped');
    assert.equal(asUtf8.out, 'Email\n');
    const as1252 = await readAll(p, { encoding: 'windows-1252' });
    assert.equal(as1252.info.bomLength, 0);
    assert.equal(as1252.out, 'ï»¿Email\n');
  });

  it('refuses invalid UTF-8 found after the head, naming the byte offset', async () => {
    const good = Buffer.from('Email,Name\n' + 'ann@x.example,Anne\n'.repeat(5000), 'utf8');
    assert.ok(good.length > 64 * 1024);
    const p = file('late-latin1.csv', Buffer.concat([good, Buffer.from('jose@x.example,Jos'), Buffer.from([0xe9, 0x0a])]));
    const offset = good.length + 'jose@x.example,Jos'.length;
    const { info, text } = await decodeStream(createReadStream(p, { highWaterMark: 4096 }));
    assert.equal(info.encoding, 'utf-8');
    await assert.rejects(
      async () => {
        for await (const _ of text);
      },
      unreadable(new RegExp(`offset ${offset} \\(0xE9\\).*jose@x.example,Jos.*--encoding windows-1252`)),
    );
  });

  it('refuses an Excel workbook and closes the file', async () => {
    const p = file('book.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]), Buffer.alloc(100)]));
    const stream = createReadStream(p);
    await assert.rejects(decodeStream(stream), unreadable(/^This file looks binary, not a CSV text file: .*Excel workbook/));
    assert.equal(stream.destroyed, true);
  });

  it('refuses a binary file whose NUL bytes come after the start', async () => {
    const p = file('data.bin', Buffer.concat([Buffer.from('abcdefgh'), Buffer.from([0, 1, 2, 3, 0, 0, 0xff, 0x13])]));
    await assert.rejects(decodeStream(createReadStream(p)), unreadable(/NUL bytes/));
  });

  it('closes the file when the caller gives up before reading', async () => {
    const p = file('give-up.csv', Buffer.from('Email\nann@x.example\n'));
    const stream = createReadStream(p, { highWaterMark: 4 });
    const decoded = await decodeStream(stream);
    await decoded.close();
    assert.equal(stream.destroyed, true);
  });

  it('closes the file when a for-await loop stops early', async () => {
    const p = file('break.csv', Buffer.from('Email\n'.repeat(100)));
    const stream = createReadStream(p, { highWaterMark: 16 });
    const { text } = await decodeStream(stream);
    for await (const _ of text) break;
    assert.equal(stream.destroyed, true);
  });

  it('yields no text for an empty file', async () => {
    const { info, out } = await readAll(file('empty.csv', Buffer.alloc(0)));
    assert.equal(info.encoding, 'utf-8');
    assert.equal(out, '');
  });

  it('accepts any async iterable of bytes, not only file streams', async () => {
    async function* bytes() {
      yield Uint8Array.from([0x45, 0x6d, 0xc3]);
      yield Uint8Array.from([0xa9, 0x0a]);
    }
    const { info, text } = await decodeStream(bytes());
    let out = '';
    for await (const c of text) out += c;
    assert.equal(info.encoding, 'utf-8');
    assert.equal(out, 'Emé\n');
  });
});
