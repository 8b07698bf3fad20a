import { useEffect, useState } from 'react';

/** Where the app is: the path split into segments, e.g. `/customers/12` → ['customers', '12']. */
export interface Route {
  path: string;
  segments: string[];
}

// pushState fires no event of its own, so navigate() announces changes with this one.
const CHANGE = 'roster:navigate';

function currentRoute(): Route {
  const path = window.location.pathname || '/';
  return {
    path,
    segments: path
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent),
  };
}

/**
 * Moves the app to `path` (e.g. `/customers/12`, or with a query: `/customers/import/4/found?encoding=utf-8`). The server answers every non-API path with
 * the app, so these URLs can be bookmarked and reloaded.
 */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(CHANGE));
  window.scrollTo(0, 0);
}

/** The current route; re-renders on navigate() and on the browser's back and forward buttons. */
export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return route;
}
