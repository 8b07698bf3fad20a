import { Link } from 'react-router';
import { api } from '../../shared/api';
import type { FieldValue, PeopleKind } from '../../shared/types';
import { useAsync } from '../../shared/useAsync';
import { Badge } from '../../shared/ui/Badge';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import './person-tickets.css';

const SHOWN = 10;
const text = (v: FieldValue | undefined) => (v === null || v === undefined ? '' : String(v));

/** A person's tickets, newest first: a customer's as their customer, a user's as their assignee. */
export function PersonTickets({ kind, personId }: { kind: PeopleKind; personId: number }) {
  const list = useAsync(
    () => api.list('tickets', { pageSize: SHOWN, ...(kind === 'customers' ? { customerId: personId } : { assigneeId: personId }) }),
    [kind, personId],
  );
  const total = list.data?.total ?? 0;
  const allPath = `/tickets?${kind === 'customers' ? 'customer' : 'assignee'}=${personId}`;
  return (
    <section className="panel panel-padded" aria-labelledby="person-tickets">
      <div className="person-tickets-heading">
        <h2 id="person-tickets">{kind === 'customers' ? 'Tickets' : 'Assigned tickets'}</h2>
        {kind === 'customers' ? (
          <Link to={`/tickets/new?customer=${personId}`} className="button">
            New ticket
          </Link>
        ) : null}
      </div>
      <ErrorBanner error={list.error} />
      {!list.data ? (
        list.error ? null : (
          <p className="empty">Loading…</p>
        )
      ) : total === 0 ? (
        <p className="empty">{kind === 'customers' ? 'No tickets from this customer.' : 'No tickets assigned to this user.'}</p>
      ) : (
        <>
          <ul className="message-list">
            {list.data.items.map((t) => (
              <li key={t.id} className="message">
                <Link to={`/tickets/${t.id}`}>
                  #{text(t.number)} {text(t.title)}
                </Link>{' '}
                <Badge value={text(t.status)} />
              </li>
            ))}
          </ul>
          {total > list.data.items.length ? <Link to={allPath}>All {total} tickets</Link> : null}
        </>
      )}
    </section>
  );
}
