import type { PlanCounts, RangeKeys } from '../../import/import-store.js';
export type { PlanCounts, RangeKeys };
import { now } from '../repositories/now.js';
import { classifySelect, freeMailList } from './classify-sql.js';
import { lastAdminRows } from './last-admin-rows.js';
import { markDuplicatesIn, rememberKeys } from './stage-rows.js';
import { isUniqueViolation, type SqlRunner } from './sql-runner.js';
import { dialectSql, literal, NAME_COLUMNS, stageTable, type StageSpec } from './stage-spec.js';

const ACTION_COUNTS = { create: 'created', update: 'updated', unchanged: 'unchanged', skip: 'skipped', conflict: 'failed' } as const;

function toCounts(rows: { action: keyof typeof ACTION_COUNTS; n: number }[]): PlanCounts {
  const counts: PlanCounts = { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 };
  for (const r of rows) counts[ACTION_COUNTS[r.action]] += Number(r.n);
  return counts;
}

/** What committing the staged rows would do, counted without writing anything (the dry run). */
export async function planCounts(runner: SqlRunner, spec: StageSpec): Promise<PlanCounts> {
  const rows = await runner.all<{ action: keyof typeof ACTION_COUNTS; n: number }>(
    `SELECT action, count(*) AS n FROM (${classifySelect(spec, runner.dialect, 0, Number.MAX_SAFE_INTEGER)}) plan GROUP BY action`,
  );
  const counts = toCounts(rows);
  // Rows that would leave no admin fail at the merge (mergeChunk); counted here as the merge will.
  if (counts.updated > 0) {
    const plan = `(${classifySelect(spec, runner.dialect, 0, Number.MAX_SAFE_INTEGER)})`;
    const refused = (await lastAdminRows(runner, spec, plan)).length;
    counts.updated -= refused;
    counts.failed += refused;
  }
  return counts;
}

/**
 * Applies the staged rows in `row_no` range (from, to] in one transaction together with the
 * import's counts and cursor: the range's in-file duplicates marked, created records, updated
 * records (their replaced values saved in import_changes first, for undo) and, for customers, the
 * organizations they join. All set-based: a handful of statements per batch whatever its size,
 * inserts in email order for index locality.
 */
export async function mergeChunk(
  runner: SqlRunner,
  spec: StageSpec,
  from: number,
  to: number,
  keys: RangeKeys = 'unknown',
): Promise<PlanCounts> {
  const t = now();
  const id = spec.importId;
  return runner.transaction(
    async () => {
      const duplicates = await markDuplicatesIn(runner, spec, from, to);
      let counts = keys === 'new' ? await createOnlyUnlessTaken(runner, spec, from, to, t) : null;
      counts ??= await applyRange(runner, spec, from, to, t, keys === 'existing' ? null : await onlyNewKeys(runner, spec, from, to));
      await runner.run(
        // Last, so that the import's row is locked only for the end of the transaction: on
        // PostgreSQL the next batches are staged meanwhile, each updating this row too.
        `UPDATE imports SET created = created + ?, updated = updated + ?, unchanged = unchanged + ?, skipped = skipped + ?, failed = failed + ?, duplicates = duplicates + ?, rows_committed = ?, heartbeat_at = ? WHERE id = ?`,
        [counts.created, counts.updated, counts.unchanged, counts.skipped, counts.failed, duplicates, to, t, id],
      );
      return counts;
    },
    { flushLater: true },
  );
}

/**
 * Merges a range whose keys matched no record when it was staged as creates only, without probing
 * the email index first; or, if a key was taken since (a person created meanwhile: the unique
 * index refuses the insert), undoes that attempt and returns null for the full plan. Why: the probe
 * looked up every row's email, ~0.19 s per 100,000 rows on PostgreSQL and a third of the merge's
 * statements on SQLite (replayed at 1M rows with the `sqlite3` shell: 8.5–10.0 s with it, 6.1–6.9
 * s without).
 */
