import type { ListQuery } from '../../shared/types';
import { choiceParam, pageParam, wholeParam, type ListCodec } from '../../shared/useUrlList';

export const STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;

/** The list's filters, as its URL keeps them (`/tickets?status=open&assignee=12&imported=1`) so Back and reload keep them too. */
export interface TicketFilters {
  status: string;
  /** A user's id, `unassigned`, or '' for anyone. */
  assignee: string;
  /** A customer's id, or ''. */
  customer: string;
  /** An import's id, or ''. */
  importId: string;
  imported: boolean;
  pending: boolean;
  search: string;
  sort: string;
  order: 'asc' | 'desc';
  page: number;
}

const DEFAULT_SORT = { sort: 'number', order: 'desc' } as const;

export function readFilters(params: URLSearchParams): TicketFilters {
  const assignee = params.get('assignee') ?? '';
  return {
    status: choiceParam(params.get('status'), STATUSES),
    assignee: assignee === 'unassigned' ? assignee : wholeParam(assignee),
    customer: wholeParam(params.get('customer')),
    importId: wholeParam(params.get('import')),
    imported: params.get('imported') === '1',
    pending: params.get('pending') === '1',
    search: params.get('q') ?? '',
    sort: params.get('sort') ?? DEFAULT_SORT.sort,
    order: params.get('order') === 'asc' ? 'asc' : params.get('order') === 'desc' ? 'desc' : DEFAULT_SORT.order,
    page: pageParam(params.get('page')),
  };
}

/** The URL query of `filters`, leaving out what is at its default so a plain list keeps a plain URL. */
export function writeFilters(filters: TicketFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.assignee) params.set('assignee', filters.assignee);
  if (filters.customer) params.set('customer', filters.customer);
  if (filters.importId) params.set('import', filters.importId);
  if (filters.imported) params.set('imported', '1');
  if (filters.pending) params.set('pending', '1');
  if (filters.search.trim()) params.set('q', filters.search.trim());
  if (filters.sort !== DEFAULT_SORT.sort || filters.order !== DEFAULT_SORT.order) {
    params.set('sort', filters.sort);
    params.set('order', filters.order);
  }
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

/** The tickets list's state in the URL (useUrlList). */
export const TICKET_LIST: ListCodec<TicketFilters> = { read: readFilters, write: writeFilters, firstPage: { page: 1 } };

/** True when a filter (not the search) narrows the list. */
export function isFiltered(filters: TicketFilters): boolean {
  return Boolean(filters.status || filters.assignee || filters.customer || filters.importId || filters.imported || filters.pending);
}

/** The API's list query for `filters` (GET /api/tickets). */
export function listQuery(filters: TicketFilters, pageSize: number): ListQuery {
  return {
    page: filters.page,
    pageSize,
    search: filters.search.trim(),
    sort: filters.sort,
    order: filters.order,
    status: filters.status || undefined,
    assigneeId: filters.assignee || undefined,
    customerId: filters.customer || undefined,
    importId: filters.importId || undefined,
    imported: filters.imported ? 'true' : undefined,
    pending: filters.pending ? 'true' : undefined,
  };
}
