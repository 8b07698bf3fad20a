import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { api } from '../../shared/api';
import { formatDateTime, formatValue, personName } from '../../shared/format';
import { useSession } from '../../shared/SessionContext';
import type { TicketRecord } from '../../shared/types';
import { useAsync } from '../../shared/useAsync';
import { Badge } from '../../shared/ui/Badge';
import { DeleteRecordAction } from '../../shared/ui/DeleteRecordAction';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { PageHeader } from '../../shared/ui/PageHeader';
import { PropertyForm } from '../../shared/ui/PropertyForm';
import { importApi } from '../import/import-api';
import { importPath, isImportEntity } from '../import/import-paths';
import { STATUSES } from './ticket-filters';
import { TicketPersonLink, ticketPerson, useUsers } from './ticket-people';

const HEADLINE = new Set(['number', 'title', 'description']);
/** Shown and changed by the side panel's own controls rather than as plain properties. */
const MANAGED = new Set(['status', 'priority', 'customerEmail', 'assigneeEmail', 'externalId']);
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const capital = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** The list a ticket was opened from (with its filters), which the page's back link returns to. */
function backToList(state: unknown): string {
  const search = (state as { listSearch?: unknown } | null)?.listSearch;
  return typeof search === 'string' && search.startsWith('?') ? `/tickets${search}` : '/tickets';
}

/** One ticket: its description and messages, its status, priority and assignee to change, and where it came from. */
export function TicketDetailPage({ id }: { id: number }) {
  const { user } = useSession();
  const location = useLocation();
  const properties = useAsync(() => api.properties('tickets'), []);
  const record = useAsync(() => api.get('tickets', id), [id]);
  const messages = useAsync(() => api.ticketMessages(id), [id]);
  const users = useUsers();
  const [saved, setSaved] = useState<TicketRecord>();
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [actionError, setActionError] = useState<unknown>();

  const ticket = saved?.id === id ? saved : record.data;
  const back = { to: backToList(location.state), label: 'Tickets' };
  if (!ticket || !properties.data) {
    return (
      <>
        <PageHeader title={record.error ? 'Ticket not found' : 'Loading…'} back={back} />
        <ErrorBanner error={record.error ?? properties.error} />
      </>
    );
  }

  /** Saves one change from the side panel at once (PATCH), as a helpdesk's triage expects. */
  const save = async (changes: Record<string, unknown>) => {
    setActionError(undefined);
    setSaving(true);
    try {
      setSaved(await api.update('tickets', id, changes));
    } catch (e) {
      setActionError(e);
    } finally {
      setSaving(false);
    }
  };

  const side = properties.data.filter((p) => !HEADLINE.has(p.key) && !MANAGED.has(p.key));
  const assignee = ticketPerson(ticket, 'assignee');
  const customer = ticketPerson(ticket, 'customer');
  const assigneeChoice = assignee.kind === 'linked' ? String(assignee.id) : '';
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
              <DeleteRecordAction kind="tickets" id={id} question={`Delete ticket #${String(ticket.number ?? '')}?`} backTo="/tickets" />
            ) : null}
          </>
        }
      />
      <ErrorBanner error={actionError ?? users.error} onDismiss={() => setActionError(undefined)} />
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
            <ChoiceRow
              id="ticket-status"
              label="Status"
              value={String(ticket.status ?? '')}
              choices={STATUSES}
              disabled={saving}
              onChange={(status) => void save({ status })}
            />
            <ChoiceRow
              id="ticket-priority"
              label="Priority"
              value={String(ticket.priority ?? '')}
              choices={PRIORITIES}
              disabled={saving}
              onChange={(priority) => void save({ priority })}
            />
            <div className="property-row">
              <dt>Customer</dt>
              <dd>
                {customer.kind === 'pending' ? (
                  <span className="field-hint">Waiting for {customer.email} to be added as a customer</span>
                ) : (
                  <TicketPersonLink ticket={ticket} role="customer" none="—" />
                )}
              </dd>
            </div>
            <div className="property-row">
              <dt>Assignee</dt>
              <dd>
                {assignee.kind === 'pending' ? (
                  <span className="field-hint">Waiting for {assignee.email} to be added as a user</span>
                ) : (
                  <TicketPersonLink ticket={ticket} role="assignee" none="Unassigned" />
                )}
              </dd>
            </div>
            <div className="property-row">
              <dt>
                <label htmlFor="ticket-assignee">Assign to</label>
              </dt>
              <dd>
                <select
                  id="ticket-assignee"
                  value={assigneeChoice}
                  disabled={saving || !users.data}
                  onChange={(e) => {
                    const chosen = users.data?.find((u) => String(u.id) === e.target.value);
                    void save({ assigneeEmail: chosen ? String(chosen.email) : null });
                  }}
                >
                  <option value="">Unassigned</option>
                  {(users.data ?? []).map((u) => (
                    <option key={u.id} value={String(u.id)}>
                      {personName(u)}
                    </option>
                  ))}
                  {/* An assignee past the first page of users stays chosen. */}
                  {assignee.kind === 'linked' && users.data && !users.data.some((u) => u.id === assignee.id) ? (
                    <option value={String(assignee.id)}>{assignee.name}</option>
                  ) : null}
                </select>
              </dd>
            </div>
            {side.map((p) => (
              <div key={p.key} className="property-row">
                <dt>{p.label}</dt>
                <dd>{formatValue(p, ticket[p.key]) || <span className="empty">—</span>}</dd>
              </div>
            ))}
            <div className="property-row">
              <dt>Updated</dt>
              <dd>{formatDateTime(ticket.updatedAt)}</dd>
            </div>
            {typeof ticket.createdImportId === 'number' ? (
              <div className="property-row">
                <dt>Origin</dt>
                <dd>
                  <ImportOrigin importId={ticket.createdImportId} isAdmin={user.role === 'admin'} />
                </dd>
              </div>
            ) : null}
            {ticket.externalId ? (
              <div className="property-row">
                <dt>External ID</dt>
                <dd>{String(ticket.externalId)}</dd>
              </div>
            ) : null}
          </dl>
        </aside>
      </div>
    </>
  );
}

/**
 * "Imported by import #N", linked to the import's page when there is one: imports are an admin's
 * (agents may not read them), and only the kinds the import wizard handles have a page.
 */
function ImportOrigin({ importId, isAdmin }: { importId: number; isAdmin: boolean }) {
  const report = useAsync(() => (isAdmin ? importApi.get(importId, 0) : Promise.resolve(undefined)), [importId, isAdmin]);
  const entity = report.data?.entity;
  if (entity !== undefined && isImportEntity(entity))
    return (
      <>
        Imported by import <Link to={importPath(entity, 'result', importId)}>#{importId}</Link>
      </>
    );
  return <>Imported by import #{importId}</>;
}

/** A property row whose value is changed in place with a select of its choices. */
function ChoiceRow(props: {
  id: string;
  label: string;
  value: string;
  choices: readonly string[];
  disabled: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <div className="property-row">
      <dt>
        <label htmlFor={props.id}>{props.label}</label>
      </dt>
      <dd>
        <select id={props.id} value={props.value} disabled={props.disabled} onChange={(e) => props.onChange(e.target.value)}>
          {props.choices.map((c) => (
            <option key={c} value={c}>
              {capital(c)}
            </option>
          ))}
        </select>
      </dd>
    </div>
  );
}
