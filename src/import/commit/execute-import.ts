import os from 'node:os';
import { RosterError } from '../../core/errors.js';
import type { Property } from '../../core/properties.js';
import type { Database } from '../../db/database.js';
import { checkpointWhenLarge, withBulkWrites } from '../../db/imports/bulk-writes.js';
import { ESTIMATED_ROW_BYTES, IndexDeferral } from '../../db/imports/deferred-indexes.js';
import { fileKeyInUse } from '../../db/imports/discard.js';
import { getImportRow, patchImport } from '../../db/imports/import-records.js';
import { sqlImportStore } from '../../db/imports/sql-import-store.js';
import { now } from '../../db/repositories/now.js';
import type { FileStore } from '../file-store.js';
import type { ImportStore } from '../import-store.js';
import { markDuplicatesOfFile, outcomeOfPlan } from '../plan/plan-whole-file.js';
import { buildImportReport } from '../report/import-report.js';
import { ProgressMeter } from '../report/progress.js';
import { FastSpeed, plainSpeed, type ImportSpeed } from '../speed/import-speed.js';
import { mergeRowsOf, tuningOf, type ImportTuning } from '../speed/tuning.js';
import { isPeopleEntity, type ImportProgress, type ImportReport } from '../types.js';
import { cancelledMessage, ImportCancelled, stopIfCancelled } from './cancel.js';
import { OtherKind } from './other-kind.js';
import { RangeMerger } from './range-merger.js';
import { stageFile } from './stage-file.js';
import { savedColumnsOf, storedImport, type StoredImport } from './stored-import.js';

/** Options of one run of an import that are not part of the import itself. */
export interface RunOptions {
  fileStore: FileStore;
  onProgress?: (progress: ImportProgress) => void;
  /** Rows per staging batch; overrides tuning.batchRows. */
  batchRows?: number;
  /** Keep a dry run's staged rows and file so that it can be committed later (the wizard). */
  keepDryRun?: boolean;
  /** How many issues the returned report carries (all of them stay in the database). */
  errorLimit?: number;
  /** Read and validate the file on a worker thread, or not, whatever its size (with the speed machinery on). */
  readInWorker?: boolean;
  /** Overrides tuning.otherKindInMemory. */
  otherKindInMemory?: number;
  /** How the import trades memory and plainness for speed (from src/config.ts); absent fields take DEFAULT_TUNING's. */
  tuning?: Partial<ImportTuning>;
}

/** One run of an import: what each of its steps reads, and the import's row as last read. */
interface ImportRun extends StoredImport {
  db: Database;
  id: number;
  run: RunOptions;
  tuning: ImportTuning;
  store: ImportStore;
  speed: ImportSpeed;
  indexes: IndexDeferral;
  merger: RangeMerger;
  progress: ProgressMeter;
  /** A dry run and an all-or-nothing import stage and plan the whole file before they write anything. */
  planFirst: boolean;
}

/**
 * Runs (or resumes) a recorded import to its end, in steps: stage the file after the cursor
 * (merging staged ranges as it goes), plan the whole file (a dry run or an all-or-nothing import
 * only: it ends there, or goes on), merge the staged rows, finish. Every step commits with its
 * cursor, so after a crash `executeImport` again continues exactly where the last commit left off.
 */
export async function executeImport(db: Database, id: number, run: RunOptions, pending: Property[] = []): Promise<ImportReport> {
  return withBulkWrites(db, () => execute(db, id, run, pending));
}

async function execute(db: Database, id: number, run: RunOptions, pending: Property[]): Promise<ImportReport> {
  const r = await prepare(db, id, run, pending);
  try {
    await patchImport(db, id, { columns: JSON.stringify(savedColumnsOf(r.layout)) });
    if (await r.store.openStage(r.row)) r.row = await getImportRow(db, id);
    if (r.row.phase === 'staging') await stageTheFile(r);
    // The plan stage (../plan), for an import that sees the whole file first: it ends there or merges.
    if (r.row.phase === 'merging' && r.planFirst && r.row.rowsCommitted <= 1) {
      const outcome = outcomeOfPlan(r.row, await r.store.planCounts(), { keepDryRun: run.keepDryRun === true });
      if (outcome.ends) {
        await patchImport(db, id, outcome.patch);
        return await finish(r, { keep: outcome.keepStage });
      }
    }
    if (r.row.phase === 'merging') await mergeStagedRows(r);
    // A test sample keeps its file: the rest of it may be imported next (importRemaining).
    return await finish(r, { keep: false, keepFile: r.row.dryRun !== 1 && r.options.sample !== null });
  } catch (error) {
    return await stopped(r, error);
  }
}

