import type { PlanCounts } from '../../import/import-store.js';
import type { SqlRunner } from './sql-runner.js';
import { dialectSql, type StageSpec } from './stage-spec.js';

/**
 * The organizations writer of a merge: the planned rows of one range (`chunk`: the plan table, or
 * a create-only range shaped as one) become updated organizations (their replaced name and
 * domains saved for undo first) and new ones, each with the domains of its row. Call inside the
 * merge's transaction (see mergeChunk).
 */
export async function mergeOrganizations(runner: SqlRunner, spec: StageSpec, chunk: string, t: string, counts: PlanCounts): Promise<void> {
  if (counts.updated > 0) await updateOrganizations(runner, spec, chunk, t);
  if (counts.created > 0) await insertOrganizations(runner, spec, chunk, t);
}

function hasDomains(spec: StageSpec): boolean {
  return spec.columns.some((c) => c.role === 'domains');
}

/**
 * Updates the organizations of the range's `update` rows, their name and domains saved in
 * import_changes first; a row's domains replace the organization's (under `overwrite`, even
 * with none).
 */
async function updateOrganizations(runner: SqlRunner, spec: StageSpec, chunk: string, t: string): Promise<void> {
  const d = dialectSql(runner.dialect);
  const id = spec.importId;
  await runner.run(
    `INSERT INTO import_changes (import_id, record_id, before)
       SELECT ?, p.id, ${d.jsonObject([`'name'`, 'p.name', `'domains'`, d.domainsOf('p.id'), `'import_id'`, 'p.import_id', `'updated_at'`, 'p.updated_at'])}
       FROM ${chunk} c JOIN organizations p ON p.id = c.target_id WHERE c.action = 'update' ON CONFLICT DO NOTHING`,
    [id],
  );
  await runner.run(
    `UPDATE organizations SET name = c.name, updated_at = ?, import_id = ? FROM ${chunk} c WHERE organizations.id = c.target_id AND c.action = 'update'`,
    [t, id],
  );
  if (!hasDomains(spec)) return;
  const touched = spec.onExisting === 'overwrite' ? `c.action = 'update'` : `c.action = 'update' AND c.domain_list IS NOT NULL`;
  await runner.run(`DELETE FROM organization_domains WHERE organization_id IN (SELECT c.target_id FROM ${chunk} c WHERE ${touched})`);
  await runner.run(
    `INSERT INTO organization_domains (domain, organization_id) SELECT dv.value, c.target_id FROM ${chunk} c ${d.splitDomains('c.domain_list', 'dv')}
         WHERE ${touched} AND c.domain_list IS NOT NULL ON CONFLICT (domain) DO NOTHING`,
  );
}

/** Inserts the organizations of the range's `create` rows, in name order, then their domains. */
async function insertOrganizations(runner: SqlRunner, spec: StageSpec, chunk: string, t: string): Promise<void> {
  const id = spec.importId;
  await runner.run(
    `INSERT INTO organizations (name, created_at, updated_at, import_id, created_import_id)
       SELECT c.name, ?, ?, ?, ? FROM ${chunk} c WHERE c.action = 'create' ORDER BY c.row_key`,
    [t, t, id, id],
  );
  if (!hasDomains(spec)) return;
  await runner.run(
    `INSERT INTO organization_domains (domain, organization_id)
         SELECT dv.value, o.id FROM ${chunk} c JOIN organizations o ON lower(o.name) = lower(c.name) ${dialectSql(runner.dialect).splitDomains('c.domain_list', 'dv')}
         WHERE c.action = 'create' AND c.domain_list IS NOT NULL ON CONFLICT (domain) DO NOTHING`,
  );
}
