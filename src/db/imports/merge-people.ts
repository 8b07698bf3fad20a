import type { PlanCounts } from '../../import/import-store.js';
import { freeMailList } from './classify-sql.js';
import type { SqlRunner } from './sql-runner.js';
import { dialectSql, literal, NAME_COLUMNS, type StageColumnSpec, type StageSpec } from './stage-spec.js';

/**
 * The people writers of a merge: the planned rows of one range (`chunk`: the plan table, or a
 * create-only range shaped as one) become organizations their customers join, saved values for
 * undo, updated people and new people, in that order. Set-based: one statement each, whatever
 * the range's size. Call inside the merge's transaction (see mergeChunk).
 */

/** What the writers of one range share. */
interface PeopleRange {
  runner: SqlRunner;
  spec: StageSpec;
  chunk: string;
  /** The merge's time, for created_at and updated_at. */
  t: string;
  counts: PlanCounts;
  d: ReturnType<typeof dialectSql>;
  customers: boolean;
  /** Whether the file has an organization column (`org_name`). */
  hasOrg: boolean;
  /** The row's organization name, or NULL when the file has no such column. */
  orgName: string;
  /** The staged columns that hold a person's values (e164: a phone number's normalised twin). */
  values: StageColumnSpec[];
  /** The domain of the row's email, as SQL. */
  domain: string;
}

/** Merges the people of a range: see the writers below. */
export async function mergePeople(runner: SqlRunner, spec: StageSpec, chunk: string, t: string, counts: PlanCounts): Promise<void> {
  const d = dialectSql(runner.dialect);
  const hasOrg = spec.columns.some((c) => c.role === 'organization');
  const range: PeopleRange = {
    runner,
    spec,
    chunk,
    t,
    counts,
    d,
    customers: spec.entity === 'customers',
    hasOrg,
    orgName: hasOrg ? 'c.org_name' : 'NULL',
    values: spec.columns.filter((c) => c.role === 'value' || c.role === 'e164'),
    domain: d.emailDomain('c.row_key'),
  };
  if (range.customers && hasOrg && (counts.created > 0 || counts.updated > 0)) await createNamedOrganizations(range);
  if (range.customers && counts.created > 0 && spec.autoCreateOrganizations) await createDomainOrganizations(range);
  if (counts.updated > 0) {
    await saveReplacedValues(range);
    await updatePeople(range);
  }
  if (counts.created > 0) await insertPeople(range);
}

/** Creates the organizations that created or updated customers name and that do not exist yet. */
async function createNamedOrganizations({ runner, spec, chunk, t }: PeopleRange): Promise<void> {
  const id = spec.importId;
  // Grouped first, then looked up: one index probe per distinct name of the chunk, not per row.
  await runner.run(
    `INSERT INTO organizations (name, created_at, updated_at, import_id, created_import_id)
     SELECT g.name, ?, ?, ?, ? FROM (
       SELECT min(c.org_name) AS name, lower(c.org_name) AS lname FROM ${chunk} c
       WHERE c.org_name IS NOT NULL AND c.action IN ('create', 'update') GROUP BY lower(c.org_name)) g
     WHERE NOT EXISTS (SELECT 1 FROM organizations o WHERE lower(o.name) = g.lname)`,
    [t, t, id, id],
  );
}

/**
 * As resolveCustomerOrganization does one at a time: the unknown company domain of a created
 * customer who names no organization becomes an organization named after it (or joins the one
 * already bearing that name), which then owns the domain.
 */
async function createDomainOrganizations({ runner, spec, chunk, t, orgName, domain }: PeopleRange): Promise<void> {
  const id = spec.importId;
  const byDomain = `c.action = 'create' AND ${orgName} IS NULL AND ${domain} NOT IN (${freeMailList()})
      AND NOT EXISTS (SELECT 1 FROM organization_domains od WHERE od.domain = ${domain})`;
  await runner.run(
    `INSERT INTO organizations (name, created_at, updated_at, import_id, created_import_id)
         SELECT x.domain, ?, ?, ?, ? FROM (SELECT DISTINCT ${domain} AS domain FROM ${chunk} c
           WHERE ${byDomain} AND NOT EXISTS (SELECT 1 FROM organizations o WHERE lower(o.name) = ${domain})) x`,
    [t, t, id, id],
  );
  await runner.run(
    `INSERT INTO organization_domains (domain, organization_id)
         SELECT DISTINCT ${domain}, o.id FROM ${chunk} c JOIN organizations o ON lower(o.name) = ${domain}
         WHERE ${byDomain}`,
  );
}

