import type { Generated, Kysely } from 'kysely';
import type { Database } from '../database.js';

/** The `imports` table as Kysely sees it (camelCase through the CamelCasePlugin). */
export interface ImportsTable {
  id: Generated<number>;
  entity: string;
  status: string;
  phase: Generated<string>;
  dryRun: Generated<number>;
  fileName: string;
  fileSize: number;
  fileSha256: string;
  fileKey: string | null;
  encoding: string;
  delimiter: string;
  headers: string;
  mapping: string;
  suggestions: string;
  options: string;
  columns: Generated<string>;
  actor: string | null;
  startedAt: string;
  finishedAt: string | null;
  heartbeatAt: string | null;
  pid: number | null;
  host: string | null;
  rowsRead: Generated<number>;
  rowsCommitted: Generated<number>;
  lastRow: number | null;
  rows: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  skipped: Generated<number>;
  duplicates: Generated<number>;
  failed: Generated<number>;
  error: string | null;
  undoneAt: string | null;
  undo: string | null;
  /** Tickets: how the import's tickets found their people (TicketLinks as JSON), once it ended. */
  links: string | null;
  /** Set by a cancel; the process running the import stops at its next batch boundary. */
  cancelRequestedAt: string | null;
}

export interface ImportIssuesTable {
  id: Generated<number>;
  importId: number;
  row: number;
  columnName: string | null;
  value: string | null;
  code: string;
  message: string;
}

export interface ImportRejectedRowsTable {
  importId: number;
  row: number;
  reason: string;
  cells: string;
}

export interface ImportChangesTable {
  importId: number;
  recordId: number;
  before: string;
}

/** A cell corrected in Roster before a dry run is committed (`original`: what the file had). */
export interface ImportCorrectionsTable {
  importId: number;
  row: number;
  columnName: string;
  original: string;
  value: string;
  correctedAt: string;
  actor: string | null;
}

export interface ImportTables {
  imports: ImportsTable;
  importIssues: ImportIssuesTable;
  importRejectedRows: ImportRejectedRowsTable;
  importChanges: ImportChangesTable;
  importCorrections: ImportCorrectionsTable;
}

/** The database seen through the import's own tables (they are not in the shared schema type). */
export function importTables(db: Database): Kysely<ImportTables> {
  return db.kysely as unknown as Kysely<ImportTables>;
}