/** Loads the recorded import and sets this run up: its tuning, store, speed machinery and merger. */
async function prepare(db: Database, id: number, run: RunOptions, pending: Property[]): Promise<ImportRun> {
  const stored = await storedImport(db, await getImportRow(db, id), pending);
  const { row, options, spec } = stored;
  const tuning = tuningOf(run.tuning, { batchRows: run.batchRows, otherKindInMemory: run.otherKindInMemory });
  const store = sqlImportStore(db, spec);
  const indexes = new IndexDeferral(db);
  const dryRun = row.dryRun === 1;
  const fileBytes = options.sample ? Math.min(row.fileSize, options.sample * ESTIMATED_ROW_BYTES) : row.fileSize;
  // The speed machinery's one switch: every speed-up of this run is one of `speed`'s answers.
  // Tickets take the plain path: their files are small beside people's, and their rows have no email key to filter.
  const speed =
    tuning.fast && isPeopleEntity(stored.layout.entity)
      ? new FastSpeed({ db, store, spec, tuning, indexes, dryRun, fileBytes, readInWorker: run.readInWorker })
      : plainSpeed;
  return {
    ...stored,
    db,
    id,
    run,
    tuning,
    store,
    speed,
    indexes,
    merger: new RangeMerger(store, (from, to) => speed.keysOf(from, to), row.rowsCommitted, mergeRowsOf(tuning)),
    progress: new ProgressMeter(run.onProgress),
    planFirst: dryRun || options.allOrNothing === true,
  };
}

/**
 * Stage 1: reads, validates and stages the file after the cursor. A plain import merges as it
 * reads, each range as soon as it is staged (while its pages are still in the cache) and while
 * the next rows are read; a dry run and an all-or-nothing import mark the whole file's duplicates
 * once it is staged.
 */
async function stageTheFile(r: ImportRun): Promise<void> {
  const { db, id, row, options } = r;
  await r.speed.watchNewKeys(row.rowsRead);
  if (!r.planFirst) await r.speed.deferIndexesIfLarge();
  if (!row.fileKey || !(await r.run.fileStore.exists(row.fileKey))) {
    throw new RosterError('import_state', `The file of import ${id} is no longer kept, so it cannot be read again.`);
  }
  const filePath = await r.run.fileStore.localPath(row.fileKey);
  // The rows a test sample imported are left out (importRemaining); the others keep their numbers.
  const after = Math.max(row.rowsRead, options.afterRow ?? 1);
  const alreadyRead = row.rowsRead > 1 ? await r.store.countReadRows() : 0;
  r.progress.enter('staging', null, alreadyRead);
  // The other kind's emails, if few, are checked while reading (see ValidateFileInput.otherKind).
  const entity = r.layout.entity;
  const otherKind = isPeopleEntity(entity) ? new OtherKind(r.store, entity, r.tuning.otherKindInMemory) : null;
  const otherEmails = await otherKind?.held();
  const batches = await r.speed.readFile(
    {
      filePath,
      overrides: {
        ...(options.encodingOverride ? { encoding: options.encodingOverride } : {}),
        ...(options.delimiterOverride ? { delimiter: options.delimiterOverride } : {}),
      },
      layout: r.layout,
      context: r.settings.defaultCountry ? { defaultCountry: r.settings.defaultCountry } : {},
      after,
      alreadyRead,
      sample: options.sample,
      batchRows: r.tuning.batchRows,
      ...(otherKind && otherEmails ? { otherKind: { kind: otherKind.kind, emails: [...otherEmails] } } : {}),
    },
    { after: row.rowsRead, merged: row.rowsCommitted },
  );
  const lastRow = await stageFile({
    store: r.store,
    layout: r.layout,
    batches,
    after,
    otherKind: otherEmails ? null : otherKind,
    noteKeys: (rowNos, keys) => r.speed.noteKeys(rowNos, keys),
    progress: r.progress,
    onStaged: async (lastRow) => {
      await stopIfCancelled(db, id);
      if (!r.planFirst) r.merger.offer(lastRow);
      await checkpointWhenLarge(db);
    },
  });
  await r.merger.settle();
  if (r.planFirst) await markDuplicatesOfFile(r.store, r.progress);
  await patchImport(db, id, { phase: 'merging', lastRow, heartbeatAt: now(), pid: process.pid, host: os.hostname() });
  r.row = await getImportRow(db, id);
}

