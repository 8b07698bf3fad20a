import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDate, suggestDateFormat } from './dates.js';

describe('dates', () => {
  it('reads yyyy-mm-dd by default and checks the calendar', () => {
    assert.deepEqual(parseDate('2024-02-29'), { ok: true, value: '2024-02-29' });
    assert.equal(parseDate('2023-02-29').ok, false);
    assert.equal(parseDate('2023-02-30').ok, false);
    assert.equal(parseDate('2018-13-01').ok, false);
    assert.equal(parseDate('1900-02-29').ok, false, '1900 is not a leap year');
    assert.equal(parseDate('2000-02-29').ok, true, '2000 is');
  });

  it('never guesses another format: 14/07/2020 is an error unless dd/mm/yyyy is picked', () => {
    const r = parseDate('14/07/2020');
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : '', /yyyy-mm-dd; pick another date format/);
    assert.deepEqual(parseDate('14/07/2020', 'dd/mm/yyyy'), { ok: true, value: '2020-07-14' });
    assert.equal(parseDate('14/07/2020', 'mm/dd/yyyy').ok, false);
  });

  it('reads every supported format', () => {
    assert.equal((parseDate('07/14/2020', 'mm/dd/yyyy') as { value: string }).value, '2020-07-14');
    assert.equal((parseDate('1.2.2021', 'dd.mm.yyyy') as { value: string }).value, '2021-02-01');
    assert.equal((parseDate('01-02-2021', 'dd-mm-yyyy') as { value: string }).value, '2021-02-01');
    assert.equal((parseDate('2021/2/1', 'yyyy/mm/dd') as { value: string }).value, '2021-02-01');
    assert.equal(
      (parseDate('2021-02-01T23:59:59+05:00', 'iso-datetime') as { value: string }).value,
      '2021-02-01',
      'the date part is kept as written',
    );
  });

  it('suggests a format from values and says when it is ambiguous', () => {
    assert.deepEqual(suggestDateFormat(['14/07/2020', '01/02/2021']), { format: 'dd/mm/yyyy', ambiguous: false, alternatives: [] });
    const amb = suggestDateFormat(['01/02/2021', '03/04/2021']);
    assert.equal(amb?.ambiguous, true);
    assert.deepEqual([amb?.format, ...(amb?.alternatives ?? [])].sort(), ['dd/mm/yyyy', 'mm/dd/yyyy']);
    assert.equal(suggestDateFormat(['not a date']), undefined);
  });
});
