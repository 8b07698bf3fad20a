import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { validateFile, type ValidateFileInput } from '../validate/validate-file.js';
import { serializeError, type FromReader, type ToReader } from './reader-messages.js';

// The reading thread of a large import (see validated-batches.ts): validates the file a batch at a
// time and posts each batch on its channel, never more than `readAhead` ahead of what the
// importing thread took, with a ping on the parent port to wake it.
const parent = parentPort!;
const { input, readAhead, port } = workerData as { input: ValidateFileInput; readAhead: number; port: MessagePort };
let waiting = 0;
let resume: (() => void) | undefined;
parent.on('message', (message: ToReader) => {
  if (message.type !== 'taken') return;
  waiting--;
  resume?.();
  resume = undefined;
});

const post = (message: FromReader) => {
  port.postMessage(message);
  parent.postMessage(0);
};
try {
  for await (const batch of validateFile(input)) {
    // One JSON text instead of thousands of small arrays: cheaper to clone, and the importing
    // thread parses it only for a row it rejects (originalCells).
    post({ type: 'batch', batch: { ...batch, originals: JSON.stringify(batch.originals) } });
    if (++waiting >= readAhead) await new Promise<void>((r) => (resume = r));
  }
  post({ type: 'done' });
} catch (error) {
  post({ type: 'error', error: serializeError(error) });
}
