import type { TicketLinks } from '../../import/types.js';
import type { Database } from '../database.js';
import { TICKET_LINKS } from './merge-tickets.js';
import type { SqlRunner } from './sql-runner.js';
import { stageTable, type StageSpec } from './stage-spec.js';

/** How many unlinked and unassigned rows a report lists by number. */
const ROWS_LISTED = 100;

type Counted = Omit<TicketLinks, 'pendingCustomersLeft' | 'pendingAssigneesLeft'>;

/**
 * How a tickets import's tickets found their people, counted when it ends: a dry run from its
 * staged rows (what the commit would do, people as they are now), a committed import from the
 * tickets it wrote. A link whose column the file lacks counts every ticket as without it.
 */
export async function countTicketLinks(runner: SqlRunner, spec: StageSpec, dryRun: boolean): Promise<Counted> {
  const result: Counted = {
    linked: 0,
    unlinked: 0,
    assigned: 0,
    unassigned: 0,
    unlinkedRows: [],
    unassignedRows: [],
    customersCreated: 0,
  };
  const has = (name: string) => spec.columns.some((c) => c.name === name);
  for (const l of TICKET_LINKS) {
    if (!has(l.email)) continue;
    const [done, waiting, rows] = dryRun ? await fromStage(runner, spec, l) : await fromTickets(runner, spec, l);
    if (l.link === 'customer') Object.assign(result, { linked: done, unlinked: waiting, unlinkedRows: rows });
    else Object.assign(result, { assigned: done, unassigned: waiting, unassignedRows: rows });
  }
  if (spec.createMissingCustomers && has('customer_email')) {
    if (dryRun) {
      const [n] = await runner.all<{ n: number }>(
        `SELECT count(DISTINCT lower(s.customer_email)) AS n FROM ${stageTable(spec)} s
         WHERE s.row_no > 0 AND s.dup_of IS NULL AND s.customer_email IS NOT NULL AND NOT EXISTS (SELECT 1 FROM people p WHERE lower(p.email) = lower(s.customer_email))`,
      );
      result.customersCreated = Number(n?.n ?? 0);
      result.linked += result.unlinked;
      result.unlinked = 0;
      result.unlinkedRows = [];
    } else {
      const [n] = await runner.all<{ n: number }>(`SELECT count(*) AS n FROM people WHERE created_import_id = ?`, [spec.importId]);
      result.customersCreated = Number(n?.n ?? 0);
    }
  }
  return result;
}

type Link = (typeof TICKET_LINKS)[number];

async function fromStage(runner: SqlRunner, spec: StageSpec, l: Link): Promise<[number, number, number[]]> {
  const stage = stageTable(spec);
  const person = (kind: string) => `EXISTS (SELECT 1 FROM people p WHERE lower(p.email) = lower(s.${l.email})${kind})`;
  const rows = `FROM ${stage} s WHERE s.row_no > 0 AND s.dup_of IS NULL AND s.${l.email} IS NOT NULL`;
  const [n] = await runner.all<{ done: number; waiting: number }>(
    `SELECT count(CASE WHEN ${person(` AND p.kind = '${l.kind}'`)} THEN 1 END) AS done, count(CASE WHEN NOT ${person('')} THEN 1 END) AS waiting ${rows}`,
  );
  const listed = await runner.all<{ row_no: number }>(
    `SELECT s.row_no ${rows} AND NOT ${person('')} ORDER BY s.row_no LIMIT ${ROWS_LISTED}`,
  );
  return [Number(n?.done ?? 0), Number(n?.waiting ?? 0), listed.map((r) => Number(r.row_no))];
}

async function fromTickets(runner: SqlRunner, spec: StageSpec, l: Link): Promise<[number, number, number[]]> {
  const [n] = await runner.all<{ done: number; waiting: number }>(
    `SELECT count(${l.link}_id) AS done, count(pending_${l.link}_email) AS waiting FROM tickets WHERE import_id = ?`,
    [spec.importId],
  );
  const listed = await runner.all<{ import_row: number }>(
    `SELECT import_row FROM tickets WHERE import_id = ? AND pending_${l.link}_email IS NOT NULL ORDER BY import_row LIMIT ${ROWS_LISTED}`,
    [spec.importId],
  );
  return [Number(n?.done ?? 0), Number(n?.waiting ?? 0), listed.map((r) => Number(r.import_row))];
}

/** Of the tickets an import created, how many still wait for their customer or assignee. */
export async function pendingLinksLeft(
  db: Database,
  importId: number,
): Promise<Pick<TicketLinks, 'pendingCustomersLeft' | 'pendingAssigneesLeft'>> {
  const row = await db.kysely
    .selectFrom('tickets')
    .where('createdImportId', '=', importId)
    .select((eb) => [
      eb.fn.count<number>('pendingCustomerEmail').as('customers'),
      eb.fn.count<number>('pendingAssigneeEmail').as('assignees'),
    ])
    .executeTakeFirst();
  return { pendingCustomersLeft: Number(row?.customers ?? 0), pendingAssigneesLeft: Number(row?.assignees ?? 0) };
}
