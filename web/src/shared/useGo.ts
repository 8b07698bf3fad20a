import { useCallback } from 'react';
import { useNavigate, type NavigateOptions, type To } from 'react-router';

/**
 * `useNavigate` for event handlers and callbacks that move to another page and are done.
 *
 * Why: React Router types `navigate()` as `void | Promise<void>` (a data router resolves it when
 * the navigation settles). Roster's `<BrowserRouter>` returns nothing, and nothing waits for a page
 * to change, so the result is dropped here, once, instead of at every `onClick`.
 */
export function useGo(): (to: To, options?: NavigateOptions) => void {
  const navigate = useNavigate();
  return useCallback(
    (to: To, options?: NavigateOptions) => {
      void navigate(to, options);
    },
    [navigate],
  );
}
