import { Worker } from 'node:worker_threads';
import { reviveError, type FromReader, type ToReader } from './reader-messages.js';
import { validateFile, type ValidatedBatch, type ValidateFileInput } from './validate-file.js';

export interface ReadOptions {
  /** Read and validate on a worker thread (large files), or on this one. */
  worker: boolean;
  /** Batches the worker may read ahead of the ones taken (env ROSTER_IMPORT_READ_AHEAD, default 3). */
  readAhead?: number;
  /** The worker's old-generation heap limit in MB (default WORKER_HEAP_MB). */
  heapMb?: number;
}

/**
 * The worker's heap limit. Why: left alone, V8 let the worker's heap grow to ~170 MB of mostly
 * garbage (it allocates fast and nothing asks it to collect), and the import peaked at 511 MB
 * (1M rows). Capped at 96 MB the heap stayed at ~86 MB at the same speed; at 64 MB (with 3
 * batches of read-ahead) the peak was 390 MB, within the noise of 96 MB's speed; at 48 MB the
 * worker was a third slower, collecting all the time. A row too large for the cap is not an
 * error: reading goes on on this thread (see validatedBatches).
 */
export const WORKER_HEAP_MB = 64;

/** With the worker on, files from this size up are read on it: below it, starting the thread costs more than it saves. */
export const WORKER_MIN_BYTES = 4 * 1024 * 1024;

/**
 * Whether large files are read on a worker thread: only with ROSTER_IMPORT_WORKER=1. Why off by
 * default: measured back to back on the 2-core development machine (1M rows, SQLite), the import
 * ran at 19.7k rows/s with the worker and 25.8k without it (dry run 36.1k and 42.9k), and peaked
 * at the same ~390 MB. Serialising every batch across threads, the worker's own collections and a
 * machine whose second core is shared cost more than the overlap saves; a machine with cores to
 * spare may see otherwise, which is why the worker stays (tested) behind the switch.
 */
export function workerWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.ROSTER_IMPORT_WORKER === '1';
}

/** Each batch read ahead waits, deserialised, in this thread's heap: 8 of them cost ~40 MB of peak, 3 as fast. */
const DEFAULT_READ_AHEAD = 3;

export function readAheadFrom(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.ROSTER_IMPORT_READ_AHEAD);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_READ_AHEAD;
}

/**
 * The validated batches of a file, read on this thread or on a worker thread.
 *
 * Why a worker: decoding, parsing and validating (the phone library above all) cost about as
 * much CPU as the database's writes, and on this thread the two take turns. On a worker the
 * next batches are read while this thread writes the ones before them (with SQLite the writes
 * run on this thread and block it; PostgreSQL works in its own process either way). The worker
 * stays at most `readAhead` batches ahead, so memory holds a bounded number of batches whatever
 * the file's size.
 */
export async function* validatedBatches(input: ValidateFileInput, options: ReadOptions): AsyncGenerator<ValidatedBatch> {
  if (!options.worker) {
    yield* validateFile(input);
    return;
  }
  const worker = startWorker({ input, readAhead: options.readAhead ?? readAheadFrom() }, options.heapMb ?? WORKER_HEAP_MB);
  const inbox: (FromReader | { type: 'exit'; code: number } | { type: 'crash'; error: Error })[] = [];
  let wake: (() => void) | undefined;
  const deliver = (message: (typeof inbox)[number]) => {
    inbox.push(message);
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: FromReader) => deliver(message));
  worker.on('error', (error) => deliver({ type: 'crash', error }));
  worker.on('exit', (code) => deliver({ type: 'exit', code }));
  let taken = { after: input.after, alreadyRead: input.alreadyRead };
  try {
    for (;;) {
      while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const message = inbox.shift()!;
      if (message.type === 'batch') {
        worker.postMessage({ type: 'taken' } satisfies ToReader);
        taken = { after: message.batch.lastRow, alreadyRead: message.batch.read };
        yield message.batch;
      } else if (message.type === 'done') return;
      else if (message.type === 'error') throw reviveError(message.error);
      else if (message.type === 'crash' && (message.error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        // A row larger than the worker's heap allows: the rest of the file is read here, from
        // the row after the last batch taken (the batches in flight are read again).
        yield* validateFile({ ...input, ...taken });
        return;
      } else if (message.type === 'crash') throw message.error;
      else throw new Error(`The import's reading thread stopped unexpectedly (exit code ${message.code}).`);
    }
  } finally {
    await worker.terminate();
  }
}

/**
 * Starts the worker's module next to this one: JavaScript once built. Running from TypeScript
 * (tests, under tsx) a worker thread does not inherit tsx's loader, so it registers it first.
 */
function startWorker(workerData: unknown, heapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: heapMb };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./validate-worker.js', import.meta.url), { workerData, resourceLimits });
  const module = new URL('./validate-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(module)}); })`;
  return new Worker(bootstrap, { eval: true, workerData, resourceLimits });
}
