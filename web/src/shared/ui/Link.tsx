import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate } from '../useRoute';

/**
 * A link to an app route (`/customers/12`). It is a real anchor, so it reads as a link and
 * opens in a new tab with a modifier key; a plain click moves within the app without a reload.
 */
export function Link({ to, onClick, ...rest }: { to: string } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const click = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={click} {...rest} />;
}
