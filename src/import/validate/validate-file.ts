import { BloomFilter } from '../speed/bloom-filter.js';
import type { StageBatch } from '../import-store.js';
import { otherKindIssue } from './other-kind-issue.js';
import { keyColumnOf, type RowLayout } from './row-layout.js';
import { validateRow, type ValidateContext } from './validate-row.js';
import { openSource } from '../parse/open-source.js';

/** What to read and how: plain data, so that it can cross to a worker thread. */
export interface ValidateFileInput {
  filePath: string;
  overrides: { encoding?: string; delimiter?: string };
  layout: RowLayout;
  context: ValidateContext;
  /** Rows up to this spreadsheet row were read by an earlier run (resume); 1 = none. */
  after: number;
  /** Data rows already read by the earlier run, for --sample. */
  alreadyRead: number;
  sample: number | null;
  batchRows: number;
  /**
   * The bits of the import's Bloom filter of keys (see speed/key-filter.ts): a valid row keeps
   * its cells only when its key may repeat an earlier one. Null (the speed machinery off): every
   * valid row keeps its cells, and is a duplicate candidate.
   */
  bloom: ArrayBufferLike | null;
  /**
   * A people import's check against the other kind of person (a customers import: the users),
   * when their emails are few enough to hand over (OtherKind.held); otherwise the importing
   * thread checks each batch.
   */
  otherKind?: { kind: 'user' | 'customer'; emails: string[] };
}

/**
 * One batch of validated rows: the batch as it is staged (StageBatch: flat arrays, which cross
 * between threads as a handful of arrays instead of thousands of small objects), plus the original
 * cells of its valid rows and where the reading stands.
 */
export interface ValidatedBatch extends StageBatch {
  /** The original cells of every valid row; one JSON text once the batch crossed threads (see originalCells). */
  originals: string[][] | string;
  /** Data rows read so far, counting the earlier run's (for --sample and progress). */
  read: number;
  /** Bytes of the file read so far, for progress while the row count is unknown. */
  bytesRead: number;
  size: number;
}

/** A batch being filled on the reading thread, where its arrays still grow. */
type OpenBatch = ValidatedBatch & {
  rowNos: number[];
  keys: string[];
  cells: (string | null)[];
  originals: string[][];
  values: (string | null)[];
  rejected: { row: number; cells: string[] }[];
};

function emptyBatch(width: number, lastRow: number, read: number, bytes: { bytesRead: number; size: number }): OpenBatch {
  return { width, rowNos: [], keys: [], cells: [], originals: [], values: [], rejected: [], issues: [], lastRow, read, ...bytes };
}

/** The original cells of valid row `i` of a batch, on either side of the thread boundary. */
export function originalCells(batch: Pick<ValidatedBatch, 'originals'>): (i: number) => readonly string[] {
  let rows: string[][] | undefined;
  return (i) => {
    rows ??= typeof batch.originals === 'string' ? (JSON.parse(batch.originals) as string[][]) : batch.originals;
    return rows[i] ?? [];
  };
}

/**
 * Reads the file after the cursor and validates every row, a batch at a time: the CPU-heavy half
 * of an import (decode, parse, validate), with no database in sight, so that it can run on a
 * worker thread while the database writes the batches before it. Memory holds one batch.
 * Yields at least one batch (possibly empty) so the caller learns where the file ended.
 */
export async function* validateFile(input: ValidateFileInput): AsyncGenerator<ValidatedBatch> {
  const source = await openSource(input.filePath, input.overrides);
  const { layout } = input;
  const width = layout.columns.length;
  const bloom = input.bloom && new BloomFilter(undefined, undefined, input.bloom);
  const mayRepeat = (key: string) => bloom?.addAndCheck(key) ?? true;
  const bytes = () => ({ bytesRead: source.bytesRead(), size: source.size });
  const otherKind = input.otherKind && { kind: input.otherKind.kind, emails: new Set(input.otherKind.emails) };
  // A valid row's original cells are kept only for a check still to come on the importing thread
  // (organizations' domains, or the other kind when it was too large to hand over). Why not
  // always: kept, every row's cells survive until its batch is posted, and the reading thread
  // collects and serialises them for nothing (figures: speed/README.md).
  const keepOriginals = layout.entity === 'organizations' || !otherKind;
  try {
    let read = input.alreadyRead;
    let batch = emptyBatch(width, input.after, read, bytes());
    for await (const row of source.rows) {
      if (row.row <= input.after) continue;
      if (input.sample !== null && read >= input.sample) break;
      read++;
      batch.lastRow = row.row;
      if (row.error) {
        batch.rejected.push({ row: row.row, cells: row.cells });
        batch.issues.push({ row: row.row, column: null, value: null, code: 'parse', message: row.error.message });
      } else {
        const result = validateRow(layout, row.row, row.cells, input.context);
        if (otherKind && result.key !== null && result.issues.length === 0 && otherKind.emails.has(result.key)) {
          result.issues.push(otherKindIssue(row.row, keyColumnOf(layout).header, result.key, otherKind.kind));
        }
        if (result.issues.length > 0 || result.key === null) {
          batch.rejected.push({ row: row.row, cells: row.cells });
          batch.issues.push(...result.issues);
        } else {
          batch.rowNos.push(row.row);
          batch.keys.push(result.key);
          batch.cells.push(mayRepeat(result.key) ? JSON.stringify(row.cells) : null);
          if (keepOriginals) batch.originals.push(row.cells);
          for (const value of result.values) batch.values.push(value);
        }
      }
      if (batch.rowNos.length + batch.rejected.length >= input.batchRows) {
        batch.read = read;
        Object.assign(batch, bytes());
        yield batch;
        batch = emptyBatch(width, batch.lastRow, read, bytes());
      }
    }
    batch.read = read;
    Object.assign(batch, bytes());
    yield batch;
  } finally {
    await source.close();
  }
}
