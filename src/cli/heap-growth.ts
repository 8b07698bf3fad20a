import v8 from 'node:v8';

/**
 * How much V8's old generation may grow between two full garbage collections, in percent of what
 * survived the last one.
 *
 * Why: left to itself, V8 lets the old generation grow up to 4× its live size when the heap limit
 * is large (it is about 4 GB on a machine with plenty of memory). A long import keeps a few batches,
 * the Bloom filter and the phone memo alive, but promotes every batch's rows before they die, so the
 * heap filled with garbage and grew with the file. Growing by at most 1.5× keeps the peak flat at
 * the same speed: more full collections, each over a small live set (src/import/speed/README.md).
 */
export const HEAP_GROWING_PERCENT = 50;

const FLAG = '--heap-growing-percent';

/** The V8 flag to set, or null when the person running Roster chose their own (argv or NODE_OPTIONS). */
export function heapGrowthFlag(execArgv: readonly string[], nodeOptions: string | undefined): string | null {
  const chosen = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((arg) => arg.replace(/_/g, '-').startsWith(FLAG));
  return chosen ? null : `${FLAG}=${HEAP_GROWING_PERCENT}`;
}

/**
 * Bounds the heap's growth for this process (the `roster` command calls it first thing). V8
 * reads this flag at every full collection, so setting it at run time takes effect, unlike the
 * heap limit (`--max-old-space-size`), which is fixed when the process starts.
 */
export function boundHeapGrowth(): void {
  // NODE_OPTIONS and execArgv are read here, not in src/config.ts: they are how Node itself was
  // started (flags V8 has already taken), not settings of Roster's, and this runs before any
  // configuration is read, so a configuration that fails to parse still gets the bounded heap.
  const flag = heapGrowthFlag(process.execArgv, process.env.NODE_OPTIONS);
  if (flag) v8.setFlagsFromString(flag);
}