/** Stage 2: merges the staged rows not merged yet, a merge transaction's worth at a time, then rebuilds any index dropped. */
async function mergeStagedRows(r: ImportRun): Promise<void> {
  const { db, id, row, progress } = r;
  await r.speed.deferIndexesIfLarge();
  const mergeRows = mergeRowsOf(r.tuning);
  const last = row.lastRow ?? row.rowsRead;
  const total = Math.max(last - 1, 0);
  progress.enter('merging', total, Math.max(row.rowsCommitted - 1, 0));
  for (let from = row.rowsCommitted; from < last; from += mergeRows) {
    await stopIfCancelled(db, id);
    const to = Math.min(from + mergeRows, last);
    await r.store.mergeRange(from, to, r.speed.keysOf(from, to));
    await checkpointWhenLarge(db);
    progress.update(to - 1);
    // Let other work of this process (HTTP requests) in between two batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  progress.update(total, true);
  if (r.indexes.held) {
    progress.enter('indexing', null);
    progress.update(0, true);
  }
  // Before the import says it is done, so that a completed import always leaves every index.
  await r.indexes.release();
  await patchImport(db, id, { phase: 'done', status: 'completed', finishedAt: now(), heartbeatAt: now() });
}

/**
 * Records why the run stopped: cancelled on request (a report), or failed (rethrown). Either way
 * the import stays resumable: its cursor is at the last committed batch.
 */
async function stopped(r: ImportRun, error: unknown): Promise<ImportReport> {
  const { db, id } = r;
  // A merge under way ends (committed or rolled back) before the failure is recorded.
  await r.merger.settle().catch(() => undefined);
  // A failed import may never be resumed: the people it wrote get their indexes back now.
  await r.indexes.release().catch(() => undefined);
  if (error instanceof ImportCancelled) {
    await patchImport(db, id, {
      status: 'cancelled',
      phase: 'done',
      error: cancelledMessage(await getImportRow(db, id)),
      finishedAt: now(),
      heartbeatAt: now(),
    });
    return await finish(r, { keep: false });
  }
  await patchImport(db, id, {
    status: 'failed',
    error: error instanceof Error ? error.message : String(error),
    heartbeatAt: now(),
  }).catch(() => undefined);
  throw error;
}

/** Counts the import's rows, drops its stage unless kept, removes its file unless kept, and reports. */
async function finish(r: ImportRun, options: { keep: boolean; keepFile?: boolean }): Promise<ImportReport> {
  const { db, id, run } = r;
  // Before the stage goes: a dry run counts its links from the staged rows.
  if (r.layout.entity === 'tickets') await patchImport(db, id, { links: JSON.stringify(await r.store.countLinks(r.row.dryRun === 1)) });
  const row = await getImportRow(db, id);
  const rows = row.created + row.updated + row.unchanged + row.skipped + row.duplicates + row.failed;
  const keepFile = options.keep || options.keepFile === true;
  await patchImport(db, id, { rows, ...(keepFile ? {} : { fileKey: null }) });
  if (!options.keep) await r.store.dropStage();
  if (!keepFile) {
    // A wizard dry run shares its upload's file: the upload may be dry-run again, so the file goes
    // only with the last unfinished import that holds it (discard and expiry remove it then).
    if (row.fileKey && !(await fileKeyInUse(db, row.fileKey, id))) await run.fileStore.remove(row.fileKey);
  }
  return buildImportReport(db, id, { errorLimit: run.errorLimit });
}
