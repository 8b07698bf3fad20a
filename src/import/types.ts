import type { DateFormat } from '../core/dates.js';
import type { PropertyType } from '../core/properties.js';

/** The record kinds a CSV import can create or update. */
export const IMPORT_ENTITIES = ['users', 'customers', 'organizations', 'tickets'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

/** Users and customers: the kinds keyed by email, kept in the people table. */
export function isPeopleEntity(entity: ImportEntity): entity is 'users' | 'customers' {
  return entity === 'users' || entity === 'customers';
}

/** What happens to a row whose email (organizations: name) matches an existing record. */
export const ON_EXISTING = ['update', 'skip', 'overwrite'] as const;
export type OnExisting = (typeof ON_EXISTING)[number];

/**
 * analysed: uploaded and read, nothing run yet; dry-run: validated and planned without writing;
 * running: a process is working on it; interrupted: it was running and its process died;
 * completed; failed (could not finish, or --all-or-nothing found failed rows); cancelled (stopped
 * on request after committing what it had: undo removes it); undone;
 * discarded: an upload or dry run given up before it wrote anything (its file and staged rows removed).
 */
export type ImportStatus =
  'analysed' | 'dry-run' | 'running' | 'interrupted' | 'completed' | 'failed' | 'cancelled' | 'undone' | 'discarded';

/** Stable codes of row problems (docs/import.md lists them). */
export type IssueCode = 'parse' | 'invalid_value' | 'required' | 'other_kind' | 'duplicate' | 'domain_taken' | 'last_admin';

/** One problem of one row, named as a spreadsheet names it (header = row 1). */
export interface ImportIssue {
  row: number;
  /** The column's header as the report shows it; null when the problem concerns the whole row. */
  column: string | null;
  value: string | null;
  code: IssueCode;
  message: string;
}

/** Every data row is counted once, in exactly one of these; `rows` is their sum. */
export interface ImportCounts {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  duplicates: number;
  failed: number;
}

export type ImportPhase = 'staging' | 'planning' | 'merging' | 'indexing' | 'done';

/** Reported to `onProgress` while an import runs (the CLI draws a bar, the HTTP API sends events). */
export interface ImportProgress {
  phase: ImportPhase;
  rowsDone: number;
  /** Data rows in the file, once known (after staging); null while the file is still being read. */
  totalRows: number | null;
  rowsPerSec: number;
  etaSeconds: number | null;
  /** 0–1 through the current phase (by bytes while reading the file), when it can be told. */
  fraction: number | null;
}

/** A custom property that the import creates before it runs, so a column can be mapped to it. */
export interface NewPropertyOption {
  /** The column whose values it receives. */
  header: string;
  key: string;
  type: PropertyType;
  label?: string;
  choices?: string[];
}

/** The options an import is run with; they are stored with it so it can be resumed. */
export interface StoredImportOptions {
  onExisting: OnExisting;
  dateFormats: Record<string, DateFormat>;
  sample: number | null;
  /** Rows up to this spreadsheet row are left out (the rows a test sample imported); absent: none. */
  afterRow?: number | null;
  allOrNothing: boolean;
  newProperties: NewPropertyOption[];
  /** The overrides the person gave (`Header=key`, `Header=` → null), kept for the record. */
  overrides: Record<string, string | null>;
  /**
   * Values the person mapped per column, header → value as written (lower case) → the value
   * Roster stores: `--value "Status:Solved=resolved"`. Absent: none.
   */
  valueMaps?: Record<string, Record<string, string>>;
  /** Tickets: create a customer for each Customer Email that matches nobody, instead of leaving the ticket unlinked. */
  createMissingCustomers?: boolean;
}

/** The encoding and delimiter a person picked when uploading, kept with the import's options. */
export interface SourceOverrides {
  encodingOverride?: string;
  delimiterOverride?: string;
}

/** An import's options as its record keeps them (the `options` column): the report's, plus how to read the file again. */
export type StoredOptions = StoredImportOptions & SourceOverrides;

/** What `runImport` and friends return: the import's record, counts and its first errors. */
export interface ImportReport extends ImportCounts {
  id: number;
  entity: ImportEntity;
  status: ImportStatus;
  dryRun: boolean;
  fileName: string;
  fileSize: number;
  sha256: string;
  /** Lower-case WHATWG name: utf-8, windows-1252, utf-16le, … */
  encoding: string;
  delimiter: string;
  /** Header → property key; ignored columns are absent. */
  mapping: Record<string, string>;
  suggestions: Record<string, { key: string | null; reason: string }>;
  options: StoredImportOptions;
  actor: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** Why the import stopped, when it failed or wrote nothing (all-or-nothing). */
  message: string | null;
  /** The first `errorLimit` issues in row order; `errorCount` says how many there are in all. */
  errors: ImportIssue[];
  errorCount: number;
  undoneAt: string | null;
  undo: UndoSummary | null;
  /** Cells corrected in Roster before the dry run was committed (one import's report; absent in lists). */
  corrections?: number;
  /** A cancel was asked for and the running import has not stopped yet. */
  cancelRequested?: boolean;
  /** Tickets: how their people were found (null for other kinds, and before the file was read). */
  links: TicketLinks | null;
}

/**
 * How the tickets of an import found their people: linked to their customer or not, assigned to
 * their user or not (a dry run: would be). Counted when the import ends; `pending…Left` are
 * counted when the report is read, as the people an unlinked ticket waits for may be added since.
 */
export interface TicketLinks {
  /** Tickets whose Customer Email is a customer's. */
  linked: number;
  /** Tickets whose Customer Email matched nobody (they wait for that customer: a pending link). */
  unlinked: number;
  assigned: number;
  unassigned: number;
  /** The spreadsheet rows of the first unlinked and unassigned tickets (at most 100 each). */
  unlinkedRows: number[];
  unassignedRows: number[];
  /** Customers created from Customer Emails that matched nobody (createMissingCustomers). */
  customersCreated: number;
  /** Of the import's tickets, those still waiting for their customer or assignee now. */
  pendingCustomersLeft: number;
  pendingAssigneesLeft: number;
}

/** What an undo did; records edited since the import are kept and listed, never clobbered. */
export interface UndoSummary {
  removed: number;
  restored: number;
  kept: { id: number; label: string; reason: string }[];
  organizationsRemoved: number;
}

export type { DateFormat };
