import type { Database } from '../../../db/database.js';
import { plannedOrganizations as organizationsPage } from '../../../db/imports/review-rows.js';
import { withRunner } from '../../../db/imports/sql-runner.js';
import { keptDryRun } from './kept-dry-run.js';

export interface PlannedOrganization {
  name: string;
  /** create: no organization has this name (case aside), the commit creates it; join: it exists. */
  action: 'create' | 'join';
  /** The existing organization's id, for `join`. */
  id?: number;
  /** Rows to create or update that name it. */
  people: number;
}

export interface PlannedOrganizationsPage {
  items: PlannedOrganization[];
  total: number;
  toCreate: number;
  toJoin: number;
  offset: number;
  limit: number;
}

/**
 * The organizations a kept customers dry run links its people to by name (its Organization
 * column), one page in name order: those the commit creates and those it joins, with how many
 * people each gets. Other imports name none. Throws `not_found` and `import_state` (not a kept
 * dry run).
 *
 * @example
 * const page = await plannedOrganizations(db, 12, { offset: 0, limit: 50 });
 * // → { items: [{ name: 'Acme', action: 'join', id: 3, people: 12 }, …], total: 40, toCreate: 39, toJoin: 1 }
 */
export async function plannedOrganizations(
  db: Database,
  id: number,
  page: { offset: number; limit: number },
): Promise<PlannedOrganizationsPage> {
  const kept = await keptDryRun(db, id);
  const found = await withRunner(db, (runner) => organizationsPage(runner, kept.spec, page));
  return {
    items: found.items.map((o) => ({
      name: o.name,
      action: o.id === null ? 'create' : 'join',
      ...(o.id === null ? {} : { id: o.id }),
      people: o.people,
    })),
    total: found.total,
    toCreate: found.toCreate,
    toJoin: found.total - found.toCreate,
    ...page,
  };
}
