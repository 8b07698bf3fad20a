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
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => id === latest.current && setState({ data, error: undefined, loading: false }),
      (error: unknown) => id === latest.current && setState((s) => ({ data: s.data, error, loading: false })),
    );
    // The caller's deps decide when to load again, as with useEffect itself.
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
