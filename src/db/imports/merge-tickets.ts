import { wrongLinkSentence } from '../../core/import-sentences.js';
import type { PlanCounts } from '../../import/import-store.js';
import { LOCK_TICKET_NUMBERS_SQL } from '../repositories/tickets.js';
import { insertIssuesByPage } from './issue-rows.js';
import type { SqlRunner } from './sql-runner.js';
import { dialectSql, stageTable, type StageColumnSpec, type StageSpec } from './stage-spec.js';

/**
 * The tickets of an import: how each staged row is planned and how a range of them is written.
 * A row updates the ticket with its External ID (re-importing an export updates its tickets),
 * else creates one. Its customer and assignee are found by email at the merge: a person of the
 * right kind links, nobody leaves a pending link (the email, kept until that person exists: see
 * pending-links.ts), and a person of the wrong kind (a user named as the customer, a customer as
 * the assignee) fails the row.
 */

/** The links a ticket import finds: the staged email column, the ticket's columns, the kind of person it takes. */
export const TICKET_LINKS = [
  { link: 'customer', email: 'customer_email', kind: 'customer' },
  { link: 'assignee', email: 'assignee_email', kind: 'user' },
] as const;

type Link = (typeof TICKET_LINKS)[number];

/** Ticket columns that are never NULL: a row without a value keeps the ticket's, even under `overwrite`. */
const NOT_NULL = new Set(['title', 'status', 'priority', 'created_at', 'updated_at']);

function hasColumn(spec: StageSpec, name: string): boolean {
  return spec.columns.some((c) => c.name === name);
}

function linksOf(spec: StageSpec): Link[] {
  return TICKET_LINKS.filter((l) => hasColumn(spec, l.email));
}

/** Columns the plan adds to a staged row: the person found for each link, and their kind. */
function found(l: Link): string {
  return `${l.link}_found`;
}

/** The ticket values a row writes as such (not its links, nor the extra columns). */
function valueColumns(spec: StageSpec): StageColumnSpec[] {
  return spec.columns.filter((c) => c.role === 'value' && c.inTarget);
}

/**
 * The plan of a tickets import's staged rows in `row_no` range (from, to], as one SELECT shaped as
 * classifySelect's: each row with the ticket it updates (`target_id`), the people its links found
 * (`customer_found`, `customer_kind`, `assignee_found`, `assignee_kind`) and its `action`.
 */
export function classifyTicketsSelect(spec: StageSpec, from: number, to: number): string {
  const overwrite = spec.onExisting === 'overwrite';
  const changes: string[] = [];
  for (const c of valueColumns(spec)) {
    if (c.name === 'external_id') continue;
    const differs = `s.${c.name} IS DISTINCT FROM p.${c.name}`;
    changes.push(overwrite && !NOT_NULL.has(c.name) ? `(${differs})` : `(s.${c.name} IS NOT NULL AND ${differs})`);
  }
  const joins: string[] = [];
  const extra: string[] = [];
  const wrongKind: string[] = [];
  for (const l of linksOf(spec)) {
    const a = `${l.link}_p`;
    joins.push(`LEFT JOIN people ${a} ON lower(${a}.email) = lower(s.${l.email})`);
    extra.push(`${a}.id AS ${found(l)}`, `${a}.kind AS ${l.link}_kind`);
    wrongKind.push(`${a}.kind <> '${l.kind}'`);
    const pending = `(CASE WHEN ${a}.id IS NULL THEN lower(s.${l.email}) END)`;
    const differs = `(${a}.id IS DISTINCT FROM p.${l.link}_id OR ${pending} IS DISTINCT FROM p.pending_${l.link}_email)`;
    changes.push(overwrite ? differs : `(s.${l.email} IS NOT NULL AND ${differs})`);
  }
  if (hasColumn(spec, 'org_name')) {
    const other = `(p.organization_id IS NULL OR NOT EXISTS (SELECT 1 FROM organizations o WHERE o.id = p.organization_id AND lower(o.name) = lower(s.org_name)))`;
    changes.push(
      overwrite
        ? `(CASE WHEN s.org_name IS NULL THEN p.organization_id IS NOT NULL ELSE ${other} END)`
        : `(s.org_name IS NOT NULL AND ${other})`,
    );
  }
  const byExternalId = hasColumn(spec, 'external_id');
  const target = byExternalId ? `LEFT JOIN tickets p ON p.external_id = s.external_id` : `LEFT JOIN tickets p ON 1 = 0`;
  const changed = changes.length > 0 ? changes.join(' OR ') : '1 = 0';
  const action = [
    'CASE',
    wrongKind.length > 0 ? `WHEN ${wrongKind.join(' OR ')} THEN 'conflict'` : '',
    `WHEN p.id IS NULL THEN 'create'`,
    spec.onExisting === 'skip' ? `ELSE 'skip' END` : `WHEN ${changed} THEN 'update' ELSE 'unchanged' END`,
  ]
    .filter((part) => part !== '')
    .join(' ');
  return `SELECT s.*, p.id AS target_id${extra.map((e) => `, ${e}`).join('')}, ${action} AS action
    FROM ${stageTable(spec)} s ${target} ${joins.join(' ')}
    WHERE s.dup_of IS NULL AND s.row_no > ${Math.trunc(from)} AND s.row_no <= ${Math.trunc(to)}`;
}

