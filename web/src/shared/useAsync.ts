import { useCallback, useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Runs the load again, e.g. after a save. */
  reload: () => void;
}

/**
 * Loads data whenever `deps` change and ignores answers that arrive after a newer request,
 * so a slow search never overwrites the results of a faster, later one.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const id = ++latest.current;
    // Loading starts with the request the effect sends; it cannot be derived while rendering.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => id === latest.current && setState({ data, error: undefined, loading: false }),
      (error: unknown) => id === latest.current && setState((s) => ({ data: s.data, error, loading: false })),
    );
    // The caller's deps decide when to load again, as with useEffect itself (exhaustive-deps checks
    // them at each call: see additionalHooks in eslint.config.js).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