async function createOnlyUnlessTaken(runner: SqlRunner, spec: StageSpec, from: number, to: number, t: string): Promise<PlanCounts | null> {
  const [range] = await runner.all<{ n: number }>(
    `SELECT count(*) AS n FROM ${stageTable(spec)} WHERE dup_of IS NULL AND row_no > ${Math.trunc(from)} AND row_no <= ${Math.trunc(to)}`,
  );
  await runner.run('SAVEPOINT create_only');
  try {
    const counts = await applyRange(runner, spec, from, to, t, Number(range?.n ?? 0));
    await runner.run('RELEASE create_only');
    return counts;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await runner.run('ROLLBACK TO create_only');
    await runner.run('RELEASE create_only');
    return null;
  }
}

/**
 * Writes range (from, to]: as creates only when `fresh` (its row count) says no key matches a
 * record, else through the plan table. Returns its counts.
 */
async function applyRange(
  runner: SqlRunner,
  spec: StageSpec,
  from: number,
  to: number,
  t: string,
  fresh: number | null,
): Promise<PlanCounts> {
  const d = dialectSql(runner.dialect);
  const chunk = `import_chunk_${spec.importId}`;
  const id = spec.importId;
  const people = spec.entity !== 'organizations';
  const overwrite = spec.onExisting === 'overwrite';
  const hasOrg = spec.columns.some((c) => c.role === 'organization');
  const orgName = hasOrg ? 'c.org_name' : 'NULL';
  // A range whose keys match no record only creates (a first import, a new file of people):
  // its rows are read straight from the stage, without the plan table, whose copy of the
  // range cost ~0.33 s of every 100,000 rows on SQLite (profiled at 1M rows).
  let source = chunk;
  let counts: PlanCounts;
  if (fresh !== null) {
    source = createOnlyRange(spec, from, to);
    counts = { created: fresh, updated: 0, unchanged: 0, skipped: 0, failed: 0 };
  } else {
    if (runner.dialect === 'sqlite') await runner.run(`DROP TABLE IF EXISTS temp.${chunk}`);
    // The plan table is a copy of the chunk's staged rows in the temp database, not row_no and
    // action joined back to the stage: tried at 1M rows (with unsorted inserts), the insert then
    // read the stage through the main page cache, competing with the indexes it fills: slower.
    await runner.run(d.tempTable(chunk, classifySelect(spec, runner.dialect, from, to)));
    counts = toCounts(await runner.all(`SELECT action, count(*) AS n FROM ${chunk} GROUP BY action`));
  }
  // A range of new people writes no keys: each person remembers its row (see rememberKeys).
  if (fresh === null || !people) await rememberKeys(runner, spec, source);

  if (counts.failed > 0) {
    // The email was free when the row was staged and taken by the other kind since.
    // The same sentence as when the reading or the staging finds it (otherKindIssue).
    const header = spec.keyColumn.header;
    await runner.run(
      `INSERT INTO import_issues (import_id, row, column_name, value, code, message)
       SELECT ?, row_no, ?, row_key, 'other_kind', 'Row ' || row_no || ', column "' || ? || '": ' || row_key || ' already belongs to a ' || target_kind
         || '; one email is a user or a customer, never both (import it with the ' || target_kind || 's, or use another email).'
       FROM ${chunk} WHERE action = 'conflict'`,
      [id, header, header],
    );
    await runner.run(
      `INSERT INTO import_rejected_rows (import_id, row, reason, cells) SELECT ?, row_no, 'failed', coalesce(row_cells, '[]') FROM ${chunk} WHERE action = 'conflict' ON CONFLICT DO NOTHING`,
      [id],
    );
  }

  if (counts.updated > 0) await refuseLastAdminRows(runner, spec, chunk, counts);

  if (people) await mergePeople(runner, spec, source, t, { overwrite, hasOrg, orgName, counts });
  else await mergeOrganizations(runner, spec, source, t, { overwrite, counts });
  if (runner.dialect === 'sqlite' && fresh === null) await runner.run(`DROP TABLE temp.${chunk}`);
  return counts;
}

/**
 * Takes the rows that would leave no active admin out of the plan (action `last_admin`): each is
 * a failed row with its problem and its cells in the error report, as the API refuses the same change.
 */
