import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useDebouncedValue } from './useDebouncedValue';

/**
 * How a list keeps its state in the URL's query, so that Back, reload and a shared link return
 * to the same view. `read` must accept any query (a hand-edited link): unknown values fall back
 * to the defaults, and `write` leaves out what is at its default so a plain list keeps a plain URL.
 */
export interface ListCodec<S extends { search: string }> {
  read(params: URLSearchParams): S;
  write(state: S): URLSearchParams;
  /** What a new search, sort or filter resets: the list starts again at its first page. */
  firstPage: Partial<S>;
}

export interface ChangeOptions {
  /** Replace the history entry instead of adding one (typing a search: Back is not flooded). */
  replace?: boolean;
  /** Keep the page: for a move between pages, not a new search or filter. */
  keepPage?: boolean;
  /** History state for the new entry (what the URL does not hold, e.g. the cursors of the pages before). */
  state?: unknown;
}

export interface UrlList<S extends { search: string }> {
  /** The list's state as the URL says it. */
  state: S;
  /** The URL's query itself: a stable dependency for the list's request. */
  params: URLSearchParams;
  /** A new state: a choice is a new history entry, so Back undoes it. */
  change: (next: Partial<S>, options?: ChangeOptions) => void;
  /** What the search box shows: what is typed, ahead of the URL until typing pauses. */
  searchText: string;
  setSearchText: (text: string) => void;
}

/**
 * A list whose search, sort, filters and page live in the URL (`codec`). The search box types into
 * its own state and the URL follows once typing pauses, replacing its entry rather than adding one
 * per pause; Back, Forward or a link that changes the URL's search updates the box.
 */
export function useUrlList<S extends { search: string }>(codec: ListCodec<S>, debounceMs = 250): UrlList<S> {
  const [params, setParams] = useSearchParams();
  // The router moves to a new URL in a transition, so a checkbox or select would show its old value
  // until the move renders (a click seems not to take). The change shows at once, until the URL
  // it was made from has moved on.
  const [ahead, setAhead] = useState<{ from: string; state: S }>();
  const from = params.toString();
  // Once the URL has moved, it alone says the state again (Back to `from` must not bring the change back).
  if (ahead && ahead.from !== from) setAhead(undefined);
  const state = ahead && ahead.from === from ? ahead.state : codec.read(params);
  const change = (next: Partial<S>, options: ChangeOptions = {}) => {
    const changed = { ...state, ...(options.keepPage ? {} : codec.firstPage), ...next };
    setAhead({ from, state: changed });
    setParams(codec.write(changed), { replace: options.replace, state: options.state });
  };

  const [searchText, setSearchText] = useState(state.search);
  const [urlSearch, setUrlSearch] = useState(state.search);
  if (urlSearch !== state.search) {
    // Back, Forward or a link changed the URL's search: the box shows it.
    setUrlSearch(state.search);
    // (Unless it is what the box holds: the URL keeps the search trimmed, the box keeps what is typed.)
    if (searchText.trim() !== state.search) setSearchText(state.search);
  }
  const typed = useDebouncedValue(searchText, debounceMs);
  useEffect(() => {
    // A pause in typing is when the URL follows the box: an update the effect exists to make.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (typed === searchText && typed.trim() !== state.search.trim()) change({ search: typed } as Partial<S>, { replace: true });
    // Only a pause in typing writes the URL; `change` reads the state of this render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typed]);

  return { state, params, change, searchText, setSearchText };
}

/** A whole number from the query, as text, or '' (ids in filters). */
export function wholeParam(value: string | null): string {
  return value && /^\d+$/.test(value) ? value : '';
}

/** A page number from the query: 1 unless it is a whole number above 1. */
export function pageParam(value: string | null): number {
  const page = Number(value);
  return Number.isInteger(page) && page > 1 ? page : 1;
}

/** One of `choices` from the query, or ''. */
export function choiceParam<C extends string>(value: string | null, choices: readonly C[]): C | '' {
  return choices.includes(value as C) ? (value as C) : '';
}