/**
 * Writes a planned range of tickets (`chunk`, the plan table) in the merge's transaction: the
 * customers it may create, then updated tickets (their replaced values saved for undo first),
 * then new ones with their conversation.
 */
export async function mergeTickets(runner: SqlRunner, spec: StageSpec, chunk: string, t: string, counts: PlanCounts): Promise<void> {
  // Before the customers it may create, as lockTicketNumbers says: the API and submissions number
  // their tickets meanwhile, from this app instance or another.
  if (counts.created > 0 && runner.dialect === 'postgres') await runner.all(LOCK_TICKET_NUMBERS_SQL);
  if (spec.createMissingCustomers && hasColumn(spec, 'customer_email') && counts.created + counts.updated > 0) {
    await createMissingCustomers(runner, spec, chunk, t);
  }
  if (hasColumn(spec, 'org_name') && counts.created + counts.updated > 0) await createNamedOrganizations(runner, spec, chunk, t);
  if (counts.updated > 0) await updateTickets(runner, spec, chunk, t);
  if (counts.created > 0) await insertTickets(runner, spec, chunk, t);
}

/** The organization a planned row names, by name (case aside); they all exist once createNamedOrganizations ran. */
const ORGANIZATION_OF_ROW = `(SELECT o.id FROM organizations o WHERE lower(o.name) = lower(c.org_name))`;

