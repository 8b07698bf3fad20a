import { choiceParam, pageParam, wholeParam, type ListCodec } from '../../shared/useUrlList';
import type { PeoplePageQuery } from './people-page-api';

export const PERSON_STATUSES = ['active', 'deactivated'] as const;
export const USER_ROLES = ['admin', 'agent'] as const;

/**
 * A people list as its URL keeps it: `/customers?q=ada&status=active&organization=4&sort=email&order=desc&page=3&cursor=…`.
 * `cursor` is the server's cursor of the page shown (absent on the first page); `page` its number,
 * for the pager's words and for the page by number the API answers when there is no cursor.
 */
export interface PeopleListState {
  search: string;
  /** A sort key, or '' for the default (last name; the rank with a search). */
  sort: string;
  order: 'asc' | 'desc';
  status: (typeof PERSON_STATUSES)[number] | '';
  /** Customers: an organization's id, or ''. */
  organization: string;
  /** Users: a role, or ''. */
  role: (typeof USER_ROLES)[number] | '';
  cursor: string;
  page: number;
}

export const PEOPLE_LIST: ListCodec<PeopleListState> = {
  read(params) {
    return {
      search: params.get('q') ?? '',
      sort: params.get('sort') ?? '',
      order: params.get('order') === 'desc' ? 'desc' : 'asc',
      status: choiceParam(params.get('status'), PERSON_STATUSES),
      organization: wholeParam(params.get('organization')),
      role: choiceParam(params.get('role'), USER_ROLES),
      cursor: params.get('cursor') ?? '',
      page: pageParam(params.get('page')),
    };
  },
  write(state) {
    const params = new URLSearchParams();
    if (state.search.trim()) params.set('q', state.search.trim());
    if (state.status) params.set('status', state.status);
    if (state.organization) params.set('organization', state.organization);
    if (state.role) params.set('role', state.role);
    if (state.sort) {
      params.set('sort', state.sort);
      params.set('order', state.order);
    }
    if (state.page > 1) params.set('page', String(state.page));
    if (state.cursor) params.set('cursor', state.cursor);
    return params;
  },
  firstPage: { page: 1, cursor: '' },
};

/** True when a filter (not the search) narrows the list. */
export function isFiltered(state: PeopleListState): boolean {
  return Boolean(state.status || state.organization || state.role);
}

export const NO_FILTERS: Partial<PeopleListState> = { search: '', status: '', organization: '', role: '' };

/** The list's filters as the API names them (GET /api/{kind} and its export.csv). */
export function filterQuery(state: PeopleListState): Record<string, string> {
  const query: Record<string, string> = {};
  if (state.search.trim()) query.search = state.search.trim();
  if (state.status) query.status = state.status;
  if (state.organization) query.organizationId = state.organization;
  if (state.role) query.role = state.role;
  return query;
}

/** The API's page query for the list's state: its cursor, or its page by number when the URL has none. */
export function pageQuery(state: PeopleListState, pageSize: number): PeoplePageQuery {
  return {
    ...filterQuery(state),
    pageSize,
    ...(state.sort ? { sort: state.sort, order: state.order } : {}),
    ...(state.cursor ? { cursor: state.cursor } : state.page > 1 ? { page: state.page } : {}),
  };
}

/** The URL of the CSV export of the list, or of the people chosen in it. */
export function exportUrl(kind: string, state: PeopleListState, ids?: number[]): string {
  const params = new URLSearchParams(filterQuery(state));
  if (ids) params.set('ids', ids.join(','));
  const s = params.toString();
  return `/api/${kind}/export.csv${s ? `?${s}` : ''}`;
}
