import { Link } from 'react-router';
import { formatCount } from './import-format';
import type { ImportReport } from './import-api';

type Links = NonNullable<ImportReport['links']>;

/** How many row numbers a sentence names before it says "and more". */
const ROWS_NAMED = 10;

/** " (row 5)", " (rows 5, 7 and 9)", " (rows 5, 7, … and more)"; `count` is how many rows there are in all. */
function rowsNote(rows: number[], count: number): string {
  if (rows.length === 0) return '';
  const named = rows.slice(0, ROWS_NAMED).map(String);
  if (count > named.length) return ` (rows ${named.join(', ')} and more)`;
  if (named.length === 1) return ` (row ${named[0]})`;
  return ` (rows ${named.slice(0, -1).join(', ')} and ${named.at(-1)})`;
}

const tickets = (n: number) => `${formatCount(n)} ${n === 1 ? 'ticket' : 'tickets'}`;

/** The sentences of a tickets import's links, as a plan (a dry run) or as what happened. */
export function linkSentences(links: Links, planned: boolean): { customers: string; assignees: string; created: string | null } {
  const their = links.linked === 1 ? 'its' : 'their';
  const customers =
    links.linked + links.unlinked === 0
      ? `No ${planned ? 'ticket to import' : 'ticket imported'} names a customer.`
      : planned
        ? `${tickets(links.linked)} will be linked to ${their} customer, ${formatCount(links.unlinked)} will wait${rowsNote(links.unlinkedRows, links.unlinked)}.`
        : `${tickets(links.linked)} ${links.linked === 1 ? 'was' : 'were'} linked to ${their} customer, ${formatCount(links.unlinked)} waited${rowsNote(links.unlinkedRows, links.unlinked)}.`;
  const assignees =
    links.assigned + links.unassigned === 0
      ? `No ${planned ? 'ticket to import' : 'ticket imported'} names an assignee.`
      : `${formatCount(links.assigned)} ${planned ? 'will be ' : ''}assigned, ${formatCount(links.unassigned)} unassigned${rowsNote(
          links.unassignedRows,
          links.unassigned,
        )}.`;
  const n = links.customersCreated;
  const created =
    n === 0
      ? null
      : `${formatCount(n)} ${n === 1 ? 'customer' : 'customers'} ${planned ? 'will be' : n === 1 ? 'was' : 'were'} created from Customer Emails that matched nobody.`;
  return { customers, assignees, created };
}

/**
 * What a tickets import does with its people: the tickets linked to their customer or waiting for
 * them, assigned or not, the customers it creates; on the result, those that still wait now, with
 * the way to the list of waiting tickets.
 */
export function TicketLinks({ report, labelledBy }: { report: ImportReport; labelledBy: string }) {
  const links = report.links;
  if (!links) return null;
  const planned = report.status === 'dry-run';
  const { customers, assignees, created } = linkSentences(links, planned);
  const waits = links.unlinked + links.unassigned > 0;
  const customersLeft = links.pendingCustomersLeft ?? 0;
  const assigneesLeft = links.pendingAssigneesLeft ?? 0;
  return (
    <div aria-labelledby={labelledBy} role="group">
      <ul>
        <li>{customers}</li>
        <li>{assignees}</li>
        {created ? <li>{created}</li> : null}
      </ul>
      {planned && waits ? (
        <p className="field-hint">
          A waiting ticket is imported all the same and is linked as soon as its customer or user is added to Roster. Import customers and
          users before their tickets, or choose “Create missing customers” on the mapping step.
        </p>
      ) : null}
      {!planned && report.status !== 'undone' && (waits || customersLeft + assigneesLeft > 0) ? (
        <p className="step-note">
          {customersLeft + assigneesLeft === 0
            ? 'No ticket of this import waits any longer: their customers and users have been added since.'
            : `Waiting now: ${tickets(customersLeft)} for ${customersLeft === 1 ? 'its' : 'their'} customer, ${tickets(assigneesLeft)} for ${assigneesLeft === 1 ? 'its' : 'their'} assignee. They are linked as soon as those people are added to Roster. `}
          {customersLeft + assigneesLeft > 0 ? <Link to={`/tickets?import=${report.id}&pending=1`}>See the waiting tickets</Link> : null}
        </p>
      ) : null}
    </div>
  );
}
