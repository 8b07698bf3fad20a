import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RosterError } from '../../core/errors.js';
import { EMPTY_FILE, parseCsv, type CsvRow, type ParseOptions } from './parse-csv.js';

async function* chunks(text: string, size = Infinity): AsyncGenerator<string> {
  if (size === Infinity) {
    if (text) yield text;
    return;
  }
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function parseAll(text: string, options: ParseOptions = {}, size = Infinity) {
  const csv = await parseCsv(chunks(text, size), options);
  const rows: CsvRow[] = [];
  for await (const r of csv.rows) rows.push(r);
  return { ...csv, labels: csv.headers.map((h) => h.label), rows };
}

const plain = (rows: CsvRow[]) => rows.map((r) => [r.row, ...r.cells]);
const CHUNK_SIZES = [1, 2, 3, 5, 7, 13, 64, Infinity];

describe('parseCsv', () => {
  it('reads the header and numbers rows as a spreadsheet does', async () => {
    const csv = await parseAll('Email,First Name\nann@x.example,Ann\nbob@x.example,Bob\n');
    assert.deepEqual(csv.headers, [
      { index: 0, name: 'Email', label: 'Email' },
      { index: 1, name: 'First Name', label: 'First Name' },
    ]);
    assert.equal(csv.headerRow, 1);
    assert.equal(csv.hasDataRows, true);
    assert.deepEqual(csv.delimiter, { delimiter: ',', reason: 'each of the first 3 lines has 1 comma outside quotes', overridden: false });
    assert.deepEqual(plain(csv.rows), [
      [2, 'ann@x.example', 'Ann'],
      [3, 'bob@x.example', 'Bob'],
    ]);
    assert.deepEqual(csv.stats, { dataRows: 2, errorRows: 0, blankRows: 0 });
  });

  it('gives a blank line a row number without yielding it', async () => {
    const csv = await parseAll('a,b\n1,2\n\n3,4\n  \n,,\n5,6');
    assert.deepEqual(plain(csv.rows), [
      [2, '1', '2'],
      [4, '3', '4'],
      [7, '5', '6'],
    ]);
    assert.equal(csv.stats.blankRows, 3);
  });

  it('gives a record with line breaks inside quotes one row number', async () => {
    const csv = await parseAll('Name,Address,City\nAnn,"1 Main St\nApt 2\nFloor 3",Lyon\nBob,x,Oslo\n');
    assert.deepEqual(plain(csv.rows), [
      [2, 'Ann', '1 Main St\nApt 2\nFloor 3', 'Lyon'],
      [3, 'Bob', 'x', 'Oslo'],
    ]);
  });

  it('reads CRLF, LF and CR line endings alike', async () => {
    const lines = ['a,b', '1,"x, y"', '2,"say ""hi"""'];
    const expected = [
      [2, '1', 'x, y'],
      [3, '2', 'say "hi"'],
    ];
    for (const nl of ['\r\n', '\n', '\r']) {
      const csv = await parseAll(lines.join(nl) + nl);
      assert.equal(csv.newline, nl);
      assert.deepEqual(plain(csv.rows), expected, JSON.stringify(nl));
    }
  });

  it('reads each line as a row whatever mix of line endings, cut anywhere', async () => {
    const lines = ['Email,Name', 'a@x.example,Ann', 'b@x.example,"Bob\r\nJr"', 'c@x.example,Cy', 'd@x.example,"Di\nna"'];
    const expected = [
      [2, 'a@x.example', 'Ann'],
      [3, 'b@x.example', 'Bob\r\nJr'],
      [4, 'c@x.example', 'Cy'],
      [5, 'd@x.example', 'Di\nna'],
    ];
    const mixes = [
      ['\r\n', '\n', '\r\n', '\n', '\r\n'],
      ['\n', '\r\n', '\n', '\n', '\n'],
      ['\r\n', '\r', '\r\n', '\r\n', ''],
      ['\n', '\r', '\n', '\r', '\n'],
      ['\r', '\r', '\n', '\r\n', '\r'],
    ];
    for (const mix of mixes) {
      const text = lines.map((line, i) => line + mix[i]).join('');
      for (const size of CHUNK_SIZES) {
        const csv = await parseAll(text, {}, size);
        assert.deepEqual(plain(csv.rows), expected, `${JSON.stringify(text)} in pieces of ${size}`);
      }
    }
  });

  it('counts a blank line of any kind between rows as a row number', async () => {
    const csv = await parseAll('a,b\r\n1,2\n\r\n3,4\r\r5,6\n');
    assert.deepEqual(plain(csv.rows), [
      [2, '1', '2'],
      [4, '3', '4'],
      [6, '5', '6'],
    ]);
  });

  it('keeps every cell as text', async () => {
    const csv = await parseAll('zip,n,flag,date\n08123,1e3,TRUE,2019-05-14\n');
    assert.deepEqual(csv.rows[0]!.cells, ['08123', '1e3', 'TRUE', '2019-05-14']);
  });

  it('pads short rows and drops empty cells past the last column', async () => {
    const csv = await parseAll('a,b,c\n1\n1,2,3,,\n1,2,3, ,\t\n');
    assert.deepEqual(plain(csv.rows), [
      [2, '1', '', ''],
      [3, '1', '2', '3'],
      [4, '1', '2', '3'],
    ]);
    assert.equal(csv.stats.errorRows, 0);
  });

  it('reports a row with more filled cells than columns, and goes on', async () => {
    const csv = await parseAll('a,b,c\n1,2,3\nAnn,Dupont, Frères,Lyon,\n4,5,6\n');
    assert.deepEqual(plain(csv.rows), [
      [2, '1', '2', '3'],
      [3, 'Ann', 'Dupont', ' Frères', 'Lyon', ''],
      [4, '4', '5', '6'],
    ]);
    assert.deepEqual(csv.rows[1]!.error, {
      code: 'too_many_cells',
      message:
        'Row 3 has 4 cells but the header has 3 columns; the cells past the last column hold "Lyon". A delimiter inside a value needs quotes around the value.',
    });
    assert.deepEqual(csv.stats, { dataRows: 2, errorRows: 1, blankRows: 0 });
  });

  it('yields rows 4 to 10 when row 3 opens a quote that never closes', async () => {
    const lines = ['Email,Name,Company'];
    for (let r = 2; r <= 10; r++) lines.push(r === 3 ? 'c@x.example,"Carl,Acme' : `u${r}@x.example,User ${r},Acme`);
    const text = lines.join('\n') + '\n';
    for (const size of CHUNK_SIZES) {
      const csv = await parseAll(text, {}, size);
      assert.deepEqual(
        csv.rows.map((r) => r.row),
        [2, 3, 4, 5, 6, 7, 8, 9, 10],
        `chunks of ${size}`,
      );
      const [bad] = csv.rows.filter((r) => r.error);
      assert.equal(bad!.row, 3);
      assert.equal(bad!.error!.code, 'unclosed_quote');
      assert.equal(
        bad!.error!.message,
        'Row 3 has a quote in column 2 (Name) that is never closed; fix the quotes in that row. The next line was read as a new row.',
      );
      assert.deepEqual(bad!.cells, ['c@x.example', '"Carl', 'Acme']);
      for (const r of csv.rows.filter((x) => x.row > 3)) assert.deepEqual(r.cells, [`u${r.row}@x.example`, `User ${r.row}`, 'Acme']);
    }
  });

  it('stops a runaway quote at the line limit instead of buffering the file', async () => {
    const lines = ['a,b', '1,"oops'];
    for (let r = 3; r <= 40; r++) lines.push(`${r},x`);
    const csv = await parseAll(lines.join('\n'), { maxQuotedLines: 5 }, 16);
    assert.equal(csv.rows.length, 39);
    assert.equal(csv.rows[0]!.error!.code, 'unclosed_quote');
    assert.deepEqual(
      plain(csv.rows.slice(1)),
      lines.slice(2).map((l, i) => [i + 3, ...l.split(',')]),
    );
  });

  it('catches a broken quote at the next quoted value and keeps that value', async () => {
    const text = 'Email,Name,Company\na@x.example,"Ann,Acme\nb@x.example,Bob,"Fabrikam, Inc."\n';
    const csv = await parseAll(text);
    assert.deepEqual(plain(csv.rows), [
      [2, 'a@x.example', '"Ann', 'Acme'],
      [3, 'b@x.example', 'Bob', 'Fabrikam, Inc.'],
    ]);
    assert.equal(csv.rows[0]!.error!.code, 'text_after_quote');
  });

  it('reports text after a closing quote', async () => {
    const csv = await parseAll('a,b,c\n1,"abc"def,3\n4,5,6\n');
    assert.equal(csv.rows[0]!.error!.code, 'text_after_quote');
    assert.equal(
      csv.rows[0]!.error!.message,
      'Row 2 has text after the closing quote in column 2 (b); a quoted value must end at its closing quote, and a quote inside it must be doubled ("").',
    );
    assert.deepEqual(plain(csv.rows.slice(1)), [[3, '4', '5', '6']]);
  });

  it('splits a quote that closes by accident further down when the row comes out too wide', async () => {
    // Row 2's quote never closes; the inch mark on row 4 ends it, leaving 4 cells for 3 columns.
    const text = 'a,b,c\n1,"oops,x\n2,y,z\n3,12",w,v\n5,u,t\n';
    const csv = await parseAll(text);
    assert.deepEqual(
      csv.rows.map((r) => r.row),
      [2, 3, 4, 5],
    );
    assert.equal(csv.rows[0]!.error!.code, 'unclosed_quote');
    assert.match(
      csv.rows[0]!.error!.message,
      /^Row 2 has a quoted value in column 2 \(b\) that runs over 3 lines and leaves 4 cells for 3 columns/,
    );
    assert.deepEqual(plain(csv.rows.slice(1)), [
      [3, '2', 'y', 'z'],
      [4, '3', '12"', 'w', 'v'],
      [5, '5', 'u', 't'],
    ]);
    assert.equal(csv.rows[2]!.error!.code, 'too_many_cells');
  });

  it('allows blanks between a closing quote and the delimiter', async () => {
    const csv = await parseAll('a,b\n"x"  ,"y" \n');
    assert.deepEqual(plain(csv.rows), [[2, 'x', 'y']]);
  });

  it('gives the same rows however the text is cut', async () => {
    const text = 'Name;Note;City\r\n"Ann";"line 1\r\nline ""2""";Lyon\r\n\r\nBob;;Oslo\r\n"Cy";"a;b";"Rome"\r\nDan;"x\r\n';
    const whole = await parseAll(text);
    assert.equal(whole.rows.length, 4);
    for (const size of CHUNK_SIZES) assert.deepEqual((await parseAll(text, {}, size)).rows, whole.rows, `chunks of ${size}`);
  });

  it('reads back any well-quoted file it is given, cut anywhere', async () => {
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
    const alphabet = ['a', 'b', 'é', ' ', ',', ';', '"', '\n', '\r\n', '€', 'x'];
    for (let round = 0; round < 300; round++) {
      const width = 1 + rand(4);
      const records: string[][] = [];
      const rowCount = 1 + rand(6);
      for (let r = 0; r <= rowCount; r++) {
        const cells: string[] = [];
        // Keep a non-blank first cell so that no record is a blank line.
        for (let c = 0; c < width; c++)
          cells.push((c === 0 ? 'k' : '') + Array.from({ length: rand(5) }, () => alphabet[rand(alphabet.length)]).join(''));
        records.push(cells);
      }
      const nl = ['\n', '\r\n', '\r'][rand(3)]!;
      // Blanks may follow a closing quote; papaparse and the scanner both allow them.
      const quote = (v: string) => (/[",\r\n]/.test(v) || rand(4) === 0 ? `"${v.replace(/"/g, '""')}"${[' ', '  ', '', ''][rand(4)]}` : v);
      const expectedRows: number[] = [];
      let text = '';
      let row = 0;
      records.forEach((cells, i) => {
        while (i > 0 && rand(5) === 0) {
          text += nl;
          row++;
        }
        text += cells.map(quote).join(',') + (i < records.length - 1 || rand(2) ? nl : '');
        row++;
        if (i > 0) expectedRows.push(row);
      });
      const size = [1, 3, 8, Infinity][rand(4)]!;
      const csv = await parseAll(text, { delimiter: ',' }, size);
      const where = JSON.stringify(text);
      assert.deepEqual(
        csv.headers.map((h) => h.name),
        records[0]!.map((c) => c.trim()),
        where,
      );
      assert.deepEqual(
        csv.rows.map((r) => r.cells),
        records.slice(1),
        where,
      );
      assert.deepEqual(
        csv.rows.map((r) => r.row),
        expectedRows,
        where,
      );
      assert.equal(csv.stats.errorRows, 0, where);
    }
  });

  it('keeps the last row when blanks follow its closing quote at the end of the file', async () => {
    for (const text of ['a,b\n"x","y"  ', 'a,b\n"x","y"  \n', 'a,b\r\n"x"  ,"y"\t\r\n']) {
      assert.deepEqual(plain((await parseAll(text)).rows), [[2, 'x', 'y']], JSON.stringify(text));
    }
  });

  it('drops the CR that a CRLF line leaves among LF lines', async () => {
    const csv = await parseAll('a,b\n1,2\r\n3,4\n');
    assert.equal(csv.newline, '\n');
    assert.deepEqual(plain(csv.rows), [
      [2, '1', '2'],
      [3, '3', '4'],
    ]);
  });

  it('refuses a line too long to be a record', async () => {
    await assert.rejects(
      parseCsv(chunks('a,b\n' + 'x'.repeat(200_000), 4096), { maxRecordChars: 100_000 }),
      (e: unknown) =>
        e instanceof RosterError &&
        e.code === 'import_unreadable' &&
        /^Row 2 runs over \d+ characters without a line break/.test(e.message),
    );
  });

  it('says what is wrong with the headers', async () => {
    const csv = await parseAll('Email,,Email\n1,2,3\n');
    assert.deepEqual(csv.labels, ['Email', 'Column 2', 'Email (2)']);
    assert.equal(csv.headerIssues.length, 2);
  });

  it('refuses an empty file with one sentence', async () => {
    for (const text of ['', '\n\n', ' \r\n,,\r\n']) {
      await assert.rejects(
        parseCsv(chunks(text)),
        (e: unknown) => e instanceof RosterError && e.code === 'import_unreadable' && e.message === EMPTY_FILE,
      );
    }
  });

  it('tells a header-only file apart', async () => {
    const csv = await parseAll('Email,Name\n\n');
    assert.equal(csv.hasDataRows, false);
    assert.deepEqual(csv.labels, ['Email', 'Name']);
    assert.deepEqual(csv.rows, []);
  });

  it('numbers the header after blank lines that come before it', async () => {
    const csv = await parseAll('\n\nEmail,Name\na@x.example,Ann\n');
    assert.equal(csv.headerRow, 3);
    assert.deepEqual(plain(csv.rows), [[4, 'a@x.example', 'Ann']]);
  });

  it('honours an Excel sep= line and gives it no row number', async () => {
    const csv = await parseAll('sep=;\r\nEmail;Name\r\na@x.example;Dupont, Ann\r\n');
    assert.deepEqual(csv.delimiter, { delimiter: ';', reason: 'the first line of the file says sep=;', overridden: false });
    assert.equal(csv.headerRow, 1);
    assert.deepEqual(plain(csv.rows), [[2, 'a@x.example', 'Dupont, Ann']]);
  });

  it('lets an explicit delimiter win', async () => {
    const csv = await parseAll('a;b,c\n1;2,3\n', { delimiter: ',' });
    assert.deepEqual(csv.labels, ['a;b', 'c']);
    assert.equal(csv.delimiter.overridden, true);
    assert.deepEqual((await parseAll('a\tb\n1\t2\n', { delimiter: 'tab' })).labels, ['a', 'b']);
    await assert.rejects(
      parseCsv(chunks('a,b\n'), { delimiter: ';;' }),
      (e: unknown) => e instanceof RosterError && e.code === 'validation',
    );
  });

  it('refuses a header row whose quotes are broken', async () => {
    await assert.rejects(
      parseCsv(chunks('Email,"Name\na@x.example,Ann\n')),
      (e: unknown) =>
        e instanceof RosterError &&
        e.code === 'import_unreadable' &&
        /header row \(row 1\) has a quote that is never closed in column 2/.test(e.message),
    );
  });

  it('closes the source when the caller gives up before reading rows', async () => {
    let closed = false;
    async function* source() {
      try {
        yield 'a,b\n1,2\n';
        yield '3,4\n';
      } finally {
        closed = true;
      }
    }
    const csv = await parseCsv(source());
    await csv.close();
    assert.equal(closed, true);
  });

  it('closes the source when a for-await loop stops early', async () => {
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; i < 100; i++) yield i === 0 ? 'a,b\n' : `${i},x\n`;
      } finally {
        closed = true;
      }
    }
    const csv = await parseCsv(source());
    for await (const _ of csv.rows) break;
    assert.equal(closed, true);
  });

  it('passes on an error of the text it reads', async () => {
    async function* source() {
      yield 'a,b\n' + '1,2\n'.repeat(20_000);
      throw new RosterError('import_unreadable', 'bad byte');
    }
    const csv = await parseCsv(source());
    await assert.rejects(async () => {
      for await (const _ of csv.rows);
    }, /bad byte/);
  });
});
