import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { neutralizeFormula } from './csv-safety.js';

describe('neutralizeFormula', () => {
  it('prefixes a quote to every cell that a spreadsheet would run as a formula', () => {
    for (const cell of ['=cmd()', '+1 555 0100', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '\0=1']) {
      assert.equal(neutralizeFormula(cell), `'${cell}`, JSON.stringify(cell));
    }
  });

  it('leaves other cells exactly as they are, including trigger characters after the first', () => {
    for (const cell of ['', 'Ada', 'a=b', ' =1', "'already", '1+1', 'ada@example.com', 'Zoë — “quoted”']) {
      assert.equal(neutralizeFormula(cell), cell, JSON.stringify(cell));
    }
  });

  it('quotes once: an already neutralised cell is left as it is', () => {
    assert.equal(neutralizeFormula(neutralizeFormula('=1')), "'=1");
  });
});
