import type { ImportStore, PersonKind, StageBatch } from '../import-store.js';
import type { ImportEntity, ImportIssue } from '../types.js';
import { otherKindIssue } from '../validate/other-kind-issue.js';

/**
 * Which keys of a batch belong to the other kind of person (a customers import's: the users).
 * Why not always ask the database: one query per batch probes the email index once per row, on
 * the staging's critical path (figures: speed/README.md). When the other kind is small (the usual
 * customers import: few users), its emails are read once and every row is checked in memory; an
 * email taken by the other kind during the import is still caught when the row is merged (the
 * plan's 'conflict').
 */
export class OtherKind {
  private emails: Promise<Set<string> | null> | undefined;

  constructor(
    private readonly store: ImportStore,
    private readonly entity: Exclude<ImportEntity, 'organizations'>,
    /** How many of its emails are held in memory at most (tuning.otherKindInMemory). */
    private readonly inMemory: number,
  ) {}

  /** The other kind's emails when there are few enough to hold them (read once), else null. */
  held(): Promise<Set<string> | null> {
    this.emails ??= this.store.otherKindEmails(this.inMemory);
    return this.emails;
  }

  /** The other kind of person: a users import's is 'customer'. */
  get kind(): PersonKind {
    return this.entity === 'users' ? 'customer' : 'user';
  }

  async of(keys: readonly string[]): Promise<Map<string, PersonKind>> {
    const emails = await this.held();
    if (!emails) return this.store.otherKindOf(keys);
    const found = new Map<string, PersonKind>();
    for (const key of keys) if (emails.has(key)) found.set(key, this.kind);
    return found;
  }

  /** The issues of the batch's rows whose email is the other kind's, in row order. */
  async issuesOf(batch: StageBatch, keyHeader: string): Promise<ImportIssue[]> {
    const other = await this.of(batch.keys);
    if (other.size === 0) return [];
    const issues: ImportIssue[] = [];
    batch.keys.forEach((key, i) => {
      const kind = other.get(key);
      if (kind) issues.push(otherKindIssue(batch.rowNos[i]!, keyHeader, key, kind));
    });
    return issues;
  }
}
