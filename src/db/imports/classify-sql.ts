import { FREE_MAIL_DOMAINS } from '../../core/free-mail-domains.js';
import type { DialectName } from '../database.js';
import { classifyTicketsSelect } from './merge-tickets.js';
import { dialectSql, literal, NAME_COLUMNS, stageTable, type StageSpec } from './stage-spec.js';

/** `'gmail.com', 'outlook.com', …` for `NOT IN (…)`: customers of public mail join no organization by domain. */
export function freeMailList(): string {
  return [...FREE_MAIL_DOMAINS].map(literal).join(', ');
}

/**
 * The plan of staged rows as one SELECT: each non-duplicate row in `row_no` range (from, to] with the
 * record it matches (`target_id`) and its `action`: create, update, unchanged, skip, or conflict
 * (the email belongs to the other kind of person). The bounds are inlined (whole numbers of ours)
 * because PostgreSQL takes no parameters in CREATE TABLE … AS. The dry run counts these actions; the commit
 * stores them per batch and applies them. Matching uses the same expression indexes as the
 * repositories: `lower(email)` for people, `lower(name)` for organizations.
 */
export function classifySelect(spec: StageSpec, dialect: DialectName, from: number, to: number): string {
  if (spec.entity === 'tickets') return classifyTicketsSelect(spec, from, to);
  const d = dialectSql(dialect);
  const stage = stageTable(spec);
  const changes: string[] = [];
  const overwrite = spec.onExisting === 'overwrite';
  const people = spec.entity !== 'organizations';
  const target = (name: string, inTarget: boolean) => (inTarget ? `p.${name}` : 'NULL');
  for (const c of spec.columns) {
    if (c.role === 'e164' || c.name === 'email') continue;
    if (c.role === 'value') {
      const differs = `s.${c.name} IS DISTINCT FROM ${target(c.name, c.inTarget)}`;
      // An overwrite writes '' for a missing name (NAME_COLUMNS), so that is what it compares.
      const named = people && NAME_COLUMNS.has(c.name) ? `coalesce(s.${c.name}, '') IS DISTINCT FROM p.${c.name}` : differs;
      changes.push(overwrite ? `(${named})` : `(s.${c.name} IS NOT NULL AND ${differs})`);
    } else if (c.role === 'organization') {
      const other = `(p.organization_id IS NULL OR NOT EXISTS (SELECT 1 FROM organizations o WHERE o.id = p.organization_id AND lower(o.name) = lower(s.org_name)))`;
      changes.push(
        overwrite
          ? `(CASE WHEN s.org_name IS NULL THEN p.organization_id IS NOT NULL ELSE ${other} END)`
          : `(s.org_name IS NOT NULL AND ${other})`,
      );
    } else if (c.role === 'domains') {
      const differs = `s.domain_list IS DISTINCT FROM ${d.domainsOf('p.id')}`;
      changes.push(overwrite ? `(${differs})` : `(s.domain_list IS NOT NULL AND ${differs})`);
    }
  }
  const changed = changes.length > 0 ? changes.join(' OR ') : '1 = 0';
  const kind = spec.entity === 'users' ? 'user' : 'customer';
  const join = people
    ? `LEFT JOIN people p ON lower(p.email) = ${d.bare('s.row_key')}`
    : `LEFT JOIN organizations p ON lower(p.name) = lower(s.name)`;
  const action = [
    `CASE WHEN p.id IS NULL THEN 'create'`,
    people ? `WHEN p.kind <> ${literal(kind)} THEN 'conflict'` : '',
    spec.onExisting === 'skip' ? `ELSE 'skip' END` : `WHEN ${changed} THEN 'update' ELSE 'unchanged' END`,
  ]
    .filter((part) => part !== '')
    .join(' ');
  const extra = people ? `, p.kind AS target_kind` : '';
  return `SELECT s.*, p.id AS target_id${extra}, ${action} AS action FROM ${stage} s ${join} WHERE s.dup_of IS NULL AND s.row_no > ${Math.trunc(from)} AND s.row_no <= ${Math.trunc(to)}`;
}
