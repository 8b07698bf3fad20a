import path from 'node:path';

/**
 * The hand-made sample files (see their README), copied from the project's shared/samples so the
 * suite runs the same on any checkout, wherever shared/ lives.
 */
export const SAMPLES = path.resolve(import.meta.dirname, '../fixtures/samples');
