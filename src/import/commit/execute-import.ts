import { stat } from 'node:fs/promises';
import os from 'node:os';
import { RosterError } from '../../core/errors.js';
import type { Property } from '../../core/properties.js';
import type { Database } from '../../db/database.js';
import { cancelRequested, getImportRow, patchImport, type ImportRow } from '../../db/imports/import-records.js';
import { mergeChunk, planCounts } from '../../db/imports/merge-rows.js';
import { checkpointWhenLarge, withBulkWrites } from '../../db/imports/bulk-writes.js';
import { ESTIMATED_ROW_BYTES, IndexDeferral, peopleCount, shouldDeferIndexes } from '../../db/imports/deferred-indexes.js';
import { fileKeyInUse } from '../../db/imports/discard.js';
import { withRunner } from '../../db/imports/sql-runner.js';
import { countReadRows, dropStageTable, markDuplicates, openStageTable } from '../../db/imports/stage-rows.js';
import type { StageSpec } from '../../db/imports/stage-spec.js';
import { now } from '../../db/repositories/now.js';
import { listProperties } from '../../db/repositories/properties.js';
import { getSettings } from '../../db/repositories/settings.js';
import type { FileStore } from '../file-store.js';
import { ProgressMeter } from '../report/progress.js';
import { buildImportReport } from '../report/import-report.js';
import type { ImportEntity, ImportProgress, ImportReport, StoredImportOptions } from '../types.js';
import { buildRowLayout, type RowLayout } from '../validate/row-layout.js';
import type { ImportTuning } from '../speed/tuning.js';
import { NewKeys } from '../speed/new-keys.js';
import { keyFilter, OtherKind, stageFile } from './stage-file.js';
import type { ValidateFileInput } from '../validate/validate-file.js';
import { validatedBatches, WORKER_MIN_BYTES, workerWanted } from '../speed/validated-batches.js';

/** Options of one run of an import that are not part of the import itself. */
export interface RunOptions {
  fileStore: FileStore;
  onProgress?: (progress: ImportProgress) => void;
  /** Rows per staging batch (env ROSTER_IMPORT_BATCH_ROWS); see mergeRowsFrom for the merge transactions. */
  batchRows?: number;
  /** Keep a dry run's staged rows and file so that it can be committed later (the wizard). */
  keepDryRun?: boolean;
  /** How many issues the returned report carries (all of them stay in the database). */
  errorLimit?: number;
  /** Read and validate the file on a worker thread; by default for files of WORKER_MIN_BYTES and more as workerWanted says (SQLite: yes). */
  readInWorker?: boolean;
  /** How many emails of the other kind of person are held and checked while reading (default 50,000); beyond, each batch asks the database. */
  otherKindInMemory?: number;
  /** How the import trades memory and plainness for speed (from src/config.ts); absent fields take DEFAULT_TUNING's. */
  tuning?: Partial<ImportTuning>;
}

/**
 * Why 5,000: a staging batch lives long enough for V8 to promote its rows to the old generation,
 * where they stay as garbage until the next full collection; at 20,000 rows the heap swung between
 * ~50 and ~150 MB and the import peaked at ~450 MB RSS (1M rows), at 5,000 ~130 MB and ~365 MB, at
 * the same speed (a staging COMMIT only appends to the WAL).
 */
const DEFAULT_BATCH_ROWS = 5_000;
const DEFAULT_MERGE_ROWS = 100_000;

/** The batch size: the option, else ROSTER_IMPORT_BATCH_ROWS, else 5,000 rows. */
export function batchRowsFrom(option: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.ROSTER_IMPORT_BATCH_ROWS);
  const value = option ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_BATCH_ROWS);
  return Math.max(1, Math.trunc(value));
}

/**
 * Rows per merge transaction: ROSTER_IMPORT_MERGE_ROWS, else 100,000 rows with the default
 * staging batch, else five staging batches (a small batch size, as the crash tests set, keeps
 * several merge transactions in a small file).
 *
 * Why larger than a staging batch: the emails of a batch are spread over the whole
 * `lower(email)` index (and the name index), so every merge transaction dirties most of their
 * leaf pages, and on SQLite each COMMIT appends every dirty page to the WAL again (then the final
 * checkpoint copies them back). Fewer, larger merge transactions write each index page fewer
 * times; a transaction is still all or nothing with its cursor, so a crash loses no row and
 * doubles none.
 */
export function mergeRowsFrom(batchRows: number, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.ROSTER_IMPORT_MERGE_ROWS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return batchRows === DEFAULT_BATCH_ROWS ? DEFAULT_MERGE_ROWS : batchRows * 5;
}

/** What the stored import row says about how to read its file again. */
export interface StoredSource {
  encodingOverride?: string;
  delimiterOverride?: string;
}

