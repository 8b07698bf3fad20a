import { now } from '../repositories/now.js';
import type { SqlRunner } from './sql-runner.js';
import { dialectSql, type StageSpec } from './stage-spec.js';

export interface UndoResult {
  removed: number;
  restored: number;
  organizationsRemoved: number;
  keptCount: number;
  /** The first records kept (edited since the import, or joined by people since), for the report. */
  kept: { id: number; label: string; reason: string }[];
}

const KEPT_LIST_LIMIT = 1000;
const INTEGER_COLUMNS = new Set(['organization_id', 'import_id', 'customer_id', 'assignee_id']);
const TABLES = { users: 'people', customers: 'people', organizations: 'organizations', tickets: 'tickets' } as const;
const LABELS = { people: 'email', organizations: 'name', tickets: 'title' } as const;

/**
 * Reverts an import in one transaction: records it created and nobody touched since are deleted,
 * records it updated and nobody touched since get the values it replaced back, and everything
 * edited since (its `import_id` no longer this import: any other write clears or changes it) is
 * kept and listed. Organizations the import created are removed only when no one belongs to them.
 * `savedColumns` are the columns whose previous values the import saved (its `before` JSON keys).
 */
export async function undoImportRows(
  runner: SqlRunner,
  input: { importId: number; entity: StageSpec['entity']; savedColumns: readonly string[] },
): Promise<UndoResult> {
  const d = dialectSql(runner.dialect);
  const id = input.importId;
  const table = TABLES[input.entity];
  const label = LABELS[table];
  return runner.transaction(async () => {
    const kept = await runner.all<{ id: number; label: string; reason: string }>(
      `SELECT id, ${label} AS label, 'created by the import and edited since' AS reason FROM ${table} WHERE created_import_id = ? AND (import_id IS NULL OR import_id <> ?)
       UNION ALL
       SELECT ch.record_id AS id, coalesce(t.${label}, '(deleted)') AS label, CASE WHEN t.id IS NULL THEN 'deleted since the import' ELSE 'updated by the import and edited since' END AS reason
       FROM import_changes ch LEFT JOIN ${table} t ON t.id = ch.record_id
       WHERE ch.import_id = ? AND (t.id IS NULL OR t.import_id IS NULL OR t.import_id <> ?)`,
      [id, id, id, id],
    );

    const restorable = `SELECT ch.record_id FROM import_changes ch JOIN ${table} t ON t.id = ch.record_id WHERE ch.import_id = ${Math.trunc(id)} AND t.import_id = ${Math.trunc(id)}`;
    if (table === 'organizations' && input.savedColumns.includes('domains')) {
      await runner.run(`DELETE FROM organization_domains WHERE organization_id IN (${restorable})`);
      await runner.run(
        `INSERT INTO organization_domains (domain, organization_id)
         SELECT dv.value, ch.record_id FROM import_changes ch ${d.splitDomains(d.jsonText('ch.before', 'domains'), 'dv')}
         WHERE ch.import_id = ? AND ch.record_id IN (${restorable}) AND ${d.jsonText('ch.before', 'domains')} IS NOT NULL ON CONFLICT (domain) DO NOTHING`,
        [id],
      );
    }
    const sets = input.savedColumns
      .filter((c) => c !== 'domains')
      .map((c) => {
        const value = d.jsonText('ch.before', c);
        return `${c} = ${INTEGER_COLUMNS.has(c) && runner.dialect === 'postgres' ? `${value}::integer` : value}`;
      });
    const restored =
      sets.length === 0
        ? 0
        : await runner.run(
            `UPDATE ${table} SET ${sets.join(', ')} FROM import_changes ch WHERE ch.import_id = ? AND ${table}.id = ch.record_id AND ${table}.import_id = ?`,
            [id, id],
          );

    // Tickets linked to people this import created wait for them again instead of losing them.
    if (table === 'people') await unlinkTicketsOf(runner, id);
    const removed = await runner.run(
      `DELETE FROM ${table} WHERE created_import_id = ? AND import_id = ?${table === 'organizations' ? ' AND NOT EXISTS (SELECT 1 FROM people p WHERE p.organization_id = organizations.id)' : ''}`,
      [id, id],
    );
    let organizationsRemoved = table === 'organizations' ? removed : 0;
    const joined = await runner.all<{ id: number; label: string; reason: string }>(
      `SELECT o.id, o.name AS label, 'people belong to it since the import' AS reason FROM organizations o
       WHERE o.created_import_id = ? AND o.import_id = ? AND EXISTS (SELECT 1 FROM people p WHERE p.organization_id = o.id)`,
      [id, id],
    );
    kept.push(...joined);
    // The customers a tickets import created (createMissingCustomers) go with its tickets, unless edited since.
    if (table === 'tickets') await runner.run(`DELETE FROM people WHERE created_import_id = ? AND import_id = ?`, [id, id]);
    if (table === 'people' || table === 'tickets') {
      organizationsRemoved = await runner.run(
        `DELETE FROM organizations WHERE created_import_id = ? AND import_id = ? AND NOT EXISTS (SELECT 1 FROM people p WHERE p.organization_id = organizations.id)
         AND NOT EXISTS (SELECT 1 FROM tickets tk WHERE tk.organization_id = organizations.id)`,
        [id, id],
      );
    }
    const result: UndoResult = {
      removed: table === 'organizations' ? removed : removed,
      restored,
      organizationsRemoved,
      keptCount: kept.length,
      kept: kept.slice(0, KEPT_LIST_LIMIT).map((k) => ({ id: Number(k.id), label: k.label, reason: k.reason })),
    };
    const t = now();
    await runner.run(`UPDATE imports SET status = 'undone', undone_at = ?, undo = ?, heartbeat_at = ? WHERE id = ?`, [
      t,
      JSON.stringify(result),
      t,
      id,
    ]);
    return result;
  });
}

/**
 * Before an import's new people are removed: the tickets linked to them get their email back as a
 * pending link (see pending-links.ts), so that the same people imported again link them again.
 */
async function unlinkTicketsOf(runner: SqlRunner, importId: number): Promise<void> {
  for (const link of ['customer', 'assignee']) {
    await runner.run(
      `UPDATE tickets SET pending_${link}_email = (SELECT lower(p.email) FROM people p WHERE p.id = tickets.${link}_id), ${link}_id = NULL
       WHERE ${link}_id IN (SELECT p.id FROM people p WHERE p.created_import_id = ? AND p.import_id = ?)`,
      [importId, importId],
    );
  }
}
