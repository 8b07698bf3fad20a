import type { PeopleKind } from '../../shared/types';

/** The words each people application uses, so Users and Customers share one set of pages. */
export const PEOPLE_KINDS: Record<PeopleKind, { title: string; singular: string; path: string }> = {
  customers: { title: 'Customers', singular: 'customer', path: '/customers' },
  users: { title: 'Users', singular: 'user', path: '/users' },
};

/** Properties the system manages through actions (Deactivate) rather than the edit form. */
export const ACTION_MANAGED = new Set(['status']);
