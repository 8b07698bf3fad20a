import { api } from '../../shared/api';
import { ApiError } from '../../shared/api-error';
import type { PeopleKind, PersonRecord } from '../../shared/types';

/** One page of a people list as the API answers it (GET /api/{kind}). */
export interface PeoplePage {
  items: PersonRecord[];
  total: number;
  /** Set when `total` is an estimate: the list holds more than the server counts exactly. */
  totalIsEstimate?: true;
  /** Absent on the last page. */
  nextCursor?: string;
}

export interface PeoplePageQuery {
  pageSize: number;
  search?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  cursor?: string;
  /** A page by number, for a list opened without its cursor (a shared link, Previous from a deep page). */
  page?: number;
  status?: string;
  organizationId?: string;
  role?: string;
}

/**
 * Loads one page of users or customers; `signal` cancels it, so a search typed further never
 * waits behind, nor is overwritten by, the answer to an older one.
 */
export async function fetchPeoplePage(kind: PeopleKind, query: PeoplePageQuery, signal: AbortSignal): Promise<PeoplePage> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const response = await fetch(`/api/${kind}?${params.toString()}`, {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
    signal,
  });
  const body = (await response.json().catch(() => undefined)) as
    (PeoplePage & { error?: { code?: string; message?: string; field?: string } }) | undefined;
  if (!response.ok) {
    // The shared client is what takes a lost session back to the sign-in page: let it find out.
    if (response.status === 401) void api.me().catch(() => undefined);
    throw new ApiError(
      response.status,
      body?.error?.code ?? `http_${response.status}`,
      body?.error?.message ?? `The server answered ${response.status} ${response.statusText}.`,
      body?.error?.field,
    );
  }
  return body!;
}
