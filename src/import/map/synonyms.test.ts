import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { standardProperties } from '../../core/properties.js';
import { RECORD_KINDS } from '../../core/record-kind.js';
import { mappingTargets } from '../../core/ticket-import.js';
import { normalizeHeader } from './normalize-header.js';
import { IGNORED_COLUMNS, SYNONYM_GROUP, SYNONYMS, type SynonymGroup } from './synonyms.js';

const groups = Object.keys(SYNONYMS) as SynonymGroup[];
const propertiesOf = (group: SynonymGroup) =>
  RECORD_KINDS.filter((k) => SYNONYM_GROUP[k] === group).flatMap((k) => mappingTargets(k, standardProperties(k)));

describe('SYNONYMS', () => {
  it('gives a header one property per group', () => {
    for (const group of groups) {
      const seen = new Map<string, string>();
      for (const s of SYNONYMS[group]) {
        const n = normalizeHeader(s.header);
        assert.equal(seen.get(n) ?? s.key, s.key, `${group}: "${s.header}" means both ${seen.get(n)} and ${s.key}`);
        seen.set(n, s.key);
      }
    }
  });

  it('only names standard properties of the group', () => {
    for (const group of groups) {
      const keys = new Set(propertiesOf(group).map((p) => p.key));
      for (const s of SYNONYMS[group]) assert.ok(keys.has(s.key), `${group}: "${s.header}" → unknown ${s.key}`);
    }
  });

  it('holds no synonym that a label or key of the group would shadow', () => {
    for (const group of groups) {
      const names = new Set(propertiesOf(group).flatMap((p) => [normalizeHeader(p.label), normalizeHeader(p.key)]));
      for (const s of SYNONYMS[group])
        assert.ok(!names.has(normalizeHeader(s.header)), `${group}: "${s.header}" is already a label or key`);
    }
  });

  it('has no empty header and sane priorities', () => {
    for (const group of groups) {
      for (const s of SYNONYMS[group]) {
        assert.notEqual(normalizeHeader(s.header), '');
        assert.ok(s.priority > 0 && s.priority < 100, s.header);
      }
    }
  });
});

describe('IGNORED_COLUMNS', () => {
  it('covers the descriptive columns of Google Contacts and Outlook', () => {
    for (const header of [
      'E-mail 1 - Type',
      'E-mail 2 - Label',
      'Phone 1 - Type',
      'Organization 1 - Type',
      'Address 1 - Label',
      'E-mail Type',
      'E-mail 2 Display Name',
      'Name Prefix',
    ]) {
      assert.ok(
        IGNORED_COLUMNS.some((c) => c.pattern.test(header)),
        header,
      );
    }
  });

  it('leaves the value columns alone', () => {
    for (const header of ['E-mail 1 - Value', 'Phone 1 - Value', 'E-mail Address', 'Title', 'Type']) {
      assert.ok(!IGNORED_COLUMNS.some((c) => c.pattern.test(header)), header);
    }
  });
});
