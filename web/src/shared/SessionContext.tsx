import { createContext, useContext } from 'react';
import type { SessionUser } from './types';

export interface Session {
  user: SessionUser;
  signOut: () => void;
}

export const SessionContext = createContext<Session | undefined>(undefined);

/** The signed-in user and the sign-out action; only pages inside the signed-in app call this. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is used outside the signed-in app.');
  return session;
}
