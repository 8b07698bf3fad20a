import { MessageChannel, receiveMessageOnPort, Worker, type Transferable } from 'node:worker_threads';
import { reviveError, type FromReader, type ToReader } from './reader-messages.js';
import { validateFile, type ValidatedBatch, type ValidateFileInput } from './validate-file.js';

export interface ReadOptions {
  /** Read and validate on a worker thread (large files), or on this one. */
  worker: boolean;
  /** Batches the worker may read ahead of the ones taken (default readAheadFrom). */
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
 * default: on the 2-core development machine (1M rows, SQLite, session 3) it made the import
 * faster only by holding many batches: 24 batches ahead ~33.5 s at a 460 MB peak, 8 ahead 37 s at
 * 397 MB, one thread ~38–42 s at ~365 MB. Session 4, with the heap growth bounded
 * (src/cli/heap-growth.ts): 51.6 s at 434 MB against 59.9 s at 285 MB on SQLite, and slower on
 * PostgreSQL (79.5 s against 71.9 s: the reading thread, the server's merge and its COPY share the
 * two cores). The 400 MB memory target weighs more than that gain; a machine with cores and memory
 * to spare may choose otherwise.
 */
export function workerWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.ROSTER_IMPORT_WORKER === '1';
}

/**
 * How far the worker may read ahead, in rows, by default: a little more than a merge transaction
 * (100,000 rows). Why: on SQLite a merge blocks this thread for seconds, and a worker allowed
 * only a few batches ahead stopped soon after it began, so most of its work still waited for the
 * merges (measured at 1M rows: no faster than one thread). Batches read ahead wait serialised in
 * the channel, outside both heaps, and still cost memory: 24 batches ahead peaked ~63 MB above 8.
 */
const READ_AHEAD_ROWS = 120_000;

/** Batches the worker may read ahead: ROSTER_IMPORT_READ_AHEAD, else READ_AHEAD_ROWS worth. */
export function readAheadFrom(batchRows: number, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.ROSTER_IMPORT_READ_AHEAD);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.max(3, Math.ceil(READ_AHEAD_ROWS / batchRows));
}

/**
 * The validated batches of a file, read on this thread or on a worker thread.
 *
 * Why a worker: decoding, parsing and validating (the phone library above all) cost about as
 * much CPU as the database's writes, and on this thread the two take turns. On a worker the
 * next batches are read while this thread writes the ones before them (with SQLite the writes
 * run on this thread and block it; PostgreSQL works in its own process either way). The worker
 * stays at most `readAhead` batches ahead, so memory holds a bounded number of batches whatever
 * the file's size. Batches come through a channel of their own and are taken from it
 * (`receiveMessageOnPort`) one at a time, when wanted: the ones waiting stay serialised instead
 * of being revived all at once on this thread's heap after a long merge.
 */
export async function* validatedBatches(input: ValidateFileInput, options: ReadOptions): AsyncGenerator<ValidatedBatch> {
  if (!options.worker) {
    yield* validateFile(input);
    return;
  }
  const channel = new MessageChannel();
  const readAhead = options.readAhead ?? readAheadFrom(input.batchRows);
  const worker = startWorker({ input, readAhead, port: channel.port2 }, [channel.port2], options.heapMb ?? WORKER_HEAP_MB);
  let ended: { type: 'exit'; code: number } | { type: 'crash'; error: Error } | undefined;
  let wake: (() => void) | undefined;
  const rouse = () => {
    wake?.();
    wake = undefined;
  };
  // The worker pings after each batch it posts; the pings only wake this generator.
  worker.on('message', rouse);
  worker.on('error', (error) => {
    ended ??= { type: 'crash', error };
    rouse();
  });
  worker.on('exit', (code) => {
    ended ??= { type: 'exit', code };
    rouse();
  });
  let taken = { after: input.after, alreadyRead: input.alreadyRead };
  try {
    for (;;) {
      const received = receiveMessageOnPort(channel.port1);
      if (received) {
        const message = received.message as FromReader;
        if (message.type === 'batch') {
          worker.postMessage({ type: 'taken' } satisfies ToReader);
          taken = { after: message.batch.lastRow, alreadyRead: message.batch.read };
          yield message.batch;
        } else if (message.type === 'done') return;
        else throw reviveError(message.error);
      } else if (ended?.type === 'crash' && (ended.error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        // A row larger than the worker's heap allows: the rest of the file is read here, from
        // the row after the last batch taken. The batches in flight are read again; their keys
        // are already in the shared Bloom filter, so those rows only keep their cells, as the
        // filter's false positives do (the duplicate check itself is exact, in SQL).
        yield* validateFile({ ...input, ...taken });
        return;
      } else if (ended?.type === 'crash') throw ended.error;
      else if (ended) throw new Error(`The import's reading thread stopped unexpectedly (exit code ${ended.code}).`);
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    channel.port1.close();
    await worker.terminate();
  }
}

/**
 * Starts the worker's module next to this one: JavaScript once built. Running from TypeScript
 * (tests, under tsx) a worker thread does not inherit tsx's loader, so it registers it first.
 */
function startWorker(workerData: unknown, transferList: Transferable[], heapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: heapMb };
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./validate-worker.js', import.meta.url), { workerData, transferList, resourceLimits });
  }
  const module = new URL('./validate-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(module)}); })`;
  return new Worker(bootstrap, { eval: true, workerData, transferList, resourceLimits });
}
