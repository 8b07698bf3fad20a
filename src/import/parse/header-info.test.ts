import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeHeaders } from './header-info.js';

const labels = (cells: string[]) => describeHeaders(cells).headers.map((h) => h.label);

describe('describeHeaders', () => {
  it('keeps clean headers as written, trimmed', () => {
    assert.deepEqual(describeHeaders([' Email', 'First Name ']), {
      headers: [
        { index: 0, name: 'Email', label: 'Email' },
        { index: 1, name: 'First Name', label: 'First Name' },
      ],
      issues: [],
    });
  });

  it('names blank headers after their column, counted from 1', () => {
    const { headers, issues } = describeHeaders(['Email', '', '  ']);
    assert.deepEqual(
      headers.map((h) => [h.name, h.label]),
      [
        ['Email', 'Email'],
        ['', 'Column 2'],
        ['', 'Column 3'],
      ],
    );
    assert.deepEqual(issues, ['Columns 2 and 3 have no header; they are shown as "Column 2" and "Column 3".']);
    assert.deepEqual(describeHeaders(['', 'Email']).issues, ['Column 1 has no header; it is shown as "Column 1".']);
  });

  it('numbers repeated headers from the second one', () => {
    const { headers, issues } = describeHeaders(['Email', 'Name', 'Email', 'Email']);
    assert.deepEqual(
      headers.map((h) => h.label),
      ['Email', 'Name', 'Email (2)', 'Email (3)'],
    );
    assert.deepEqual(
      headers.map((h) => h.name),
      ['Email', 'Name', 'Email', 'Email'],
    );
    assert.deepEqual(issues, [
      'The header "Email" appears 3 times (columns 1, 3 and 4); the others are shown as "Email (2)" and "Email (3)".',
    ]);
    assert.deepEqual(describeHeaders(['Phone', 'Phone']).issues, [
      'The header "Phone" appears 2 times (columns 1 and 2); the second one is shown as "Phone (2)".',
    ]);
  });

  it('never makes a label the file already uses', () => {
    assert.deepEqual(labels(['Email', 'Email', 'Email (2)']), ['Email', 'Email (3)', 'Email (2)']);
    assert.deepEqual(labels(['Column 2', '']), ['Column 2', 'Column 2 (2)']);
  });

  it('treats headers that differ only in case as different', () => {
    assert.deepEqual(describeHeaders(['Email', 'email']).issues, []);
  });
});
