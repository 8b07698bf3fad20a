import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeHeader } from './normalize-header.js';

describe('normalizeHeader', () => {
  it('ignores case, punctuation and spacing', () => {
    for (const h of ['E-mail', 'email', 'EMAIL', 'e_mail', ' E mail ', 'E-Mail:']) assert.equal(normalizeHeader(h), 'email', h);
    for (const h of ['First Name', 'first_name', 'firstName', 'FIRST-NAME']) assert.equal(normalizeHeader(h), 'firstname', h);
  });

  it('removes accents and spells out ligatures', () => {
    assert.equal(normalizeHeader('Prénom'), 'prenom');
    assert.equal(normalizeHeader('Téléphone'), 'telephone');
    assert.equal(normalizeHeader('Straße'), 'strasse');
    assert.equal(normalizeHeader('Código Postal'), 'codigopostal');
    assert.equal(normalizeHeader('Œuvre'), 'oeuvre');
  });

  it('keeps digits and letters of other scripts', () => {
    assert.equal(normalizeHeader('E-mail 1 - Value'), 'email1value');
    assert.equal(normalizeHeader('Электронная почта'), 'электроннаяпочта');
    assert.equal(normalizeHeader('メール'), 'メール');
  });

  it('gives an empty string for a header of punctuation only', () => {
    assert.equal(normalizeHeader(' - '), '');
  });
});
