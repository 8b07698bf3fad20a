import type { Database } from '../../db/database.js';
import { withRunner } from '../../db/imports/sql-runner.js';
import {
  findDomainOwners,
  createdKeys,
  findOtherKind,
  mergedKeys,
  otherKindEmails,
  stagedKeys,
  writeStageBatch,
  type StageBatch,
} from '../../db/imports/stage-rows.js';
import type { StageSpec } from '../../db/imports/stage-spec.js';
import { BloomFilter } from '../speed/bloom-filter.js';
import type { ProgressMeter } from '../report/progress.js';
import type { ImportIssue } from '../types.js';
import { otherKindIssue } from '../validate/other-kind-issue.js';
import type { RowLayout } from '../validate/row-layout.js';
import type { NewKeys } from '../speed/new-keys.js';
import { originalCells, type ValidatedBatch } from '../validate/validate-file.js';

export interface StageFileInput {
  db: Database;
  spec: StageSpec;
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
  /** Told each batch's keys before it is staged (for the merges' create-only ranges). */
  newKeys?: NewKeys;
  /** Called after each committed batch with the last spreadsheet row staged so far. */
  onStaged?: (lastRow: number) => Promise<void>;
}

/**
 * Stage 1 of a commit: writes the validated batches (valid rows to the stage table, failed rows
 * with every reason to the issues), each in one transaction with the cursor. Memory holds a
 * bounded number of batches, whatever the file's size. Returns the last spreadsheet row read.
 */