/** Creates the organizations that the range's tickets name and that do not exist yet, as a customers import does. */
async function createNamedOrganizations(runner: SqlRunner, spec: StageSpec, chunk: string, t: string): Promise<void> {
  const id = spec.importId;
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
 * Creates a customer for each Customer Email of the range that nobody has, named from the
 * Customer Name column (split as a full name when staged) or else after the email's local part,
 * and points the range's rows at them.
 */
async function createMissingCustomers(runner: SqlRunner, spec: StageSpec, chunk: string, t: string): Promise<void> {
  const id = spec.importId;
  const named = hasColumn(spec, 'customer_first_name');
  const local = runner.dialect === 'sqlite' ? `substr(g.email, 1, instr(g.email, '@') - 1)` : `split_part(g.email, '@', 1)`;
  await runner.run(
    `INSERT INTO people (kind, email, first_name, last_name, source, created_at, updated_at, import_id, created_import_id, import_row)
     SELECT 'customer', g.email, coalesce(g.first_name, ${local}), coalesce(g.last_name, ''), 'import', ?, ?, ?, ?, g.row_no FROM (
       SELECT lower(c.customer_email) AS email, min(c.row_no) AS row_no,
              ${named ? 'min(c.customer_first_name)' : 'NULL'} AS first_name, ${named ? 'min(c.customer_last_name)' : 'NULL'} AS last_name
       FROM ${chunk} c WHERE c.customer_email IS NOT NULL AND c.customer_found IS NULL AND c.action IN ('create', 'update')
       GROUP BY lower(c.customer_email)) g
     WHERE NOT EXISTS (SELECT 1 FROM people p WHERE lower(p.email) = g.email)`,
    [t, t, id, id],
  );
  await runner.run(
    `UPDATE ${chunk} SET customer_found = (SELECT p.id FROM people p WHERE lower(p.email) = lower(${chunk}.customer_email) AND p.kind = 'customer')
     WHERE customer_email IS NOT NULL AND customer_found IS NULL`,
  );
}

/** `SET` assignments of a ticket's links from a planned row `c` (found person, else pending email). */
function linkAssignments(spec: StageSpec, keepWhenEmpty: boolean): string[] {
  const sets: string[] = [];
  for (const l of linksOf(spec)) {
    const idValue = `c.${found(l)}`;
    const pendingValue = `CASE WHEN c.${found(l)} IS NULL THEN lower(c.${l.email}) END`;
    if (keepWhenEmpty) {
      sets.push(`${l.link}_id = CASE WHEN c.${l.email} IS NULL THEN tickets.${l.link}_id ELSE ${idValue} END`);
      sets.push(`pending_${l.link}_email = CASE WHEN c.${l.email} IS NULL THEN tickets.pending_${l.link}_email ELSE ${pendingValue} END`);
    } else {
      sets.push(`${l.link}_id = ${idValue}`, `pending_${l.link}_email = ${pendingValue}`);
    }
  }
  return sets;
}

/** Saves the values the range's updates replace (for undo), then updates those tickets. */
async function updateTickets(runner: SqlRunner, spec: StageSpec, chunk: string, t: string): Promise<void> {
  const d = dialectSql(runner.dialect);
  const id = spec.importId;
  const organization = hasColumn(spec, 'org_name') ? ['organization_id'] : [];
  const saved = [
    ...valueColumns(spec).map((c) => c.name),
    ...organization,
    ...linksOf(spec).flatMap((l) => [`${l.link}_id`, `pending_${l.link}_email`]),
  ]
    .filter((name) => name !== 'external_id')
    .concat(['import_id', 'updated_at']);
  const pairs = [...new Set(saved)].flatMap((name) => [`'${name}'`, `p.${name}`]);
  await runner.run(
    `INSERT INTO import_changes (import_id, record_id, before)
       SELECT ?, p.id, ${d.jsonObject(pairs)} FROM ${chunk} c JOIN tickets p ON p.id = c.target_id WHERE c.action = 'update' ON CONFLICT DO NOTHING`,
    [id],
  );
  const overwrite = spec.onExisting === 'overwrite';
  const sets = valueColumns(spec)
    .filter((c) => c.name !== 'external_id' && c.name !== 'updated_at')
    .map((c) => (overwrite && !NOT_NULL.has(c.name) ? `${c.name} = c.${c.name}` : `${c.name} = coalesce(c.${c.name}, tickets.${c.name})`));
  sets.push(...linkAssignments(spec, !overwrite));
  if (hasColumn(spec, 'org_name')) {
    sets.push(
      overwrite
        ? `organization_id = CASE WHEN c.org_name IS NULL THEN NULL ELSE ${ORGANIZATION_OF_ROW} END`
        : `organization_id = CASE WHEN c.org_name IS NULL THEN tickets.organization_id ELSE ${ORGANIZATION_OF_ROW} END`,
    );
  }
  const updatedAt = hasColumn(spec, 'updated_at') ? `coalesce(c.updated_at, ?)` : '?';
  await runner.run(
    `UPDATE tickets SET ${[...sets, `updated_at = ${updatedAt}`, 'import_id = ?'].join(', ')}
     FROM ${chunk} c WHERE tickets.id = c.target_id AND c.action = 'update'`,
    [t, id],
  );
}

/**
 * Inserts the range's new tickets in row order, numbered after the highest number so far, with
 * their own dates when the file has them, then their conversation. Why one number query per range:
 * numbers follow the file's order, as the tickets were opened.
 */
async function insertTickets(runner: SqlRunner, spec: StageSpec, chunk: string, t: string): Promise<void> {
  const id = spec.importId;
  const [top] = await runner.all<{ n: number | null }>(`SELECT max(number) AS n FROM tickets`);
  const base = Number(top?.n ?? 0);
  const values = valueColumns(spec).filter((c) => !['status', 'priority', 'created_at', 'updated_at'].includes(c.name));
  const created = hasColumn(spec, 'created_at') ? 'c.created_at' : 'NULL';
  const updated = hasColumn(spec, 'updated_at') ? 'c.updated_at' : 'NULL';
  const status = hasColumn(spec, 'status') ? `coalesce(c.status, 'open')` : `'open'`;
  const priority = hasColumn(spec, 'priority') ? `coalesce(c.priority, 'normal')` : `'normal'`;
  const links = linksOf(spec);
  const columns = [
    'number',
    ...values.map((c) => c.name),
    'status',
    'priority',
    ...links.flatMap((l) => [`${l.link}_id`, `pending_${l.link}_email`]),
    ...(hasColumn(spec, 'org_name') ? ['organization_id'] : []),
    'created_at',
    'updated_at',
    'import_id',
    'created_import_id',
    'import_row',
  ];
  const selected = [
    `${base} + row_number() OVER (ORDER BY c.row_no)`,
    ...values.map((c) => `c.${c.name}`),
    status,
    priority,
    ...links.flatMap((l) => [`c.${found(l)}`, `CASE WHEN c.${found(l)} IS NULL THEN lower(c.${l.email}) END`]),
    ...(hasColumn(spec, 'org_name') ? [ORGANIZATION_OF_ROW] : []),
    `coalesce(${created}, ${updated}, ?)`,
    `coalesce(${updated}, ${created}, ?)`,
    '?',
    '?',
    'c.row_no',
  ];
  await runner.run(
    `INSERT INTO tickets (${columns.join(', ')}) SELECT ${selected.join(', ')} FROM ${chunk} c WHERE c.action = 'create' ORDER BY c.row_no`,
    [t, t, id, id],
  );
  if (hasColumn(spec, 'messages')) await insertMessages(runner, spec, chunk);
}

/** The conversation of the range's new tickets (the Messages column, staged as JSON), each message's author found by email. */
async function insertMessages(runner: SqlRunner, spec: StageSpec, chunk: string): Promise<void> {
  const sqlite = runner.dialect === 'sqlite';
  const each = sqlite ? `json_each(c.messages) m` : `LATERAL json_array_elements(c.messages::json) WITH ORDINALITY m(value, key)`;
  const field = (name: string) => (sqlite ? `json_extract(m.value, '$.${name}')` : `(m.value->>'${name}')`);
  await runner.run(
    `INSERT INTO ticket_messages (ticket_id, author_email, author_id, body, created_at, source)
     SELECT tk.id, ${field('authorEmail')}, (SELECT p.id FROM people p WHERE lower(p.email) = ${field('authorEmail')}), ${field('body')}, ${field('createdAt')}, 'import'
     FROM ${chunk} c JOIN tickets tk ON tk.created_import_id = ? AND tk.import_row = c.row_no, ${each}
     WHERE c.action = 'create' AND c.messages IS NOT NULL ORDER BY c.row_no, m.key`,
    [spec.importId],
  );
}

/**
 * Fails the range's rows that name a person of the wrong kind (action `conflict`), each with its
 * problem and its cells in the error report.
 */
export async function refuseWrongLinks(runner: SqlRunner, spec: StageSpec, chunk: string): Promise<void> {
  const links = linksOf(spec);
  const kinds = links.map((l) => `${l.link}_kind`).join(', ');
  const emails = links.map((l) => l.email).join(', ');
  await insertIssuesByPage(runner, spec.importId, async (afterRow, limit) => {
    const rows = await runner.all<Record<string, string | number | null>>(
      `SELECT row_no, ${emails}, ${kinds} FROM ${chunk} WHERE action = 'conflict' AND row_no > ? ORDER BY row_no LIMIT ?`,
      [afterRow, limit],
    );
    return rows.flatMap((r) => {
      const row = Number(r.row_no);
      return links
        .filter((l) => r[`${l.link}_kind`] !== null && r[`${l.link}_kind`] !== l.kind)
        .map((l) => {
          const header = spec.linkHeaders?.[l.link] ?? l.email;
          const email = String(r[l.email]);
          return { row, column: header, value: email, code: 'other_kind' as const, message: wrongLinkSentence(row, header, email, l.kind) };
        });
    });
  });
  await runner.run(
    `INSERT INTO import_rejected_rows (import_id, row, reason, cells) SELECT ?, row_no, 'failed', coalesce(row_cells, '[]') FROM ${chunk} WHERE action = 'conflict' ON CONFLICT DO NOTHING`,
    [spec.importId],
  );
}