async function refuseLastAdminRows(runner: SqlRunner, spec: StageSpec, chunk: string, counts: PlanCounts): Promise<void> {
  const refused = await lastAdminRows(runner, spec, chunk);
  if (refused.length === 0) return;
  const rows = refused.map((r) => r.row);
  const list = rows.map(() => '?').join(', ');
  await runner.run(`UPDATE ${chunk} SET action = 'last_admin' WHERE row_no IN (${list})`, rows);
  for (const r of refused) {
    await runner.run(`INSERT INTO import_issues (import_id, row, column_name, value, code, message) VALUES (?, ?, ?, ?, 'last_admin', ?)`, [
      spec.importId,
      r.row,
      r.column,
      r.value,
      r.message,
    ]);
  }
  await runner.run(
    `INSERT INTO import_rejected_rows (import_id, row, reason, cells) SELECT ?, row_no, 'failed', coalesce(row_cells, '[]') FROM ${chunk} WHERE action = 'last_admin' ON CONFLICT DO NOTHING`,
    [spec.importId],
  );
  counts.updated -= refused.length;
  counts.failed += refused.length;
}

/**
 * The number of rows to merge in range (from, to] when none of their keys matches an existing
 * record, else null (the range needs the full plan). One pass over the range, one index probe a
 * row: the probes the insert's unique check makes anyway, and they leave its pages in the cache.
 */
async function onlyNewKeys(runner: SqlRunner, spec: StageSpec, from: number, to: number): Promise<number | null> {
  const d = dialectSql(runner.dialect);
  const matches =
    spec.entity === 'organizations'
      ? `EXISTS (SELECT 1 FROM organizations p WHERE lower(p.name) = lower(s.name))`
      : `EXISTS (SELECT 1 FROM people p WHERE lower(p.email) = ${d.bare('s.row_key')})`;
  const [probe] = await runner.all<{ n: number; matched: number }>(
    `SELECT count(*) AS n, count(CASE WHEN ${matches} THEN 1 END) AS matched FROM ${stageTable(spec)} s
     WHERE s.dup_of IS NULL AND s.row_no > ${Math.trunc(from)} AND s.row_no <= ${Math.trunc(to)}`,
  );
  return Number(probe?.matched ?? 0) === 0 ? Number(probe?.n ?? 0) : null;
}

/** The staged rows of a create-only range, shaped as the plan table's rows (see classifySelect). */
function createOnlyRange(spec: StageSpec, from: number, to: number): string {
  const kind = spec.entity === 'organizations' ? '' : 'NULL AS target_kind, ';
  return `(SELECT s.*, NULL AS target_id, ${kind}'create' AS action FROM ${stageTable(spec)} s
    WHERE s.dup_of IS NULL AND s.row_no > ${Math.trunc(from)} AND s.row_no <= ${Math.trunc(to)})`;
}