export function storedOptions(row: ImportRow): StoredImportOptions & StoredSource {
  return JSON.parse(row.options) as StoredImportOptions & StoredSource;
}

/** The layout of a stored import, rebuilt from its headers, mapping and the current properties. */
export async function layoutOf(db: Database, row: ImportRow, pending: Property[] = []): Promise<RowLayout> {
  const entity = row.entity as ImportEntity;
  const options = storedOptions(row);
  const properties = [...(await listProperties(db, entity)), ...pending];
  return buildRowLayout({
    entity,
    headers: JSON.parse(row.headers) as { index: number; label: string }[],
    mapping: JSON.parse(row.mapping) as Record<string, string>,
    properties,
    dateFormats: options.dateFormats,
    pendingKeys: new Set(pending.map((p) => p.key)),
  });
}

/**
 * The columns whose previous values a merge saves for undo (the keys of import_changes.before):
 * the mapped columns it can overwrite, plus the import marker and timestamp.
 */
export function savedColumnsOf(layout: RowLayout): string[] {
  if (layout.entity === 'organizations') return ['name', 'domains', 'import_id', 'updated_at'];
  const saved = layout.columns
    .filter((c) => (c.role === 'value' || c.role === 'e164') && c.name !== 'email' && c.inTarget)
    .map((c) => c.name);
  if (layout.entity === 'customers' && layout.columns.some((c) => c.role === 'organization')) saved.push('organization_id');
  return [...saved, 'import_id', 'updated_at'];
}

export function specOf(row: ImportRow, layout: RowLayout, autoCreateOrganizations: boolean): StageSpec {
  return {
    importId: row.id,
    entity: row.entity as StageSpec['entity'],
    columns: layout.columns.map((c) => ({ name: c.name, role: c.role, inTarget: c.inTarget })),
    keyColumn: { header: layout.keyColumn.header, cellIndex: layout.keyColumn.cellIndex, label: layout.keyColumn.property.label },
    onExisting: storedOptions(row).onExisting,
    autoCreateOrganizations,
  };
}

/**
 * Runs (or resumes) a recorded import to its end: stages the file after the cursor and merges
 * the staged rows range by range as it goes (in-file duplicates marked per range); a dry run or
 * an --all-or-nothing import first stages and plans the whole file, then counts the plan (dry
 * run), stops when it meets failed rows, or merges. Every step commits with its cursor, so after a
 * crash `executeImport` again continues exactly where the last commit left off.
 */
export async function executeImport(db: Database, id: number, run: RunOptions, pending: Property[] = []): Promise<ImportReport> {
  return withBulkWrites(db, () => execute(db, id, run, pending));
}