export async function stageFile(input: StageFileInput): Promise<number> {
  const { db, spec, layout } = input;
  const domainsIndex = layout.columns.findIndex((c) => c.role === 'domains');
  const domainsInFile =
    layout.entity === 'organizations' && domainsIndex >= 0 ? new Map<string, { row: number; key: string }>() : undefined;
  const otherKind = input.otherKind;
  let lastRow = input.after;
  const write = async (batch: StageBatch, read: number): Promise<void> => {
    await withRunner(db, (runner) => writeStageBatch(runner, spec, batch));
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
      const batch = await checkAgainstRecords(
        db,
        spec,
        layout,
        validated,
        originalCells(validated),
        otherKind,
        domainsInFile,
        domainsIndex,
      );
      await input.newKeys?.note(batch.rowNos, batch.keys);
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
 * The import's Bloom filter of keys (see validateFile), over shared memory when a reading thread
 * will add to it; on resume, refilled with the keys read before the cursor: the merged rows' from
 * the keys table and the people the import created (PostgreSQL may have lost them from the
 * stage), the others' from the stage.
 */
export async function keyFilter(
  db: Database,
  spec: StageSpec,
  options: { after: number; merged: number; shared: boolean },
): Promise<BloomFilter> {
  const bloom = options.shared ? BloomFilter.shared() : new BloomFilter();
  if (options.after <= 1) return bloom;
  const PAGE = 50_000;
  for (let afterKey = ''; ;) {
    const keys = await withRunner(db, (runner) => mergedKeys(runner, spec, afterKey, PAGE));
    for (const key of keys) bloom.addAndCheck(key);
    if (keys.length < PAGE) break;
    afterKey = keys[keys.length - 1]!;
  }
  for (let afterId = 0; ;) {
    const people = await withRunner(db, (runner) => createdKeys(runner, spec, afterId, PAGE));
    for (const person of people) bloom.addAndCheck(person.k);
    if (people.length < PAGE) break;
    afterId = Number(people[people.length - 1]!.id);
  }
  for (let afterRow = options.merged; ;) {
    const page = await withRunner(db, (runner) => stagedKeys(runner, spec, afterRow, PAGE));
    for (const r of page) bloom.addAndCheck(r.row_key);
    if (page.length < PAGE) break;
    afterRow = Number(page[page.length - 1]!.row_no);
  }
  return bloom;
}

/**
 * How many emails of the other kind of person an import keeps in memory to check its rows
 * against (about 3 MB): a customers import checks against the users, a helpdesk's staff, and
 * these are few.
 */
const OTHER_KIND_IN_MEMORY = 50_000;

/**
 * Which keys of a batch belong to the other kind of person. Why not always ask the database: one
 * query per batch probed the email index once per row (on PostgreSQL ~60 ms a batch of 5,000, on
 * the staging's critical path; 12.6 s of a 1M-row import). When the other kind is small (the
 * usual customers import: few users), its emails are read once and every row is checked in
 * memory; an email taken by the other kind during the import is still caught when the row is
 * merged (the plan's 'conflict').
 */
export class OtherKind {
  private emails: Promise<Set<string> | null> | undefined;

  constructor(
    private readonly db: Database,
    private readonly spec: Pick<StageSpec, 'entity'>,
    private readonly inMemory = OTHER_KIND_IN_MEMORY,
  ) {}

  /** The other kind's emails when there are few enough to hold them (read once), else null. */
  held(): Promise<Set<string> | null> {
    const entity = this.spec.entity as 'users' | 'customers';
    this.emails ??= withRunner(this.db, (runner) => otherKindEmails(runner, entity, this.inMemory));
    return this.emails;
  }

  /** The other kind of person: a users import's is 'customer'. */
  get kind(): 'user' | 'customer' {
    return this.spec.entity === 'users' ? 'customer' : 'user';
  }

  async of(keys: readonly string[]): Promise<Map<string, 'user' | 'customer'>> {
    const entity = this.spec.entity as 'users' | 'customers';
    const emails = await this.held();
    if (!emails) return withRunner(this.db, (runner) => findOtherKind(runner, entity, keys));
    const found = new Map<string, 'user' | 'customer'>();
    for (const key of keys) if (emails.has(key)) found.set(key, this.kind);
    return found;
  }
}

/**
 * Row checks that need the database, done once per batch: an email that belongs to the other
 * kind of person, and (organizations) a domain another organization owns, in the database or
 * earlier in the file. Returns the batch with such rows moved from the staged rows to the
 * rejected ones (the batch itself when there are none).
 */
async function checkAgainstRecords(
  db: Database,
  spec: StageSpec,
  layout: RowLayout,
  batch: StageBatch,
  cellsOf: (i: number) => readonly string[],
  otherKind: OtherKind | null,
  domainsInFile: Map<string, { row: number; key: string }> | undefined,
  domainsIndex: number,
): Promise<StageBatch> {
  const count = batch.rowNos.length;
  if (count === 0) return batch;
  const problems = new Map<number, ImportIssue[]>();
  const add = (issue: ImportIssue) => {
    const list = problems.get(issue.row) ?? [];
    list.push(issue);
    problems.set(issue.row, list);
  };
  const header = layout.keyColumn.header;
  if (spec.entity !== 'organizations') {
    if (!otherKind) return batch;
    const other = await otherKind.of(batch.keys);
    if (other.size > 0) {
      for (let i = 0; i < count; i++) {
        const key = batch.keys[i]!;
        const kind = other.get(key);
        if (!kind) continue;
        const row = batch.rowNos[i]!;
        add(otherKindIssue(row, header, key, kind));
      }
    }
  } else if (domainsInFile && domainsIndex >= 0) {
    const domainHeader = layout.columns[domainsIndex]!.header;
    const domainsOf = (i: number) => batch.values[i * batch.width + domainsIndex];
    const all: string[] = [];
    for (let i = 0; i < count; i++) all.push(...(domainsOf(i)?.split(',') ?? []));
    const owners = await withRunner(db, (runner) => findDomainOwners(runner, [...new Set(all)]));
    for (let i = 0; i < count; i++) {
      const list = domainsOf(i);
      if (!list) continue;
      const row = batch.rowNos[i]!;
      const key = batch.keys[i]!;
      for (const domain of list.split(',')) {
        const owner = owners.get(domain);
        const earlier = domainsInFile.get(domain);
        if (owner !== undefined && owner !== key) {
          add({
            row,
            column: domainHeader,
            value: domain,
            code: 'domain_taken',
            message: `Row ${row}, column "${domainHeader}": the domain ${domain} already belongs to the organization "${owner}".`,
          });
        } else if (earlier && earlier.key !== key) {
          add({
            row,
            column: domainHeader,
            value: domain,
            code: 'domain_taken',
            message: `Row ${row}, column "${domainHeader}": the domain ${domain} is already given to another organization on row ${earlier.row}.`,
          });
        } else if (!earlier) domainsInFile.set(domain, { row, key });
      }
    }
  }
  if (problems.size === 0) return batch;
  const kept = {
    ...batch,
    rowNos: [] as number[],
    keys: [] as string[],
    cells: [] as (string | null)[],
    values: [] as (string | null)[],
    rejected: [...batch.rejected],
    issues: [...batch.issues],
  };
  for (let i = 0; i < count; i++) {
    const row = batch.rowNos[i]!;
    const issues = problems.get(row);
    if (issues) {
      kept.rejected.push({ row, cells: cellsOf(i) });
      kept.issues.push(...issues);
      continue;
    }
    kept.rowNos.push(row);
    kept.keys.push(batch.keys[i]!);
    kept.cells.push(batch.cells[i] ?? null);
    for (let j = 0; j < batch.width; j++) kept.values.push(batch.values[i * batch.width + j] ?? null);
  }
  kept.rejected.sort((a, b) => a.row - b.row);
  return kept;
}
