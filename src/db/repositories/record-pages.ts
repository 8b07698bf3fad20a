import type { AnyRecord } from '../../core/record-csv.js';
import type { RecordKind } from '../../core/record-kind.js';
import type { Database } from '../database.js';
import { listOrganizations, type Page } from './organizations.js';
import { listPeople, type PeopleListOptions } from './people.js';
import { listTickets } from './tickets.js';

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

/** Which people an export writes: a list's search and filters, or chosen ids (the list's filters still apply). */
export type PeopleExportFilter = Pick<PeopleListOptions, 'search' | 'status' | 'organizationId' | 'role' | 'ids'>;

/**
 * Every record of a kind, one page at a time, so an export never holds the whole table. People
 * are paged by cursor, oldest first, so a deep page costs what the first one does; `filter`
 * narrows them as the list in the web UI is narrowed.
 */
export async function* allRecordPages(db: Database, kind: RecordKind, filter: PeopleExportFilter = {}): AsyncGenerator<AnyRecord[]> {
  if (kind === 'users' || kind === 'customers') {
    let cursor: string | undefined;
    do {
      const result = await listPeople(db, kind, { ...filter, sort: 'createdAt', order: 'asc', pageSize: EXPORT_PAGE_SIZE, cursor });
      if (result.items.length > 0) yield result.items;
      cursor = result.nextCursor;
    } while (cursor);
    return;
  }
  for (let page = 1; ; page++) {
    const { items } = await listRecords(db, kind, { page, pageSize: EXPORT_PAGE_SIZE, oldestFirst: true });
    if (items.length > 0) yield items;
    if (items.length < EXPORT_PAGE_SIZE) return;
  }
}
