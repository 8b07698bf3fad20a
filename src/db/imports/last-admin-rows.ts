import { lastAdminMessage } from '../repositories/last-admin.js';
import type { SqlRunner } from './sql-runner.js';
import type { StageSpec } from './stage-spec.js';

/** A planned row that would take the admin role or the active status from an admin who can sign in. */
interface DemotingRow {
  row_no: number;
  row_key: string;
  target_id: number;
  new_role: string | null;
  new_status: string | null;
}

/** The problem of a row refused because it would leave no active admin who can sign in. */
export interface LastAdminIssue {
  row: number;
  column: string | null;
  value: string;
  message: string;
}

/**
 * The rows of a users import's plan (`plan`: rows with `target_id` and `action`, see classifySelect)
 * that must fail because each would demote, deactivate or (under overwrite, by an empty cell) strip
 * the last active admin who can sign in. Walked in row order: a row demoting one of several admins
 * goes through, and the first row that would demote the last one left fails, alone, so the
 * directory always keeps an admin, as the API and the CLI do (keepAnAdmin). On PostgreSQL the
 * active admins are locked for the rest of the transaction, so a concurrent change queues behind it.
 */
export async function lastAdminRows(runner: SqlRunner, spec: StageSpec, plan: string): Promise<LastAdminIssue[]> {
  if (spec.entity !== 'users' || spec.onExisting === 'skip') return [];
  const names = new Set(spec.columns.filter((c) => c.role === 'value').map((c) => c.name));
  if (!names.has('role') && !names.has('status')) return [];
  const overwrite = spec.onExisting === 'overwrite';
  const after = (name: string) => (!names.has(name) ? `p.${name}` : overwrite ? `c.${name}` : `coalesce(c.${name}, p.${name})`);
  const demoting = await runner.all<DemotingRow>(
    `SELECT c.row_no, c.row_key, c.target_id, ${after('role')} AS new_role, ${after('status')} AS new_status FROM ${plan} c JOIN people p ON p.id = c.target_id
     WHERE c.action = 'update' AND p.role = 'admin' AND p.status = 'active' AND p.password_hash IS NOT NULL
       AND (coalesce(${after('role')}, '') <> 'admin' OR coalesce(${after('status')}, '') <> 'active')
     ORDER BY c.row_no`,
  );
  if (demoting.length === 0) return [];
  const lock = runner.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const admins = await runner.all<{ id: number }>(
    `SELECT id FROM people WHERE kind = 'user' AND role = 'admin' AND status = 'active' AND password_hash IS NOT NULL ORDER BY id${lock}`,
  );
  const remaining = new Set(admins.map((a) => Number(a.id)));
  const refused: LastAdminIssue[] = [];
  for (const row of demoting) {
    const target = Number(row.target_id);
    if (!remaining.has(target)) continue;
    if (remaining.size > 1) {
      remaining.delete(target);
      continue;
    }
    const byRole = row.new_role !== 'admin';
    refused.push({
      row: Number(row.row_no),
      column: byRole ? 'Role' : 'Status',
      value: (byRole ? row.new_role : row.new_status) ?? '',
      message: `Row ${row.row_no}: ${lastAdminMessage(row.row_key)}`,
    });
  }
  return refused;
}
