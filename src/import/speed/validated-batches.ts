import { MessageChannel, receiveMessageOnPort, Worker, type Transferable } from 'node:worker_threads';
import type { DialectName } from '../../db/database.js';
import { reviveError, type FromReader, type ToReader } from './reader-messages.js';
import { validateFile, type ValidatedBatch, type ValidateFileInput } from '../validate/validate-file.js';

export interface ReadOptions {
  /** Read and validate on a worker thread (large files), or on this one. */
  worker: boolean;
  /** Batches the worker may read ahead of the ones taken (default readAheadOf). */
  readAhead?: number;
  /** The worker's old-generation heap limit in MB (default WORKER_HEAP_MB). */
  heapMb?: number;
}

/**
 * The worker's heap limit. Why: left alone, V8 lets the worker's heap grow with garbage (it
 * allocates fast and nothing asks it to collect), and that adds to the import's peak; much lower
 * and the worker collects all the time (figures: speed/README.md). A row too large for the cap is
 * not an error: reading goes on on this thread (see validatedBatches).
 */
export const WORKER_HEAP_MB = 64;

/** With the worker on, files from this size up are read on it: below it, starting the thread costs more than it saves. */
export const WORKER_MIN_BYTES = 4 * 1024 * 1024;

/**
 * The worker's young generation in MB (V8's default is 3 × 16 MB semi-spaces on 64-bit). Why
 * capped: most of what the worker allocates dies young, so a small young generation costs little
 * time, and the import's peak memory is the sum of every heap's high point.
 */
export const WORKER_YOUNG_MB = 8;

/**
 * Whether large files are read on a worker thread: `setting` (tuning.readInWorker) decides; by
 * default on SQLite and not on PostgreSQL. Why: on SQLite this thread runs the database's work and
 * the validation in turn, and overlapping them pays; on PostgreSQL the server's merges and COPY
 * need the second core (figures: speed/README.md).
 */
export function workerWanted(dialect: DialectName, setting: boolean | null): boolean {
  return setting ?? dialect === 'sqlite';
}

/**
 * How far the worker may read ahead by default, in rows. Why that far: on SQLite a merge blocks
 * this thread for up to a second, and a worker allowed only a few batches ahead stops soon after
 * it began. Batches read ahead wait serialised in the channel, outside both heaps, and still cost
 * memory (figures: speed/README.md).
 */
const READ_AHEAD_ROWS = 40_000;

/** Batches the worker may read ahead: `setting` (tuning.readAhead), else READ_AHEAD_ROWS worth. */
export function readAheadOf(batchRows: number, setting: number | null): number {
  return setting ?? Math.max(3, Math.ceil(READ_AHEAD_ROWS / batchRows));
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
  const readAhead = options.readAhead ?? readAheadOf(input.batchRows, null);
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
  const resourceLimits = { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: WORKER_YOUNG_MB };
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./validate-worker.js', import.meta.url), { workerData, transferList, resourceLimits });
  }
  const module = new URL('./validate-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(module)}); })`;
  return new Worker(bootstrap, { eval: true, workerData, transferList, resourceLimits });
}
