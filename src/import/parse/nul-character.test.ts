import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv, type CsvRow } from './parse-csv.js';

async function* chunks(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function parseAll(text: string, size = Infinity) {
  const csv = await parseCsv(chunks(text, size === Infinity ? Math.max(text.length, 1) : size));
  const rows: CsvRow[] = [];
  for await (const r of csv.rows) rows.push(r);
  return { rows, stats: csv.stats };
}

const CHUNK_SIZES = [1, 2, 3, 7, 64, Infinity];

describe('parseCsv and NUL characters', () => {
  it('reports a row with a NUL in a cell, naming the row and the first such column, and reads on', async () => {
    const text = 'Email,First Name,Last Name\na@x.example,Ann,A\nb@x.example,B\0b,B\0\nc@x.example,Cy,C\n';
    for (const size of CHUNK_SIZES) {
      const { rows, stats } = await parseAll(text, size);
      assert.deepEqual(
        rows.map((r) => [r.row, r.error?.code ?? null]),
        [
          [2, null],
          [3, 'nul_character'],
          [4, null],
        ],
        `chunks of ${size}`,
      );
      assert.equal(
        rows[1]!.error!.message,
        'Row 3, column "First Name" contains a NUL character (byte 0), which cannot be stored; the file may be damaged or not a text CSV.',
      );
      // The person sees the cells as the file has them.
      assert.deepEqual(rows[1]!.cells, ['b@x.example', 'B\0b', 'B\0']);
      assert.deepEqual(stats, { dataRows: 2, errorRows: 1, blankRows: 0 });
    }
  });

  it('finds a NUL inside a quoted value that spans lines, and in a row after a long clean stretch', async () => {
    const clean = Array.from({ length: 2000 }, (_, i) => `p${i}@x.example,First${i},"Last, ${i}"`).join('\r\n');
    const text = `Email,First Name,Last Name\r\n${clean}\r\nq@x.example,Q,"two\r\nli\0nes"\r\nr@x.example,R,R\r\n`;
    for (const size of [5, 4096, Infinity]) {
      const { rows } = await parseAll(text, size);
      const bad = rows.filter((r) => r.error);
      assert.deepEqual(
        bad.map((r) => [r.row, r.error!.code]),
        [[2002, 'nul_character']],
        `chunks of ${size}`,
      );
      assert.match(bad[0]!.error!.message, /^Row 2002, column "Last Name" contains a NUL character/);
      assert.equal(rows.length, 2002);
      assert.deepEqual(rows[rows.length - 1]!.cells, ['r@x.example', 'R', 'R']);
    }
  });

  it('leaves a row whose other problem is worse with that problem', async () => {
    const { rows } = await parseAll('a,b\n1,2,\0x\n3,4\n');
    assert.equal(rows[0]!.error?.code, 'too_many_cells');
    assert.equal(rows[1]!.error, undefined);
  });
});
