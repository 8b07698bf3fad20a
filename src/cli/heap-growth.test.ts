import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HEAP_GROWING_PERCENT, heapGrowthFlag } from './heap-growth.js';

describe('heapGrowthFlag', () => {
  it('bounds the heap growth when nobody chose otherwise', () => {
    assert.equal(heapGrowthFlag([], undefined), `--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    assert.equal(heapGrowthFlag(['--enable-source-maps'], '--max-old-space-size=2048'), `--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  });

  it('leaves a growth chosen on the command line or in NODE_OPTIONS alone, in either spelling', () => {
    assert.equal(heapGrowthFlag(['--heap-growing-percent=200'], undefined), null);
    assert.equal(heapGrowthFlag([], '--inspect --heap_growing_percent=20'), null);
  });
});
