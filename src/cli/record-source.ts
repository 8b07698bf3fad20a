import type { RecordKind } from '../core/record-kind.js';
import type { Database } from '../db/database.js';
import { listOrganizations, type Page } from '../db/repositories/organizations.js';
import { listPeople } from '../db/repositories/people.js';
import { listTickets } from '../db/repositories/tickets.js';

/** A record as the repositories return it: `id`, then values by property key. */
/** What a record holds: text, numbers and flags, lists (domains), or nothing. */
export type RecordValue = string | number | boolean | null | undefined | readonly string[];
export type AnyRecord = { id: number } & Record<string, RecordValue>;

export interface PageRequest {
  page?: number;
  pageSize?: number;
  search?: string;
  /** Oldest first, so rows added while an export pages through the table land after it, not in a page already written. */
  oldestFirst?: boolean;
}

/** One page of any record kind, from the repository that keeps it. */
export async function listRecords(db: Database, kind: RecordKind, request: PageRequest): Promise<Page<AnyRecord>> {
  const { page, pageSize, search } = request;
  switch (kind) {
    case 'users':
    case 'customers':
      return listPeople(db, kind, { page, pageSize, search, ...(request.oldestFirst ? { sort: 'createdAt', order: 'asc' } : {}) });
    case 'organizations': {
      const result = await listOrganizations(db, { page, pageSize, search });
      return { ...result, items: result.items.map((o): AnyRecord => ({ ...o })) };
    }
    case 'tickets':
      return listTickets(db, { page, pageSize, search, ...(request.oldestFirst ? { sort: 'number', order: 'asc' } : {}) });
  }
}

/** The largest page the repositories hand out. */
export const EXPORT_PAGE_SIZE = 500;

/** Every record of a kind, one page at a time, so an export never holds the whole table. */
export async function* allRecordPages(db: Database, kind: RecordKind): AsyncGenerator<AnyRecord[]> {
  for (let page = 1; ; page++) {
    const { items } = await listRecords(db, kind, { page, pageSize: EXPORT_PAGE_SIZE, oldestFirst: true });
    if (items.length > 0) yield items;
    if (items.length < EXPORT_PAGE_SIZE) return;
  }
}
