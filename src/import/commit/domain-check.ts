import type { ImportStore, StageBatch } from '../import-store.js';
import type { ImportIssue } from '../types.js';
import type { RowLayout } from '../validate/row-layout.js';

/**
 * An organizations import's check that each domain has one owner: a domain another organization
 * owns in the directory, or that an earlier row of the file gave to another organization, fails
 * the row. Remembers the file's domains from batch to batch.
 */
export class DomainCheck {
  /** Each domain the file gave so far, with the row and organization that took it. */
  private readonly inFile = new Map<string, { row: number; key: string }>();

  private constructor(
    private readonly store: ImportStore,
    private readonly column: { index: number; header: string },
  ) {}

  /** The check of an import that maps a domains column; null when there is nothing to check. */
  static of(store: ImportStore, layout: RowLayout): DomainCheck | null {
    if (layout.entity !== 'organizations') return null;
    const index = layout.columns.findIndex((c) => c.role === 'domains');
    return index < 0 ? null : new DomainCheck(store, { index, header: layout.columns[index]!.header });
  }

  /** The issues of the batch's rows that give a taken domain, in row order. */
  async issuesOf(batch: StageBatch): Promise<ImportIssue[]> {
    const domainsOf = (i: number) => {
      const list = batch.values[i * batch.width + this.column.index];
      return list ? list.split(',') : [];
    };
    const all = new Set(batch.rowNos.flatMap((_, i) => domainsOf(i)));
    const owners = await this.store.domainOwners([...all]);
    const issues: ImportIssue[] = [];
    batch.rowNos.forEach((row, i) => {
      for (const domain of domainsOf(i)) {
        const issue = this.issueOf(row, batch.keys[i]!, domain, owners.get(domain));
        if (issue) issues.push(issue);
      }
    });
    return issues;
  }

  /** Checks one domain of organization `key` on `row` (`owner`: who has it in the directory) and remembers it. */
  private issueOf(row: number, key: string, domain: string, owner: string | undefined): ImportIssue | null {
    const header = this.column.header;
    const taken = (message: string): ImportIssue => ({ row, column: header, value: domain, code: 'domain_taken', message });
    const earlier = this.inFile.get(domain);
    if (owner !== undefined && owner !== key) {
      return taken(`Row ${row}, column "${header}": the domain ${domain} already belongs to the organization "${owner}".`);
    }
    if (earlier && earlier.key !== key) {
      return taken(`Row ${row}, column "${header}": the domain ${domain} is already given to another organization on row ${earlier.row}.`);
    }
    if (!earlier) this.inFile.set(domain, { row, key });
    return null;
  }
}
