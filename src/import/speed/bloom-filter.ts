/**
 * A fixed-size Bloom filter over strings. The import uses it to notice, in constant memory, that
 * a row's key *may* have been seen before: only those rows keep their original cells in the stage
 * table, so the error report can show a duplicate row as written, while the exact duplicate check
 * runs in SQL afterwards. A Set of every email would grow with the file; this stays at `bits / 8`
 * bytes (sizes and false-positive rates: README.md). False positives only cost a few stored cells; there are no false
 * negatives, which is what makes the later exact check complete.
 */
export class BloomFilter {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  /**
   * `log2Bits` 26 = 64 Mbit = 8 MB, enough for files of millions of rows.
   * `buffer` (of `BloomFilter.bytes(log2Bits)`) lets two threads share one filter: the import's
   * reading thread adds keys to the filter the importing thread refilled on resume.
   */
  constructor(
    log2Bits = 26,
    private readonly hashes = 4,
    buffer?: ArrayBufferLike,
  ) {
    this.bits = buffer ? new Uint32Array(buffer) : new Uint32Array(BloomFilter.bytes(log2Bits) >>> 2);
    if (this.bits.length << 5 !== 1 << log2Bits)
      throw new Error(`A Bloom filter of 2^${log2Bits} bits needs ${BloomFilter.bytes(log2Bits)} bytes.`);
    this.mask = (1 << log2Bits) - 1;
  }

  static bytes(log2Bits = 26): number {
    return (1 << log2Bits) >>> 3;
  }

  /** A filter over shared memory, for `new BloomFilter(log2Bits, hashes, filter.buffer)` on another thread. */
  static shared(log2Bits = 26, hashes = 4): BloomFilter {
    return new BloomFilter(log2Bits, hashes, new SharedArrayBuffer(BloomFilter.bytes(log2Bits)));
  }

  get buffer(): ArrayBufferLike {
    return this.bits.buffer;
  }

  /** Adds `key` and says whether it may have been added before. */
  addAndCheck(key: string): boolean {
    return this.probe(key, true);
  }

  /** Whether `key` may have been added (false: it certainly was not). */
  has(key: string): boolean {
    return this.probe(key, false);
  }

  private probe(key: string, add: boolean): boolean {
    // Two independent 32-bit hashes (FNV-1a and a multiplicative one), combined as h1 + i·h2
    // (Kirsch–Mitzenmacher), are as good as `hashes` independent functions.
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 + c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    h2 |= 1;
    let seen = true;
    for (let i = 0; i < this.hashes; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.mask;
      const word = bit >>> 5;
      const flag = 1 << (bit & 31);
      if ((this.bits[word]! & flag) === 0) {
        seen = false;
        if (!add) return false;
        this.bits[word]! |= flag;
      }
    }
    return seen;
  }
}
