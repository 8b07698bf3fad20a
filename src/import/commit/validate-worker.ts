import { parentPort, workerData } from 'node:worker_threads';
import { validateFile, type ValidateFileInput } from './validate-file.js';
import { serializeError, type FromReader, type ToReader } from './reader-messages.js';

// The reading thread of a large import (see validated-batches.ts): validates the file a batch at a
// time and posts each batch, never more than `readAhead` ahead of what the importing thread took.
const port = parentPort!;
const { input, readAhead } = workerData as { input: ValidateFileInput; readAhead: number };
let waiting = 0;
let resume: (() => void) | undefined;
port.on('message', (message: ToReader) => {
  if (message.type !== 'taken') return;
  waiting--;
  resume?.();
  resume = undefined;
});

const post = (message: FromReader) => port.postMessage(message);
try {
  for await (const batch of validateFile(input)) {
    post({ type: 'batch', batch });
    if (++waiting >= readAhead) await new Promise<void>((r) => (resume = r));
  }
  post({ type: 'done' });
} catch (error) {
  post({ type: 'error', error: serializeError(error) });
}