async function execute(db: Database, id: number, run: RunOptions, pending: Property[]): Promise<ImportReport> {
  let row = await getImportRow(db, id);
  const options = storedOptions(row);
  const settings = await getSettings(db);
  const layout = await layoutOf(db, row, pending);
  const spec = specOf(row, layout, settings.autoCreateOrganizations);
  const batchRows = batchRowsFrom(run.batchRows);
  const progress = new ProgressMeter(run.onProgress);
  const heartbeat = { pid: process.pid, host: os.hostname() };
  const wholeFileFirst = row.dryRun === 1 || options.allOrNothing === true;
  const mergeRows = mergeRowsFrom(batchRows);
  const fileBytes = options.sample ? Math.min(row.fileSize, options.sample * ESTIMATED_ROW_BYTES) : row.fileSize;
  // Learnt while staging, for this run's merges (loaded once the stage is open); a dry run merges nothing.
  let newKeys = NewKeys.off(db);
  const merger = new RangeMerger(db, spec, row.rowsCommitted, mergeRows);
  const indexes = new IndexDeferral(db);
  // Only an import that writes people, and only for its writes: a dry run writes none, and an
  // all-or-nothing import none before its merging phase.
  const deferIfLarge = async () => {
    if (row.dryRun === 1 || spec.entity === 'organizations') return;
    if (shouldDeferIndexes(fileBytes, await peopleCount(db))) await indexes.defer();
  };

  // A cancel is a flag in the database, so the process running the import sees it whichever
  // instance was asked; it is read at each batch boundary, where stopping loses nothing.
  const stopIfCancelled = async () => {
    if (await cancelRequested(db, id)) throw new ImportCancelled();
  };

  try {
    await patchImport(db, id, { columns: JSON.stringify(savedColumnsOf(layout)) });
    if (await withRunner(db, (runner) => openStageTable(runner, spec, row))) row = await getImportRow(db, id);
    if (row.phase === 'staging') {
      if (row.dryRun !== 1) newKeys = await NewKeys.load(db, spec, { fileBytes, stagedAfter: row.rowsRead });
      if (!wholeFileFirst) await deferIfLarge();
      if (!row.fileKey || !(await run.fileStore.exists(row.fileKey))) {
        throw new RosterError('import_state', `The file of import ${id} is no longer kept, so it cannot be read again.`);
      }
      const filePath = await run.fileStore.localPath(row.fileKey);
      // The rows a test sample imported are left out (importRemaining); the others keep their numbers.
      const after = Math.max(row.rowsRead, options.afterRow ?? 1);
      const alreadyRead = row.rowsRead > 1 ? await withRunner(db, (runner) => countReadRows(runner, spec)) : 0;
      progress.enter('staging', null, alreadyRead);
      const worker = run.readInWorker ?? (workerWanted(db.dialect) && (await stat(filePath)).size >= WORKER_MIN_BYTES);
      const bloom = await keyFilter(db, spec, { after: row.rowsRead, merged: row.rowsCommitted, shared: worker });
      // The other kind's emails, if few, are checked while reading (see ValidateFileInput.otherKind).
      const otherKind = spec.entity === 'organizations' ? null : new OtherKind(db, spec, run.otherKindInMemory);
      const otherEmails = await otherKind?.held();
      const input: ValidateFileInput = {
        filePath,
        overrides: {
          ...(options.encodingOverride ? { encoding: options.encodingOverride } : {}),
          ...(options.delimiterOverride ? { delimiter: options.delimiterOverride } : {}),
        },
        layout,
        context: settings.defaultCountry ? { defaultCountry: settings.defaultCountry } : {},
        after,
        alreadyRead,
        sample: options.sample,
        batchRows,
        bloom: bloom.buffer,
        ...(otherKind && otherEmails ? { otherKind: { kind: otherKind.kind, emails: [...otherEmails] } } : {}),
      };
      const lastRow = await stageFile({
        db,
        spec,
        layout,
        batches: validatedBatches(input, { worker }),
        after,
        otherKind: otherEmails ? null : otherKind,
        newKeys,
        progress,
        // A plain import merges as it reads, each range as soon as it is staged (while its pages
        // are still in the cache) and while the next rows are read; a dry run and an
        // all-or-nothing import must see the whole file before they write anything.
        onStaged: async (lastRow) => {
          await stopIfCancelled();
          if (!wholeFileFirst) merger.offer(lastRow, newKeys);
          await checkpointWhenLarge(db);
        },
      });
      await merger.settle();
      if (wholeFileFirst) {
        progress.enter('planning', null);
        progress.update(0, true);
        await withRunner(db, (runner) => markDuplicates(runner, spec));
      }
      await patchImport(db, id, { phase: 'merging', lastRow, heartbeatAt: now(), ...heartbeat });
      row = await getImportRow(db, id);
    }

    if (row.phase === 'merging' && (row.dryRun === 1 || options.allOrNothing) && row.rowsCommitted <= 1) {
      const plan = await withRunner(db, (runner) => planCounts(runner, spec));
      if (row.dryRun === 1) {
        await patchImport(db, id, {
          created: plan.created,
          updated: plan.updated,
          unchanged: plan.unchanged,
          skipped: plan.skipped,
          failed: row.failed + plan.failed,
          ...(run.keepDryRun ? {} : { phase: 'done' }),
          status: 'dry-run',
          finishedAt: now(),
        });
        return await finish(db, id, run, spec, { keep: run.keepDryRun === true });
      }
      const failed = row.failed + plan.failed;
      if (failed > 0) {
        await patchImport(db, id, {
          skipped: plan.created + plan.updated + plan.skipped,
          unchanged: plan.unchanged,
          failed,
          phase: 'done',
          status: 'failed',
          finishedAt: now(),
          error: `Nothing was imported: ${failed} ${failed === 1 ? 'row has' : 'rows have'} errors and the import was run all-or-nothing.`,
        });
        return await finish(db, id, run, spec, { keep: false });
      }
    }

    if (row.phase === 'merging') {
      await deferIfLarge();
      const last = row.lastRow ?? row.rowsRead;
      const total = Math.max(last - 1, 0);
      progress.enter('merging', total, Math.max(row.rowsCommitted - 1, 0));
      for (let from = row.rowsCommitted; from < last; from += mergeRows) {
        await stopIfCancelled();
        const to = Math.min(from + mergeRows, last);
        await withRunner(db, (runner) => mergeChunk(runner, spec, from, to, newKeys.of(from, to)));
        await checkpointWhenLarge(db);
        progress.update(to - 1);
        // Let other work of this process (HTTP requests) in between two batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      progress.update(total, true);
      if (indexes.held) {
        progress.enter('indexing', null);
        progress.update(0, true);
      }
      // Before the import says it is done, so that a completed import always leaves every index.
      await indexes.release();
      await patchImport(db, id, { phase: 'done', status: 'completed', finishedAt: now(), heartbeatAt: now() });
    }
    // A test sample keeps its file: the rest of it may be imported next (importRemaining).
    return await finish(db, id, run, spec, { keep: false, keepFile: row.dryRun !== 1 && options.sample !== null });
  } catch (error) {
    // The import stays resumable: its cursor is at the last committed batch. A merge under way
    // ends (committed or rolled back) before the failure is recorded.
    await merger.settle().catch(() => undefined);
    // A failed import may never be resumed: the people it wrote get their indexes back now.
    await indexes.release().catch(() => undefined);
    if (error instanceof ImportCancelled) {
      await patchImport(db, id, {
        status: 'cancelled',
        phase: 'done',
        error: cancelledMessage(await getImportRow(db, id)),
        finishedAt: now(),
        heartbeatAt: now(),
      });
      return await finish(db, id, run, spec, { keep: false });
    }
    await patchImport(db, id, {
      status: 'failed',
      error: error instanceof Error ? error.message : String(error),
      heartbeatAt: now(),
    }).catch(() => undefined);
    throw error;
  }
}

/** Thrown at a batch boundary of an import that was asked to stop (see cancelImport). */
class ImportCancelled extends Error {}

/** What a cancelled import says: what it committed, and that undo removes it. */
function cancelledMessage(row: ImportRow): string {
  if (row.dryRun === 1) return 'Cancelled on request; a dry run writes nothing.';
  if (row.rowsCommitted <= 1) return 'Cancelled on request before any record was written; there is nothing to undo.';
  const committed = row.created + row.updated + row.unchanged + row.skipped;
  const n = (value: number) => value.toLocaleString('en-US');
  return (
    `Cancelled on request after committing the rows up to row ${n(row.rowsCommitted)} of the file: ${n(committed)} ${committed === 1 ? 'row' : 'rows'} ` +
    `(${n(row.created)} created, ${n(row.updated)} updated, ${n(row.unchanged)} unchanged, ${n(row.skipped)} skipped); the rows after it were not imported. ` +
    `Undo the import to remove what it wrote.`
  );
}

/**
 * Merges staged ranges in order, one at a time, in the background of the staging: `offer` starts
 * merging the rows staged after the last merged one once a merge transaction's worth of them wait
 * and no merge is under way, and returns at once.
 *
 * Why in the background: on PostgreSQL a merge runs for seconds in the server, on its own pool
 * connection, while this process reads, validates and stages the next rows (the stage is the
 * queue between the two, on disk, so memory stays flat). Each merge still commits its range with
 * its cursor, after every range before it, so a crash loses no row and doubles none. On SQLite
 * the one connection takes the merge and the next batch's writes in turn, as before.
 */
class RangeMerger {
  private running: Promise<void> | null = null;
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly db: Database,
    private readonly spec: StageSpec,
    private committed: number,
    private readonly mergeRows: number,
  ) {}

  /**
   * Starts merging (last merged row, lastRow] if it is time, with what `newKeys` learnt of its
   * keys; throws the error of a merge that failed.
   */
  offer(lastRow: number, newKeys: NewKeys): void {
    this.rethrow();
    if (this.running || lastRow - this.committed < this.mergeRows) return;
    const from = this.committed;
    this.running = withRunner(this.db, (runner) => mergeChunk(runner, this.spec, from, lastRow, newKeys.of(from, lastRow)))
      .then(
        () => {
          this.committed = lastRow;
        },
        (error: unknown) => {
          this.failure = { error };
        },
      )
      .finally(() => {
        this.running = null;
      });
  }

  /** Waits for the merge under way, if any; throws its error. */
  async settle(): Promise<void> {
    await this.running;
    this.rethrow();
  }

  private rethrow(): void {
    if (this.failure) throw this.failure.error;
  }
}

async function finish(
  db: Database,
  id: number,
  run: RunOptions,
  spec: StageSpec,
  options: { keep: boolean; keepFile?: boolean },
): Promise<ImportReport> {
  const row = await getImportRow(db, id);
  const rows = row.created + row.updated + row.unchanged + row.skipped + row.duplicates + row.failed;
  const keepFile = options.keep || options.keepFile === true;
  await patchImport(db, id, { rows, ...(keepFile ? {} : { fileKey: null }) });
  if (!options.keep) await withRunner(db, (runner) => dropStageTable(runner, spec));
  if (!keepFile) {
    // A wizard dry run shares its upload's file: the upload may be dry-run again, so the file goes
    // only with the last unfinished import that holds it (discard and expiry remove it then).
    if (row.fileKey && !(await fileKeyInUse(db, row.fileKey, id))) await run.fileStore.remove(row.fileKey);
  }
  return buildImportReport(db, id, { errorLimit: run.errorLimit });
}
