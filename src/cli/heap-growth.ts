import v8 from 'node:v8';

/**
 * How much V8's old generation may grow between two full garbage collections, in percent of what
 * survived the last one.
 *
 * Why: left to itself, V8 lets the old generation grow up to 4× its live size when the heap limit
 * is large (it is about 4 GB on a machine with plenty of memory). A long import keeps a few batches,
 * the Bloom filter and the phone memo alive, but promotes every batch's rows before they die, so the
 * heap filled with garbage and grew with the file: JS heap used up to ~160 MB at 1M rows and ~215 MB
 * at 5M, peak RSS 368 MB and 422 MB. Growing by at most 1.5× measured: heap used under ~90 MB,
 * 1M rows 368 → 293 MB back to back, no slower (more full collections, each over a small live set);
 * 5M rows 307 MB.
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
  const flag = heapGrowthFlag(process.execArgv, process.env.NODE_OPTIONS);
  if (flag) v8.setFlagsFromString(flag);
}
