import { useState } from 'react';
import { api } from '../../shared/api';
import { formatDateTime, formatValue } from '../../shared/format';
import { useSession } from '../../shared/SessionContext';
import type { TicketRecord } from '../../shared/types';
import { useAsync } from '../../shared/useAsync';
import { Badge } from '../../shared/ui/Badge';
import { DeleteRecordAction } from '../../shared/ui/DeleteRecordAction';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { PageHeader } from '../../shared/ui/PageHeader';
import { PropertyForm } from '../../shared/ui/PropertyForm';

const HEADLINE = new Set(['number', 'title', 'description']);

/** One ticket: its description, its properties beside it, and an edit form. */
export function TicketDetailPage({ id }: { id: number }) {
  const { user } = useSession();
  const properties = useAsync(() => api.properties('tickets'), []);
  const record = useAsync(() => api.get('tickets', id), [id]);
  const messages = useAsync(() => api.ticketMessages(id), [id]);
  const [saved, setSaved] = useState<TicketRecord>();
  const [editing, setEditing] = useState(false);
  const [actionError, setActionError] = useState<unknown>();

  const ticket = saved?.id === id ? saved : record.data;
  const back = { to: '/tickets', label: 'Tickets' };
  if (!ticket || !properties.data) {
    return (
      <>
        <PageHeader title={record.error ? 'Ticket not found' : 'Loading…'} back={back} />
        <ErrorBanner error={record.error ?? properties.error} />
      </>
    );
  }
  const side = properties.data.filter((p) => !HEADLINE.has(p.key));
  return (
    <>
      <PageHeader
        back={back}
        title={
          <>
            <span className="ticket-number">#{String(ticket.number ?? '')}</span> {String(ticket.title ?? '')}
          </>
        }
        subtitle={
          <>
            <Badge value={String(ticket.status ?? '')} /> <Badge value={String(ticket.priority ?? '')} /> Opened{' '}
            {formatDateTime(ticket.createdAt)}
          </>
        }
        actions={
          <>
            {!editing ? (
              <button type="button" className="button" onClick={() => setEditing(true)}>
                Edit
              </button>
            ) : null}
            {user.role === 'admin' ? (
              <DeleteRecordAction
                kind="tickets"
                id={id}
                question={`Delete ticket #${String(ticket.number ?? '')}?`}
                backTo="/tickets"
                onError={setActionError}
              />
            ) : null}
          </>
        }
      />
      <ErrorBanner error={actionError} onDismiss={() => setActionError(undefined)} />
      <div className="detail-grid">
        <section className="panel panel-padded" aria-labelledby="ticket-body">
          <h2 id="ticket-body">{editing ? 'Edit ticket' : 'Description'}</h2>
          {editing ? (
            <PropertyForm
              properties={properties.data.filter((p) => !p.readOnly && p.key !== 'number')}
              initial={ticket}
              submitLabel="Save changes"
              onCancel={() => setEditing(false)}
              onSubmit={async (changes) => {
                if (Object.keys(changes).length > 0) setSaved(await api.update('tickets', id, changes));
                setEditing(false);
              }}
            />
          ) : ticket.description ? (
            <p className="ticket-description">{String(ticket.description)}</p>
          ) : (
            <p className="empty">No description.</p>
          )}
        </section>
        <section className="panel panel-padded ticket-messages" aria-labelledby="ticket-messages">
          <h2 id="ticket-messages">Messages</h2>
          <ErrorBanner error={messages.error} />
          {!messages.data ? (
            messages.error ? null : (
              <p className="empty">Loading…</p>
            )
          ) : messages.data.length === 0 ? (
            <p className="empty">No messages.</p>
          ) : (
            <ol className="message-list">
              {messages.data.map((m) => (
                <li key={m.id} className="message">
                  <p className="message-meta">
                    <strong>{m.authorEmail}</strong> · {formatDateTime(m.createdAt)} · {m.source}
                  </p>
                  {/* Text only: React escapes it, and the server never keeps HTML. */}
                  <p className="ticket-description">{m.body}</p>
                </li>
              ))}
            </ol>
          )}
        </section>
        <aside className="panel panel-padded side-panel" aria-labelledby="ticket-properties">
          <h2 id="ticket-properties">Properties</h2>
          <dl className="property-list compact">
            {side.map((p) => (
              <div key={p.key} className="property-row">
                <dt>{p.label}</dt>
                <dd>
                  {p.type === 'choice' && (p.key === 'status' || p.key === 'priority') ? (
                    <Badge value={String(ticket[p.key] ?? '')} />
                  ) : (
                    formatValue(p, ticket[p.key]) || <span className="empty">—</span>
                  )}
                </dd>
              </div>
            ))}
            <div className="property-row">
              <dt>Updated</dt>
              <dd>{formatDateTime(ticket.updatedAt)}</dd>
            </div>
          </dl>
        </aside>
      </div>
    </>
  );
}
