import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scanRecords, type ScanOptions } from './record-scanner.js';

const opts: ScanOptions = { delimiter: ',', maxQuotedChars: 1000, maxQuotedLines: 5 };
const scan = (text: string, final = true, start = 0, o: Partial<ScanOptions> = {}) => scanRecords(text, start, final, { ...opts, ...o });

describe('scanRecords', () => {
  it('takes all records at once when no quote gets in the way', () => {
    assert.deepEqual(scan('a,b\n1,2\n3,4\n'), { type: 'records', end: 11, next: 12 });
    assert.deepEqual(scan('a,b\n1,2\n3,4'), { type: 'records', end: 11, next: 11 });
  });

  it('keeps an incomplete last record for later when more text may follow', () => {
    assert.deepEqual(scan('a,b\n1,2\n3,', false), { type: 'records', end: 7, next: 8 });
    assert.deepEqual(scan('a,b', false), { type: 'more' });
  });

  it('passes over well-quoted fields, doubled quotes and quotes inside unquoted fields', () => {
    const text = 'a,b\n"x, y","say ""hi"""\n12" pizza,"ok"  \nz,z\n';
    assert.deepEqual(scan(text), { type: 'records', end: text.length - 1, next: text.length });
  });

  it('waits when a closing quote is the last character, as it could be the first of ""', () => {
    assert.deepEqual(scan('a\n"x"', false), { type: 'records', end: 1, next: 2 });
    assert.deepEqual(scan('"x"', false), { type: 'more' });
    assert.deepEqual(scan('"x"', true), { type: 'records', end: 3, next: 3 });
  });

  it('isolates a record whose quoted field spans lines', () => {
    const text = 'a,b\n"1\n2",3\nc,d\n';
    assert.deepEqual(scan(text), { type: 'records', end: 3, next: 4 });
    assert.deepEqual(scan(text, true, 4), { type: 'multiline', end: 11, next: 12 });
    assert.deepEqual(scan(text, true, 12), { type: 'records', end: 15, next: 16 });
  });

  it('ends a record spanning lines at the line break after its last quoted field', () => {
    assert.deepEqual(scan('"1\n2",3,4\nx'), { type: 'multiline', end: 9, next: 10 });
    assert.deepEqual(scan('"1\n2",3,"4"\nx'), { type: 'multiline', end: 11, next: 12 });
    assert.deepEqual(scan('"1\n2",3,"4"'), { type: 'multiline', end: 11, next: 11 });
  });

  it('reports a quote that reaches the end of the file, with the line to resume after', () => {
    const text = 'a,"b\nc,d\ne,f\n';
    assert.deepEqual(scan(text), { type: 'broken', problem: 'unclosed_quote', quoteAt: 2, lineEnd: 4, next: 5 });
    assert.deepEqual(scan(text, false), { type: 'more' });
  });

  it('reports a quote that runs past the line limit without waiting for the end of the file', () => {
    const text = 'a,"b\n1\n2\n3\n4\n5\n6\n';
    assert.deepEqual(scan(text, false), { type: 'broken', problem: 'unclosed_quote', quoteAt: 2, lineEnd: 4, next: 5 });
    assert.deepEqual(scan(text, false, 0, { maxQuotedLines: 100 }), { type: 'more' });
  });

  it('reports a quote that runs past the character limit, even once it closes', () => {
    const text = `a,"${'x\n'.repeat(3)}${'y'.repeat(50)}",b\nc\n`;
    assert.equal(scan(text, true, 0, { maxQuotedChars: 40 }).type, 'broken');
    assert.equal(scan(text, true, 0, { maxQuotedChars: 400 }).type, 'multiline');
  });

  it('reports text after a closing quote', () => {
    assert.deepEqual(scan('1,"abc"def,3\n4,5\n'), { type: 'broken', problem: 'text_after_quote', quoteAt: 2, lineEnd: 12, next: 13 });
  });

  it('catches a broken quote at the next quoted field it runs into', () => {
    // The quote opened on line 2 "closes" at the opening quote of "Fabrikam, Inc.", followed by F.
    const text = 'a,b,c\n1,"oops,3\n4,"Fabrikam, Inc.",6\n';
    assert.deepEqual(scan(text), { type: 'records', end: 5, next: 6 });
    assert.deepEqual(scan(text, true, 6), { type: 'broken', problem: 'text_after_quote', quoteAt: 8, lineEnd: 15, next: 16 });
    assert.deepEqual(scan(text, true, 16), { type: 'records', end: text.length - 1, next: text.length });
  });

  it('returns the good records before a broken one first', () => {
    assert.deepEqual(scan('a\nb\n"c\n'), { type: 'records', end: 3, next: 4 });
  });

  it('follows the delimiter it is given and ends records at CRLF too', () => {
    const o = { delimiter: ';' };
    assert.deepEqual(scan('a;"b;c"\r\nd;"e\r\nf"\r\n', true, 0, o), { type: 'records', end: 7, next: 9 });
    assert.deepEqual(scan('a;"b;c"\r\nd;"e\r\nf"\r\n', true, 9, o), { type: 'multiline', end: 17, next: 19 });
    // A bare LF inside a quoted cell of a CRLF file (what Excel writes) stays inside its record.
    assert.deepEqual(scan('a;"b\nc"\r\nd\r\n', true, 0, o), { type: 'multiline', end: 7, next: 9 });
    assert.deepEqual(scan('a;"b\nc"\r\nd\r\n', true, 9, o), { type: 'records', end: 10, next: 12 });
  });

  it('ends a record at any line break outside quotes: CRLF, LF or a lone CR', () => {
    const text = 'a,b\r\n1,2\n3,4\r5,6\r\n';
    assert.deepEqual(scan(text), { type: 'records', end: text.length - 2, next: text.length });
    const quoted = 'a,b\r\n1,2\n"3",4\r5,"6"\r\n7';
    assert.deepEqual(scan(quoted), { type: 'records', end: quoted.length, next: quoted.length });
    assert.deepEqual(scan('a\r"x\r\ny"\nz'), { type: 'records', end: 1, next: 2 });
    assert.deepEqual(scan('a\r"x\r\ny"\nz', true, 2), { type: 'multiline', end: 8, next: 9 });
    // Only the line breaks of an unclosed quote's first line are taken, whichever kind ends it.
    assert.deepEqual(scan('"a\r\nb\rc\n'), { type: 'broken', problem: 'unclosed_quote', quoteAt: 0, lineEnd: 2, next: 4 });
  });

  it('treats a quote after blanks as part of an unquoted field, as papaparse does', () => {
    assert.deepEqual(scan('a, "b,c"\n'), { type: 'records', end: 8, next: 9 });
  });
});