async function mergePeople(
  runner: SqlRunner,
  spec: StageSpec,
  chunk: string,
  t: string,
  o: { overwrite: boolean; hasOrg: boolean; orgName: string; counts: PlanCounts },
): Promise<void> {
  const d = dialectSql(runner.dialect);
  const id = spec.importId;
  const customers = spec.entity === 'customers';
  const values = spec.columns.filter((c) => c.role === 'value' || c.role === 'e164');
  const domain = d.emailDomain('c.row_key');
  const byName = `(SELECT o.id FROM organizations o WHERE lower(o.name) = lower(${o.orgName}))`;

  if (customers && o.hasOrg && (o.counts.created > 0 || o.counts.updated > 0)) {
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
  if (customers && o.counts.created > 0) {
    const byDomain = `c.action = 'create' AND ${o.orgName} IS NULL AND ${domain} NOT IN (${freeMailList()})
      AND NOT EXISTS (SELECT 1 FROM organization_domains od WHERE od.domain = ${domain})`;
    if (spec.autoCreateOrganizations) {
      // As resolveCustomerOrganization does one at a time: an unknown company domain becomes an
      // organization named after it (or joins the one already bearing that name) and owns the domain.
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
  }

  if (o.counts.updated > 0) {
    const saved = values.filter((c) => c.inTarget && c.name !== 'email').map((c) => c.name);
    if (customers && o.hasOrg) saved.push('organization_id');
    saved.push('import_id', 'updated_at');
    await runner.run(
      `INSERT INTO import_changes (import_id, record_id, before)
       SELECT ?, p.id, ${d.jsonObject(saved.flatMap((name) => [literal(name), `p.${name}`]))}
       FROM ${chunk} c JOIN people p ON p.id = c.target_id WHERE c.action = 'update' ON CONFLICT DO NOTHING`,
      [id],
    );
    const sets: string[] = [];
    for (const c of values) {
      if (c.name === 'email') continue;
      if (c.role === 'e164') {
        const phone = c.name.slice(0, -'_e164'.length);
        sets.push(
          o.overwrite ? `${c.name} = c.${c.name}` : `${c.name} = CASE WHEN c.${phone} IS NULL THEN people.${c.name} ELSE c.${c.name} END`,
        );
      } else if (o.overwrite) sets.push(NAME_COLUMNS.has(c.name) ? `${c.name} = coalesce(c.${c.name}, '')` : `${c.name} = c.${c.name}`);
      else sets.push(`${c.name} = coalesce(c.${c.name}, people.${c.name})`);
    }
    if (customers && o.hasOrg) {
      sets.push(
        o.overwrite
          ? `organization_id = ${byName}`
          : `organization_id = CASE WHEN c.org_name IS NULL THEN people.organization_id ELSE ${byName} END`,
      );
    }
    sets.push('updated_at = ?', 'import_id = ?');
    await runner.run(`UPDATE people SET ${sets.join(', ')} FROM ${chunk} c WHERE people.id = c.target_id AND c.action = 'update'`, [t, id]);
  }

  if (o.counts.created > 0) {
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
      exprs.push(o.hasOrg ? `CASE WHEN c.org_name IS NOT NULL THEN named.id ELSE ${owner} END` : owner);
    }
    names.push('created_at', 'updated_at', 'import_id', 'created_import_id', 'import_row');
    exprs.push('?', '?', '?', '?', 'c.row_no');
    // A join, not a subquery per row: PostgreSQL can hash the few organizations once (EXPLAIN
    // ANALYZE: the per-row subplan took ~0.15 s per 100,000 rows); SQLite probes lower(name) per
    // row either way, now from the covering index. lower(name) is unique: no row is repeated.
    const named = customers && o.hasOrg ? `LEFT JOIN organizations named ON lower(named.name) = lower(c.org_name)` : '';
    // In email order: the lower(email) index outgrows the page cache near 1M rows, and a sorted
    // chunk walks it once, left to right. Measured at 1M rows without the ORDER BY: the insert took
    // 6.3–7.3 s instead of 4.5 s (its sorter costs ~25 MB of peak memory).
    await runner.run(
      `INSERT INTO people (${names.join(', ')}) SELECT ${exprs.join(', ')} FROM ${chunk} c ${named} WHERE c.action = 'create' ORDER BY c.row_key`,
      [t, t, id, id],
    );
  }
}

async function mergeOrganizations(
  runner: SqlRunner,
  spec: StageSpec,
  chunk: string,
  t: string,
  o: { overwrite: boolean; counts: PlanCounts },
): Promise<void> {
  const d = dialectSql(runner.dialect);
  const id = spec.importId;
  const hasDomains = spec.columns.some((c) => c.role === 'domains');
  if (o.counts.updated > 0) {
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
    if (hasDomains) {
      const touched = o.overwrite ? `c.action = 'update'` : `c.action = 'update' AND c.domain_list IS NOT NULL`;
      await runner.run(`DELETE FROM organization_domains WHERE organization_id IN (SELECT c.target_id FROM ${chunk} c WHERE ${touched})`);
      await runner.run(
        `INSERT INTO organization_domains (domain, organization_id) SELECT dv.value, c.target_id FROM ${chunk} c ${d.splitDomains('c.domain_list', 'dv')}
         WHERE ${touched} AND c.domain_list IS NOT NULL ON CONFLICT (domain) DO NOTHING`,
      );
    }
  }
  if (o.counts.created > 0) {
    await runner.run(
      `INSERT INTO organizations (name, created_at, updated_at, import_id, created_import_id)
       SELECT c.name, ?, ?, ?, ? FROM ${chunk} c WHERE c.action = 'create' ORDER BY c.row_key`,
      [t, t, id, id],
    );
    if (hasDomains) {
      await runner.run(
        `INSERT INTO organization_domains (domain, organization_id)
         SELECT dv.value, o.id FROM ${chunk} c JOIN organizations o ON lower(o.name) = lower(c.name) ${d.splitDomains('c.domain_list', 'dv')}
         WHERE c.action = 'create' AND c.domain_list IS NOT NULL ON CONFLICT (domain) DO NOTHING`,
      );
    }
  }
}

export { stageTable };
