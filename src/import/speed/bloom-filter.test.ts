import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BloomFilter } from './bloom-filter.js';

describe('BloomFilter', () => {
  it('never misses a key it has seen (no false negatives)', () => {
    const bloom = new BloomFilter(16);
    for (let i = 0; i < 5000; i++) bloom.addAndCheck(`k${i}@example.com`);
    for (let i = 0; i < 5000; i++) assert.equal(bloom.addAndCheck(`k${i}@example.com`), true);
  });

  it('rarely claims a new key was seen (few false positives at its size)', () => {
    const bloom = new BloomFilter(20);
    let positives = 0;
    for (let i = 0; i < 50_000; i++) if (bloom.addAndCheck(`person${i}@example.com`)) positives++;
    assert.ok(positives < 50, `${positives} false positives`);
  });

  it('shares its bits with a filter built over the same buffer (another thread)', () => {
    const here = BloomFilter.shared(16);
    const there = new BloomFilter(16, 4, here.buffer);
    assert.equal(there.addAndCheck('seen@example.com'), false);
    assert.equal(here.addAndCheck('seen@example.com'), true);
    assert.throws(() => new BloomFilter(16, 4, new ArrayBuffer(16)), /needs 8192 bytes/);
  });

  it('answers whether a key may be in it without adding it', () => {
    const bloom = new BloomFilter(16);
    bloom.addAndCheck('in@example.com');
    assert.equal(bloom.has('in@example.com'), true);
    assert.equal(bloom.has('out@example.com'), false);
    assert.equal(bloom.has('out@example.com'), false, 'asking did not add it');
  });
});
