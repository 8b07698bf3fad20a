import type { ImportStore, StageBatch } from '../import-store.js';
import type { ProgressMeter } from '../report/progress.js';
import type { ImportIssue } from '../types.js';
import { originalCells, type ValidatedBatch } from '../validate/validate-file.js';
import { keyColumnOf, type RowLayout } from '../validate/row-layout.js';
import { DomainCheck } from './domain-check.js';
import type { OtherKind } from './other-kind.js';
import { rejectRows } from './reject-rows.js';

export interface StageFileInput {
  store: ImportStore;
  layout: RowLayout;
  /** The file's validated batches after the cursor (validatedBatches). */
  batches: AsyncIterable<ValidatedBatch>;
  /** Rows up to this spreadsheet row were staged by an earlier run (resume); 1 = none. */
  after: number;
  progress: ProgressMeter;
  /**
   * Checks each batch against the other kind of person; null when the reading already did (the
   * other kind's emails were few enough to hand to validateFile).
   */
  otherKind: OtherKind | null;
  /** Told each batch's valid rows before it is staged (the speed machinery's new-key tracking). */
  noteKeys?: (rowNos: readonly number[], keys: readonly string[]) => Promise<void>;
  /** Called after each committed batch with the last spreadsheet row staged so far. */
  onStaged?: (lastRow: number) => Promise<void>;
}

/** A check of a batch's valid rows against the records, made once per batch. */
type RecordCheck = (batch: StageBatch) => Promise<ImportIssue[]>;

/**
 * Stage 1 of a commit: writes the validated batches (valid rows to the stage, failed rows with
 * every reason to the issues), each in one transaction with the cursor. Memory holds a bounded
 * number of batches, whatever the file's size. Returns the last spreadsheet row read.
 */
export async function stageFile(input: StageFileInput): Promise<number> {
  const { store } = input;
  const check = recordCheckOf(input);
  let lastRow = input.after;
  const write = async (batch: StageBatch, read: number): Promise<void> => {
    await store.stageBatch(batch);
    lastRow = batch.lastRow;
    input.progress.update(read);
    await input.onStaged?.(lastRow);
  };
  // One batch is written while the next is read and validated: on PostgreSQL the server takes in
  // a batch's COPY while this thread works on the next one. One batch ahead, no more (memory
  // holds two), and each is written only once the one before it has committed, in order.
  let writing: Promise<void> = Promise.resolve();
  try {
    for await (const validated of input.batches) {
      input.progress.setBytes(validated.bytesRead, validated.size);
      if (validated.rowNos.length + validated.rejected.length === 0) continue;
      const issues = check && validated.rowNos.length > 0 ? await check(validated) : [];
      const batch = rejectRows(validated, issues, originalCells(validated));
      await input.noteKeys?.(batch.rowNos, batch.keys);
      await writing;
      writing = write(batch, validated.read);
      // Handled here so that a failure while the next batch is read is not reported as unhandled;
      // it is thrown by the next `await writing`.
      writing.catch(() => undefined);
    }
    await writing;
  } finally {
    // A batch still being written ends (committed or rolled back) before the caller goes on.
    await writing.catch(() => undefined);
  }
  return lastRow;
}

/**
 * The row checks that need the records: a people import's rows whose email is the other kind of
 * person's (unless the reading checked them), an organizations import's domains another
 * organization has; null when there is none.
 */
function recordCheckOf(input: StageFileInput): RecordCheck | null {
  const { layout, otherKind } = input;
  if (layout.entity === 'tickets') return null;
  if (layout.entity !== 'organizations') return otherKind && ((batch) => otherKind.issuesOf(batch, keyColumnOf(layout).header));
  const domains = DomainCheck.of(input.store, layout);
  return domains && ((batch) => domains.issuesOf(batch));
}
