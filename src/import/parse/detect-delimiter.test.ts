import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { detectDelimiter } from './detect-delimiter.js';
import { SAMPLES } from '../../../test/support/samples.js';

describe('detectDelimiter', () => {
  it('finds each of the four delimiters', () => {
    assert.equal(detectDelimiter('a,b,c\n1,2,3\n').delimiter, ',');
    assert.equal(detectDelimiter('a;b;c\n1;2;3\n').delimiter, ';');
    assert.equal(detectDelimiter('a\tb\tc\n1\t2\t3\n').delimiter, '\t');
    assert.equal(detectDelimiter('a|b|c\n1|2|3\n').delimiter, '|');
  });

  it('explains itself', () => {
    assert.deepEqual(detectDelimiter('a;b;c\r\n1;2;3\r\n4;5;6\r\n'), {
      delimiter: ';',
      reason: 'each of the first 3 lines has 2 semicolons outside quotes',
    });
    assert.deepEqual(detectDelimiter('a,b'), { delimiter: ',', reason: 'the header has 1 comma outside quotes' });
  });

  it('ignores delimiters inside quotes', () => {
    const sample = 'Nom;Société;Ville\n"Dupont, Jean";"Dupont, Frères, et fils";Lyon\nAnne;"A, B";Paris\n';
    assert.equal(detectDelimiter(sample).delimiter, ';');
  });

  it('prefers the delimiter used consistently over one that merely appears in the header', () => {
    const sample = 'Name, Surname;Email;City\nAnn;a@x.example;Lyon\nBob;b@x.example;Oslo\nCy;c@x.example;Rome\n';
    const d = detectDelimiter(sample);
    assert.equal(d.delimiter, ';');
    assert.match(d.reason, /2 semicolons/);
  });

  it('reads tab-separated text whose values contain commas', () => {
    const sample = 'Name\tCompany\tCity\nSmith, John\tAcme, Inc.\tParis\nDoe, Jane\tFoo, Ltd\tRome\n';
    assert.equal(detectDelimiter(sample).delimiter, '\t');
  });

  it('copes with rows that are short of a few cells', () => {
    const d = detectDelimiter('a,b,c,d\n1,2,3,4\n1,2\n1,2,3,4\n');
    assert.equal(d.delimiter, ',');
    assert.equal(d.reason, 'the header has 3 commas outside quotes and 3 of the first 4 lines have as many');
  });

  it('skips blank lines and an Excel sep= line', () => {
    assert.equal(detectDelimiter('sep=,\na;b,c\n\n1;2,3\n').delimiter, ',');
    assert.equal(detectDelimiter('\n\na|b\n\n1|2').delimiter, '|');
  });

  it('falls back to comma for a single column', () => {
    assert.deepEqual(detectDelimiter('Email\nann@x.example\n'), {
      delimiter: ',',
      reason: 'the header has no comma, semicolon, tab or pipe, so the file is read as a single column',
    });
    assert.equal(detectDelimiter('').delimiter, ',');
  });

  it('reads the sample files', () => {
    assert.equal(detectDelimiter(readFileSync(`${SAMPLES}/customers.csv`, 'utf8')).delimiter, ',');
    assert.equal(detectDelimiter(readFileSync(`${SAMPLES}/customers-fr-semicolon-latin1.csv`, 'latin1')).delimiter, ';');
  });
});
