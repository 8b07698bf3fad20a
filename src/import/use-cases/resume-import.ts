import os from 'node:os';
import { RosterError } from '../../core/errors.js';
import type { Property } from '../../core/properties.js';
import type { Database } from '../../db/database.js';
import { claimImport, getImportRow, patchImport } from '../../db/imports/import-records.js';
import { withRunner } from '../../db/imports/sql-runner.js';
import { countRejected } from '../../db/imports/issue-rows.js';
import { now } from '../../db/repositories/now.js';
import { listProperties } from '../../db/repositories/properties.js';
import { executeImport, type RunOptions } from '../commit/execute-import.js';
import { storedOptions } from '../commit/stored-import.js';
import { effectiveStatus } from '../report/import-report.js';
import type { ImportEntity, ImportReport } from '../types.js';
import { createProperties, pendingProperty } from './new-properties.js';

/** The new custom properties of an import that do not exist yet (a dry run validates as if they did). */
export async function missingProperties(
  db: Database,
  entity: ImportEntity,
  wanted: ReturnType<typeof storedOptions>['newProperties'],
): Promise<Property[]> {
  const existing = new Set((await listProperties(db, entity)).map((p) => p.key));
  return wanted.filter((p) => !existing.has(p.key)).map(pendingProperty);
}

/** Takes the import over for this process, unless another process did since we saw it (see claimImport). */
async function claimForThisProcess(
  db: Database,
  id: number,
  seen: { heartbeatAt: string | null; pid: number | null; host: string | null },
): Promise<void> {
  const owner = { pid: process.pid, host: os.hostname(), heartbeatAt: now(), status: 'running' };
  if (!(await claimImport(db, id, seen.heartbeatAt, owner, { pid: seen.pid, host: seen.host }))) {
    throw new RosterError('import_state', `Import ${id} was taken over by another process just now.`);
  }
}

/**
 * Finishes an import whose process died (kill -9, a crash, a restart) or that failed on the way:
 * it continues after the last committed batch, so no row is lost and none is applied twice. Only
 * one process can take an import over (see claimImport).
 */
export async function resumeImport(db: Database, id: number, run: RunOptions): Promise<ImportReport> {
  const row = await getImportRow(db, id);
  const status = effectiveStatus(row);
  if (row.phase === 'done' || (status !== 'interrupted' && status !== 'failed')) {
    throw new RosterError('import_state', `Import ${id} is ${status}; only an interrupted or failed import can be resumed.`);
  }
  await claimForThisProcess(db, id, row);
  await patchImport(db, id, { error: null });
  const pending = await missingProperties(db, row.entity as ImportEntity, storedOptions(row).newProperties);
  if (row.dryRun === 1) return executeImport(db, id, run, pending);
  await createProperties(db, row.entity as ImportEntity, pending);
  return executeImport(db, id, run);
}

/**
 * Commits a dry run that was kept (`keepDryRun`): the staged rows are planned again against the
 * records as they are now and merged. This is the wizard's Confirm.
 */
export async function commitDryRun(db: Database, id: number, run: RunOptions): Promise<ImportReport> {
  const row = await getImportRow(db, id);
  if (row.status !== 'dry-run' || row.phase !== 'merging') {
    throw new RosterError('import_state', `Import ${id} is not a kept dry run, so there is nothing to confirm; run the import again.`);
  }
  const failed = await withRunner(db, (runner) => countRejected(runner, id, 'failed'));
  await claimForThisProcess(db, id, row);
  await patchImport(db, id, { dryRun: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed, finishedAt: null, startedAt: now() });
  const pending = await missingProperties(db, row.entity as ImportEntity, storedOptions(row).newProperties);
  await createProperties(db, row.entity as ImportEntity, pending);
  return executeImport(db, id, run);
}
