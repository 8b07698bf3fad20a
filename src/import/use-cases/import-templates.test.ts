import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyTemplate, type ImportTemplate } from './import-templates.js';

const TEMPLATE: ImportTemplate = {
  id: 1,
  entity: 'tickets',
  name: 'Old desk',
  headers: ['Title', 'State', 'Requester', 'Opened'],
  mapping: { Title: 'title', State: 'status', Requester: 'customerEmail', Opened: 'createdAt' },
  dateFormats: { Opened: 'dd/mm/yyyy' },
  onExisting: 'skip',
  allOrNothing: true,
  valueMaps: { State: { triage: 'pending', parked: 'pending' } },
  createMissingCustomers: true,
  createdBy: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('applyTemplate', () => {
  it('puts every choice on the file’s own labels, matched case and punctuation aside', () => {
    assert.deepEqual(applyTemplate(TEMPLATE, ['opened', 'REQUESTER', 'state', 'title'], {}), {
      mapping: { title: 'title', state: 'status', REQUESTER: 'customerEmail', opened: 'createdAt' },
      dateFormats: { opened: 'dd/mm/yyyy' },
      onExisting: 'skip',
      allOrNothing: true,
      valueMaps: { state: { triage: 'pending', parked: 'pending' } },
      createMissingCustomers: true,
    });
  });

  it('lets the caller’s choices win, value by value', () => {
    const applied = applyTemplate(TEMPLATE, TEMPLATE.headers, {
      mapping: { Opened: null },
      dateFormats: { Opened: 'yyyy-mm-dd' },
      onExisting: 'update',
      allOrNothing: false,
      valueMaps: { State: { triage: 'open', hold: 'pending' } },
      createMissingCustomers: false,
    });
    assert.equal(applied.mapping?.Opened, null);
    assert.deepEqual([applied.onExisting, applied.allOrNothing, applied.createMissingCustomers], ['update', false, undefined]);
    assert.deepEqual(applied.dateFormats, { Opened: 'yyyy-mm-dd' });
    assert.deepEqual(applied.valueMaps, { State: { triage: 'open', parked: 'pending', hold: 'pending' } });
  });

  it('leaves the template’s values behind for a column the caller sends elsewhere, and keeps them when it confirms the property', () => {
    assert.equal(applyTemplate(TEMPLATE, TEMPLATE.headers, { mapping: { State: null } }).valueMaps, undefined);
    assert.equal(applyTemplate(TEMPLATE, TEMPLATE.headers, { mapping: { State: 'priority' } }).valueMaps, undefined);
    assert.deepEqual(applyTemplate(TEMPLATE, TEMPLATE.headers, { mapping: { State: 'status' } }).valueMaps, TEMPLATE.valueMaps);
  });

  it('passes over the template’s columns that the file lacks', () => {
    const applied = applyTemplate(TEMPLATE, ['Title', 'Requester'], {});
    assert.deepEqual(applied.mapping, { Title: 'title', Requester: 'customerEmail' });
    assert.deepEqual([applied.dateFormats, applied.valueMaps], [{}, undefined]);
  });
});