/** Saves the values an update replaces in import_changes, before it replaces them, so that undo can put them back. */
async function saveReplacedValues({ runner, spec, chunk, d, customers, hasOrg, values }: PeopleRange): Promise<void> {
  const saved = values.filter((c) => c.inTarget && c.name !== 'email').map((c) => c.name);
  if (customers && hasOrg) saved.push('organization_id');
  saved.push('import_id', 'updated_at');
  await runner.run(
    `INSERT INTO import_changes (import_id, record_id, before)
       SELECT ?, p.id, ${d.jsonObject(saved.flatMap((name) => [literal(name), `p.${name}`]))}
       FROM ${chunk} c JOIN people p ON p.id = c.target_id WHERE c.action = 'update' ON CONFLICT DO NOTHING`,
    [spec.importId],
  );
}

/** A customer's organization found by the name in the row. */
function organizationByName(orgName: string): string {
  return `(SELECT o.id FROM organizations o WHERE lower(o.name) = lower(${orgName}))`;
}

/**
 * Updates the people of the range's `update` rows: under `overwrite` every column takes the
 * row's value (an empty name becomes ''); otherwise an empty cell keeps the person's value.
 */
async function updatePeople({ runner, spec, chunk, t, customers, hasOrg, orgName, values }: PeopleRange): Promise<void> {
  const overwrite = spec.onExisting === 'overwrite';
  const sets: string[] = [];
  for (const c of values) {
    if (c.name === 'email') continue;
    if (c.role === 'e164') {
      const phone = c.name.slice(0, -'_e164'.length);
      sets.push(
        overwrite ? `${c.name} = c.${c.name}` : `${c.name} = CASE WHEN c.${phone} IS NULL THEN people.${c.name} ELSE c.${c.name} END`,
      );
    } else if (overwrite) sets.push(NAME_COLUMNS.has(c.name) ? `${c.name} = coalesce(c.${c.name}, '')` : `${c.name} = c.${c.name}`);
    else sets.push(`${c.name} = coalesce(c.${c.name}, people.${c.name})`);
  }
  if (customers && hasOrg) {
    const byName = organizationByName(orgName);
    sets.push(
      overwrite
        ? `organization_id = ${byName}`
        : `organization_id = CASE WHEN c.org_name IS NULL THEN people.organization_id ELSE ${byName} END`,
    );
  }
  sets.push('updated_at = ?', 'import_id = ?');
  await runner.run(`UPDATE people SET ${sets.join(', ')} FROM ${chunk} c WHERE people.id = c.target_id AND c.action = 'update'`, [
    t,
    spec.importId,
  ]);
}

/**
 * Inserts the people of the range's `create` rows with the defaults a new person gets (active;
 * an agent, for a user), customers joined to the organization they name or that owns their
 * email's domain.
 */
async function insertPeople({ runner, spec, chunk, t, customers, hasOrg, values, domain }: PeopleRange): Promise<void> {
  const id = spec.importId;
  const kind = spec.entity === 'users' ? 'user' : 'customer';
  const names: string[] = ['kind'];
  const exprs: string[] = [literal(kind)];
  for (const c of values) {
    names.push(c.name);
    if (c.name === 'status') exprs.push(`coalesce(c.status, 'active')`);
    else if (c.name === 'role' && kind === 'user') exprs.push(`coalesce(c.role, 'agent')`);
    else if (NAME_COLUMNS.has(c.name)) exprs.push(`coalesce(c.${c.name}, '')`);
    else exprs.push(`c.${c.name}`);
  }
  if (kind === 'user' && !names.includes('role')) {
    names.push('role');
    exprs.push(`'agent'`);
  }
  if (customers) {
    names.push('organization_id');
    const owner = `CASE WHEN ${domain} IN (${freeMailList()}) THEN NULL ELSE (SELECT od.organization_id FROM organization_domains od WHERE od.domain = ${domain}) END`;
    exprs.push(hasOrg ? `CASE WHEN c.org_name IS NOT NULL THEN named.id ELSE ${owner} END` : owner);
  }
  names.push('created_at', 'updated_at', 'import_id', 'created_import_id', 'import_row', 'source');
  exprs.push('?', '?', '?', '?', 'c.row_no', literal('import'));
  // A join, not a subquery per row: PostgreSQL can hash the few organizations once instead of
  // running a subplan per row; SQLite probes lower(name) per row either way, from the covering
  // index. lower(name) is unique: no row is repeated.
  const named = customers && hasOrg ? `LEFT JOIN organizations named ON lower(named.name) = lower(c.org_name)` : '';
  // In email order: on a large table the lower(email) index outgrows the page cache, and a sorted
  // chunk walks it once, left to right, for the price of a sort.
  await runner.run(
    `INSERT INTO people (${names.join(', ')}) SELECT ${exprs.join(', ')} FROM ${chunk} c ${named} WHERE c.action = 'create' ORDER BY c.row_key`,
    [t, t, id, id],
  );
}
