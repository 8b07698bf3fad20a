import type { ImportStore } from '../import-store.js';
import { BloomFilter } from './bloom-filter.js';

/**
 * The import's Bloom filter of keys (see validateFile: only rows whose key may repeat an earlier
 * one keep their cells), over shared memory when a reading thread will add to it; on resume,
 * refilled with the keys read before the cursor.
 */
export async function keyFilter(store: ImportStore, options: { after: number; merged: number; shared: boolean }): Promise<BloomFilter> {
  const bloom = options.shared ? BloomFilter.shared() : new BloomFilter();
  for await (const keys of store.keysReadBefore({ after: options.after, merged: options.merged })) {
    for (const key of keys) bloom.addAndCheck(key);
  }
  return bloom;
}
