import os from 'node:os';
import type { Database } from '../../db/database.js';
import { countCorrectionRows, countIssueRows, getImportRow, listIssueRows, type ImportRow } from '../../db/imports/import-records.js';
import { pendingLinksLeft } from '../../db/imports/ticket-links.js';
import type {
  ImportCounts,
  ImportEntity,
  ImportIssue,
  ImportReport,
  ImportStatus,
  IssueCode,
  StoredImportOptions,
  TicketLinks,
  UndoSummary,
} from '../types.js';

/** A running import whose heartbeat is older than this, on another host, is taken for dead. */
export const STALE_HEARTBEAT_MS = 2 * 60 * 1000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The status a person should see: a `running` import whose process is gone is `interrupted`.
 * On the same host the process id tells; elsewhere, a heartbeat older than two minutes does.
 */
export function effectiveStatus(row: Pick<ImportRow, 'status' | 'pid' | 'host' | 'heartbeatAt'>, at = Date.now()): ImportStatus {
  if (row.status !== 'running') return row.status as ImportStatus;
  if (row.host === os.hostname() && row.pid !== null) return row.pid === process.pid || processAlive(row.pid) ? 'running' : 'interrupted';
  const beat = row.heartbeatAt ? Date.parse(row.heartbeatAt) : 0;
  return at - beat > STALE_HEARTBEAT_MS ? 'interrupted' : 'running';
}

export function issueFromRow(r: {
  row: number;
  columnName: string | null;
  value: string | null;
  code: string;
  message: string;
}): ImportIssue {
  return { row: r.row, column: r.columnName, value: r.value, code: r.code as IssueCode, message: r.message };
}

/** The report of an import as stored: record, counts, its first `errorLimit` issues (default 1,000). */
export async function buildImportReport(
  db: Database,
  id: number,
  options: { errorLimit?: number | undefined } = {},
): Promise<ImportReport> {
  const row = await getImportRow(db, id);
  const limit = options.errorLimit ?? 1000;
  const errors = limit > 0 ? (await listIssueRows(db, id, { limit })).map(issueFromRow) : [];
  const errorCount = errors.length < limit ? errors.length : await countIssueRows(db, id);
  const corrections = await countCorrectionRows(db, id);
  const report = reportFromRow(row, errors, errorCount);
  return {
    ...report,
    // The pending links are counted now: the people a ticket waits for may have come since.
    links: report.links && { ...report.links, ...(await pendingLinksLeft(db, id)) },
    corrections,
    ...(row.cancelRequestedAt && row.status === 'running' ? { cancelRequested: true } : {}),
  };
}

/** The counts an import record holds, and `rows`, their sum. */
export function countsOf(row: ImportRow): ImportCounts {
  const counts = {
    created: row.created,
    updated: row.updated,
    unchanged: row.unchanged,
    skipped: row.skipped,
    duplicates: row.duplicates,
    failed: row.failed,
  };
  return { rows: counts.created + counts.updated + counts.unchanged + counts.skipped + counts.duplicates + counts.failed, ...counts };
}

export function reportFromRow(row: ImportRow, errors: ImportIssue[], errorCount: number): ImportReport {
  return {
    id: row.id,
    entity: row.entity as ImportEntity,
    status: effectiveStatus(row),
    dryRun: row.dryRun === 1,
    fileName: row.fileName,
    fileSize: Number(row.fileSize),
    sha256: row.fileSha256,
    encoding: row.encoding,
    delimiter: row.delimiter,
    mapping: JSON.parse(row.mapping) as Record<string, string>,
    suggestions: JSON.parse(row.suggestions) as ImportReport['suggestions'],
    options: JSON.parse(row.options) as StoredImportOptions,
    actor: row.actor,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    message: row.error,
    ...countsOf(row),
    errors,
    errorCount,
    undoneAt: row.undoneAt,
    links: row.links === null ? null : (JSON.parse(row.links) as TicketLinks),
    undo: row.undo ? (JSON.parse(row.undo) as UndoSummary) : null,
  };
}
