import { BloomFilter } from '../speed/bloom-filter.js';
import type { ImportIssue } from '../types.js';
import { otherKindIssue } from './other-kind-issue.js';
import type { RowLayout } from './row-layout.js';
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
   * The bits of the import's Bloom filter of keys (BloomFilter.bytes()), refilled with the keys
   * staged before the cursor; shared memory when reading on a worker thread.
   */
  bloom: ArrayBufferLike;
  /**
   * A people import's check against the other kind of person (a customers import: the users),
   * when their emails are few enough to hand over (OtherKind.held); otherwise the importing
   * thread checks each batch.
   */
  otherKind?: { kind: 'user' | 'customer'; emails: string[] };
}

/**
 * One batch of validated rows, in flat arrays (they cross between threads as a handful of
 * arrays instead of thousands of small objects): valid row `i` is `rowNos[i]`, `keys[i]`, its
 * values at `values[i * width … (i + 1) * width)` aligned with `layout.columns`, and its
 * original cells in `originals[i]`.
 */
export interface ValidatedBatch {
  width: number;
  rowNos: number[];
  keys: string[];
  /**
   * The original cells as JSON for the rows whose key may repeat an earlier one (the Bloom
   * filter says so), else null: only those keep their cells in the stage, for a duplicate's report.
   */
  cells: (string | null)[];
  /** The original cells of every valid row; one JSON text once the batch crossed threads (see originalCells). */
  originals: string[][] | string;
  values: (string | null)[];
  /** Rows that failed to parse or validate, with their original cells. */
  rejected: { row: number; cells: string[] }[];
  issues: ImportIssue[];
  /** The last spreadsheet row of the batch: resuming starts after it. */
  lastRow: number;
  /** Data rows read so far, counting the earlier run's (for --sample and progress). */
  read: number;
  /** Bytes of the file read so far, for progress while the row count is unknown. */
  bytesRead: number;
  size: number;
}

/** A batch being filled on the reading thread, where the originals are still arrays. */
type OpenBatch = ValidatedBatch & { originals: string[][] };

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
  const bloom = new BloomFilter(undefined, undefined, input.bloom);
  const bytes = () => ({ bytesRead: source.bytesRead(), size: source.size });
  const otherKind = input.otherKind && { kind: input.otherKind.kind, emails: new Set(input.otherKind.emails) };
  // A valid row's original cells are kept only for a check still to come on the importing thread
  // (organizations' domains, or the other kind when it was too large to hand over). Why not
  // always: kept, every row's cells survived until its batch was posted, and the reading thread
  // collected and serialised them; without them a 1M-row import took ~1 s less (alternating runs)
  // and peaked 10–30 MiB lower.
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
          result.issues.push(otherKindIssue(row.row, layout.keyColumn.header, result.key, otherKind.kind));
        }
        if (result.issues.length > 0 || result.key === null) {
          batch.rejected.push({ row: row.row, cells: row.cells });
          batch.issues.push(...result.issues);
        } else {
          batch.rowNos.push(row.row);
          batch.keys.push(result.key);
          batch.cells.push(bloom.addAndCheck(result.key) ? JSON.stringify(row.cells) : null);
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
