import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { neutralizeFormula, restoreFormula } from './csv-safety.js';

describe('neutralizeFormula', () => {
  it('prefixes a quote to every cell that a spreadsheet would run as a formula', () => {
    for (const cell of ['=cmd()', '+1 555 0100', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '\0=1', ' =1', '   @x', "=cmd|' /c calc'!A1"]) {
      assert.equal(neutralizeFormula(cell), `'${cell}`, JSON.stringify(cell));
    }
  });

  it('leaves other cells exactly as they are, including trigger characters after the first', () => {
    for (const cell of ['', ' ', 'Ada', 'a=b', ' a=1', "'already", '1+1', 'ada@example.com', 'Zoë — “quoted”']) {
      assert.equal(neutralizeFormula(cell), cell, JSON.stringify(cell));
    }
  });

  it("quotes a cell's own quote before a trigger again, so that the import gives it back", () => {
    assert.equal(neutralizeFormula("'=1"), "''=1");
    assert.equal(neutralizeFormula(neutralizeFormula('=1')), "''=1");
  });
});

describe('restoreFormula', () => {
  it('takes off the quote neutralizeFormula put, so every cell comes back as it was', () => {
    for (const cell of ['=cmd()', '+1 555 0100', '-2+3', '@SUM(A1)', '\t=1', '\r=1', ' =1', "'=1", 'Ada', '', "'", "''"]) {
      assert.equal(restoreFormula(neutralizeFormula(cell)), cell, JSON.stringify(cell));
    }
  });

  it('leaves any other quote alone', () => {
    for (const cell of ["'", "'tis", "'Ada'", "' a=1", "'1+1", "a'=1"]) assert.equal(restoreFormula(cell), cell, JSON.stringify(cell));
  });
});
