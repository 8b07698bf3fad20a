import type { Database } from '../../db/database.js';
import { withRunner } from '../../db/imports/sql-runner.js';
import { findDomainOwners, findOtherKind, stagedKeys, writeStageBatch, type StageBatch } from '../../db/imports/stage-rows.js';
import type { StageSpec } from '../../db/imports/stage-spec.js';
import { BloomFilter } from '../plan/bloom-filter.js';
import type { ProgressMeter } from '../progress.js';
import type { ImportIssue } from '../types.js';
import type { RowLayout } from '../validate/row-layout.js';
import { validateRow, type ValidateContext } from '../validate/validate-row.js';
import type { SourceRow } from './open-source.js';

export interface StageFileInput {
  db: Database;
  spec: StageSpec;
  layout: RowLayout;
  rows: AsyncIterable<SourceRow>;
  context: ValidateContext;
  /** Rows up to this spreadsheet row were staged by an earlier run (resume); 1 = none. */
  after: number;
  /** Data rows already read by the earlier run, for --sample. */
  alreadyRead: number;
  sample: number | null;
  batchRows: number;
  progress: ProgressMeter;
}

/**
 * Stage 1 of a commit: reads the file after the cursor, validates every row and writes batches
 * (valid rows to the stage table, failed rows with every reason to the issues) each in one
 * transaction with the cursor. Memory holds one batch, whatever the file's size. Returns the last
 * spreadsheet row read.
 */
export async function stageFile(input: StageFileInput): Promise<number> {
  const { db, spec, layout } = input;
  const bloom = new BloomFilter();
  if (input.after > 1) await refillBloom(db, spec, bloom);
  const domainsIndex = layout.columns.findIndex((c) => c.role === 'domains');
  const domainsInFile =
    layout.entity === 'organizations' && domainsIndex >= 0 ? new Map<string, { row: number; key: string }>() : undefined;
  let read = input.alreadyRead;
  let lastRow = input.after;
  let batch = emptyBatch(lastRow);
  let rowCells: string[][] = [];

  const flush = async () => {
    await checkAgainstRecords(db, spec, layout, batch, rowCells, domainsInFile, domainsIndex);
    await withRunner(db, (runner) => writeStageBatch(runner, spec, batch));
    batch = emptyBatch(lastRow);
    rowCells = [];
    input.progress.update(read);
  };

  for await (const source of input.rows) {
    if (source.row <= input.after) continue;
    if (input.sample !== null && read >= input.sample) break;
    read++;
    lastRow = source.row;
    batch.lastRow = lastRow;
    if (source.error) {
      batch.rejected.push({ row: source.row, cells: source.cells });
      batch.issues.push({ row: source.row, column: null, value: null, code: 'parse', message: source.error.message });
    } else {
      const result = validateRow(layout, source.row, source.cells, input.context);
      if (result.issues.length > 0 || result.key === null) {
        batch.rejected.push({ row: source.row, cells: source.cells });
        batch.issues.push(...result.issues);
      } else {
        const key = result.key;
        batch.rows.push({
          row: source.row,
          key,
          cells: bloom.addAndCheck(key) ? JSON.stringify(source.cells) : null,
          values: result.values,
        });
        rowCells.push(source.cells);
      }
    }
    if (batch.rows.length + batch.rejected.length >= input.batchRows) await flush();
  }
  if (batch.rows.length + batch.rejected.length > 0 || batch.lastRow > input.after) await flush();
  return lastRow;
}

function emptyBatch(lastRow: number): StageBatch {
  return { rows: [], rejected: [], issues: [], lastRow };
}

async function refillBloom(db: Database, spec: StageSpec, bloom: BloomFilter): Promise<void> {
  let after = 0;
  for (;;) {
    const page = await withRunner(db, (runner) => stagedKeys(runner, spec, after, 50_000));
    if (page.length === 0) return;
    for (const r of page) bloom.addAndCheck(r.row_key);
    after = Number(page[page.length - 1]!.row_no);
  }
}

/**
 * Row checks that need the database, done once per batch: an email that belongs to the other
 * kind of person, and (organizations) a domain another organization owns, in the database or
 * earlier in the file. Such rows move from the staged rows to the rejected ones.
 */
async function checkAgainstRecords(
  db: Database,
  spec: StageSpec,
  layout: RowLayout,
  batch: StageBatch,
  rowCells: string[][],
  domainsInFile: Map<string, { row: number; key: string }> | undefined,
  domainsIndex: number,
): Promise<void> {
  if (batch.rows.length === 0) return;
  const problems = new Map<number, ImportIssue[]>();
  const add = (issue: ImportIssue) => {
    const list = problems.get(issue.row) ?? [];
    list.push(issue);
    problems.set(issue.row, list);
  };
  const header = layout.keyColumn.header;
  if (spec.entity !== 'organizations') {
    const entity = spec.entity;
    const other = await withRunner(db, (runner) =>
      findOtherKind(
        runner,
        entity,
        batch.rows.map((r) => r.key),
      ),
    );
    if (other.size > 0) {
      for (const r of batch.rows) {
        const kind = other.get(r.key);
        if (!kind) continue;
        add({
          row: r.row,
          column: header,
          value: r.key,
          code: 'other_kind',
          message: `Row ${r.row}, column "${header}": ${r.key} already belongs to a ${kind}; one email is a user or a customer, never both${
            kind === 'customer'
              ? ' (import it with the customers, or use another email)'
              : ' (import it with the users, or use another email)'
          }.`,
        });
      }
    }
  } else if (domainsInFile && domainsIndex >= 0) {
    const domainHeader = layout.columns[domainsIndex]!.header;
    const all = batch.rows.flatMap((r) => (r.values[domainsIndex] ? r.values[domainsIndex].split(',') : []));
    const owners = await withRunner(db, (runner) => findDomainOwners(runner, [...new Set(all)]));
    for (const r of batch.rows) {
      const list = r.values[domainsIndex];
      if (!list) continue;
      for (const domain of list.split(',')) {
        const owner = owners.get(domain);
        const earlier = domainsInFile.get(domain);
        if (owner !== undefined && owner !== r.key) {
          add({
            row: r.row,
            column: domainHeader,
            value: domain,
            code: 'domain_taken',
            message: `Row ${r.row}, column "${domainHeader}": the domain ${domain} already belongs to the organization "${owner}".`,
          });
        } else if (earlier && earlier.key !== r.key) {
          add({
            row: r.row,
            column: domainHeader,
            value: domain,
            code: 'domain_taken',
            message: `Row ${r.row}, column "${domainHeader}": the domain ${domain} is already given to another organization on row ${earlier.row}.`,
          });
        } else if (!earlier) domainsInFile.set(domain, { row: r.row, key: r.key });
      }
    }
  }
  if (problems.size === 0) return;
  const kept = [];
  for (let i = 0; i < batch.rows.length; i++) {
    const r = batch.rows[i]!;
    const issues = problems.get(r.row);
    if (!issues) {
      kept.push(r);
      continue;
    }
    batch.rejected.push({ row: r.row, cells: rowCells[i] ?? [] });
    batch.issues.push(...issues);
  }
  batch.rows = kept;
  batch.rejected.sort((a, b) => a.row - b.row);
}
