import { useEffect, useState } from 'react';
import type { PeopleKind } from '../../shared/types';
import { fetchPeoplePage, type PeoplePage, type PeoplePageQuery } from './people-page-api';

export interface PeoplePageState {
  /** The page last loaded; kept while the next one loads, so the table does not blink. */
  data: PeoplePage | undefined;
  /** The 1-based page number `data` is: the pager describes the rows shown, not the page on its way. */
  page: number;
  error: unknown;
  loading: boolean;
}

/**
 * The page of a people list that `query` names (loaded again when `reloadKey` changes, after a bulk action). A newer query aborts the request of the older
 * one, and an answer that arrives after its request was replaced is dropped: what is shown is
 * always the answer to the last query, whatever order the answers come back in.
 */
export function usePeoplePage(kind: PeopleKind, query: PeoplePageQuery, page: number, reloadKey = 0): PeoplePageState {
  const [state, setState] = useState<PeoplePageState>({ data: undefined, page, error: undefined, loading: true });
  // The query by value: a new object with the same fields is the same request.
  const key = JSON.stringify(query);
  useEffect(() => {
    const request = JSON.parse(key) as PeoplePageQuery;
    const controller = new AbortController();
    // Loading starts with the request the effect sends; it cannot be derived while rendering.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setState((s) => ({ ...s, loading: true }));
    fetchPeoplePage(kind, request, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, page, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState((s) => ({ ...s, error, loading: false }));
      },
    );
    return () => controller.abort();
  }, [kind, key, page, reloadKey]);
  return state;
}
