import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nameFromEmail, splitFullName } from './full-name.js';

describe('splitFullName', () => {
  const table: [string, string, string][] = [
    ['Alice Anders', 'Alice', 'Anders'],
    ['Mary Ann Smith', 'Mary Ann', 'Smith'],
    ['Anders, Alice', 'Alice', 'Anders'],
    ['van der Berg, Alice', 'Alice', 'van der Berg'],
    ['Smith,Mary Ann', 'Mary Ann', 'Smith'],
    ['Alice van der Berg', 'Alice', 'van der Berg'],
    ['Ludwig von Mises', 'Ludwig', 'von Mises'],
    ['Maria da Silva Santos', 'Maria', 'da Silva Santos'],
    ['Jean de La Fontaine', 'Jean', 'de La Fontaine'],
    ['Leonardo di Caprio', 'Leonardo', 'di Caprio'],
    ['Omar bin Laden', 'Omar', 'bin Laden'],
    ['Karim al Hassan', 'Karim', 'al Hassan'],
    // Capitalised, a particle is a first or middle name.
    ['Karim Al Hassan', 'Karim Al', 'Hassan'],
    ['Van Morrison', 'Van', 'Morrison'],
    // A particle as the last word is the last name itself; as the first word, a first name.
    ['Alice de', 'Alice', 'de'],
    ['de Gaulle', 'de', 'Gaulle'],
    ['Cher', 'Cher', ''],
    ['  Cher  ', 'Cher', ''],
    ['Anders,', 'Anders', ''],
    [', Alice', 'Alice', ''],
    ['  Alice   Anders ', 'Alice', 'Anders'],
    ['Émile Zola', 'Émile', 'Zola'],
    ['', '', ''],
  ];
  for (const [name, firstName, lastName] of table) {
    it(`"${name}" → ${firstName || '(empty)'} / ${lastName || '(empty)'}`, () => {
      assert.deepEqual(splitFullName(name), { firstName, lastName });
    });
  }
});

describe('nameFromEmail', () => {
  const cases: [string, string, string][] = [
    ['jane.doe@example.com', 'Jane', 'Doe'],
    ['jdoe@example.com', 'Jdoe', ''],
    ['mary_ann.smith@example.com', 'Mary Ann', 'Smith'],
    ['jean-luc.picard+support@example.com', 'Jean Luc', 'Picard'],
    ['JANE.DOE@example.com', 'JANE', 'DOE'],
    ['._-@example.com', '._-', ''],
  ];
  for (const [email, firstName, lastName] of cases) {
    it(`${email} → ${firstName} / ${lastName || '(empty)'}`, () => {
      assert.deepEqual(nameFromEmail(email), { firstName, lastName });
    });
  }
});
