import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useGo } from '../../shared/useGo';
import { api } from '../../shared/api';
import { formatDateTime, formatValue, initials, personName } from '../../shared/format';
import { useSession } from '../../shared/SessionContext';
import type { FieldValue, PeopleKind, PersonRecord, PersonSource, Property } from '../../shared/types';
import { useAsync } from '../../shared/useAsync';
import { Badge } from '../../shared/ui/Badge';
import { ConfirmAction } from '../../shared/ui/ConfirmAction';
import { ErrorBanner } from '../../shared/ui/ErrorBanner';
import { PageHeader } from '../../shared/ui/PageHeader';
import { PropertyForm } from '../../shared/ui/PropertyForm';
import { PersonTickets } from '../tickets/PersonTickets';
import { SignInActions, signInAccessWords } from '../invitations/SignInAccess';
import { ACTION_MANAGED, PEOPLE_KINDS } from './people-kinds';
import { PeopleToolsMenu } from './PeopleToolsMenu';

/** One user or customer: every property, an edit form, and Deactivate and Delete. */
export function PersonDetailPage({ kind, id }: { kind: PeopleKind; id: number }) {
  const navigate = useGo();
  const words = PEOPLE_KINDS[kind];
  const { user } = useSession();
  const properties = useAsync(() => api.properties(kind), [kind]);
  const record = useAsync(() => api.get(kind, id), [kind, id]);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<PersonRecord>();

  const person = saved?.id === id ? saved : record.data;
  const back = { to: words.path, label: words.title };
  if (!person || !properties.data) {
    return (
      <>
        <PageHeader title={record.error ? `No such ${words.singular}` : 'Loading…'} back={back} />
        <ErrorBanner error={record.error ?? properties.error} />
      </>
    );
  }

  const name = personName(person);
  const active = person.status !== 'deactivated';
  const isAdmin = user.role === 'admin';
  // Deactivating staff changes who can work in Roster, so only admins may; any user may deactivate a customer.
  const canDeactivate = active && (kind === 'customers' || isAdmin) && !(kind === 'users' && person.id === user.id);
  const editable = properties.data.filter((p) => !p.readOnly && !ACTION_MANAGED.has(p.key));

  return (
    <>
      <PageHeader
        back={back}
        leading={
          <span className="avatar avatar-large" aria-hidden="true">
            {initials(name)}
          </span>
        }
        title={name}
        subtitle={
          <>
            {String(person.email ?? '')} <Badge value={String(person.status ?? 'active')} />
          </>
        }
        actions={
          <>
            <PeopleToolsMenu kind={kind} />
            {!editing ? (
              <button type="button" className="button" onClick={() => setEditing(true)}>
                Edit
              </button>
            ) : null}
            {canDeactivate ? (
              <ConfirmAction
                label="Deactivate"
                question={`Deactivate ${name}?`}
                description={
                  kind === 'users'
                    ? `${name} stays in Roster, marked deactivated, and can no longer sign in.`
                    : `${name} stays in Roster, marked deactivated.`
                }
                confirmLabel="Deactivate"
                busyLabel="Deactivating…"
                onConfirm={async () => setSaved(await api.deactivate(kind, id))}
              />
            ) : null}
            {isAdmin && person.id !== user.id ? (
              <ConfirmAction
                danger
                label="Delete"
                question={`Delete ${name} for good?`}
                confirmLabel="Delete"
                busyLabel="Deleting…"
                onConfirm={async () => {
                  await api.remove(kind, id);
                  navigate(words.path);
                }}
              />
            ) : null}
          </>
        }
      />
      <div className="detail-grid">
        <section className="panel panel-padded" aria-labelledby="person-properties">
          <h2 id="person-properties">{editing ? `Edit ${words.singular}` : 'Properties'}</h2>
          {editing ? (
            <PropertyForm
              properties={editable}
              initial={person}
              submitLabel="Save changes"
              onCancel={() => setEditing(false)}
              onSubmit={async (changes) => {
                if (Object.keys(changes).length > 0) setSaved(await api.update(kind, id, changes));
                setEditing(false);
              }}
            />
          ) : (
            <PropertyList kind={kind} person={person} properties={properties.data} />
          )}
        </section>
        <aside className="panel panel-padded side-panel" aria-labelledby="person-record">
          <h2 id="person-record">Record</h2>
          <dl className="property-list compact">
            <div className="property-row">
              <dt>Created</dt>
              <dd>{formatDateTime(person.createdAt)}</dd>
            </div>
            <div className="property-row">
              <dt>Last changed</dt>
              <dd>{formatDateTime(person.updatedAt)}</dd>
            </div>
            <div className="property-row">
              <dt>Origin</dt>
              <dd>
                <PersonOrigin kind={kind} person={person} />
              </dd>
            </div>
            {kind === 'users' ? (
              <div className="property-row">
                <dt>Can sign in</dt>
                <dd>{signInAccessWords(person)}</dd>
              </div>
            ) : null}
            <div className="property-row">
              <dt>ID</dt>
              <dd>{person.id}</dd>
            </div>
          </dl>
          {kind === 'users' && isAdmin ? <SignInActions key={person.id} person={person} onChanged={setSaved} /> : null}
        </aside>
        <PersonTickets kind={kind} personId={id} />
      </div>
    </>
  );
}

const SOURCE_WORDS: Record<PersonSource, string> = {
  manual: 'Created by hand',
  import: 'Imported',
  ticket_form: 'Created by a ticket from the support form',
  email: 'Created by an email they sent',
  api_ticket: 'Created by a ticket sent through the API',
};

/** The sources that create a customer together with their first ticket. */
const FROM_TICKET: ReadonlySet<PersonSource> = new Set(['ticket_form', 'email', 'api_ticket']);

/** How the person came to be, with a link to the import or the ticket that created them. */
function PersonOrigin({ kind, person }: { kind: PeopleKind; person: PersonRecord }) {
  const source = person.source ?? 'manual';
  const importId = person.createdImportId;
  if (source === 'import' && typeof importId === 'number') {
    return (
      <>
        Imported by <Link to={`/${kind}/import/${importId}/result`}>import #{importId}</Link>
      </>
    );
  }
  if (kind === 'customers' && FROM_TICKET.has(source)) return <TicketOrigin person={person} words={SOURCE_WORDS[source]} />;
  return <>{SOURCE_WORDS[source] ?? source}</>;
}

/** A moment apart that still counts as the same submission (the customer and their ticket are written together). */
const SAME_SUBMISSION_MS = 60_000;

/**
 * The ticket that created a customer: their oldest ticket, when it was made with them. Once it is
 * deleted or given to someone else, the oldest left is not it, and only the words are shown.
 */
function TicketOrigin({ person, words }: { person: PersonRecord; words: string }) {
  const oldest = useAsync(() => api.list('tickets', { customerId: person.id, sort: 'number', order: 'asc', pageSize: 1 }), [person.id]);
  const ticket = oldest.data?.items[0];
  if (!ticket || Math.abs(Date.parse(ticket.createdAt) - Date.parse(person.createdAt)) > SAME_SUBMISSION_MS) return <>{words}</>;
  return (
    <>
      {words}:{' '}
      <Link to={`/tickets/${ticket.id}`}>
        #{String(ticket.number)} {String(ticket.title ?? '')}
      </Link>
    </>
  );
}

const isEmpty = (value: FieldValue | undefined) => value === null || value === undefined || value === '';

/**
 * The person's properties: those with a value, then the empty ones folded behind one button
 * ("Show 9 empty fields") rather than a wall of dashes.
 */
function PropertyList({ kind, person, properties }: { kind: PeopleKind; person: PersonRecord; properties: Property[] }) {
  const [showEmpty, setShowEmpty] = useState(false);
  const listId = useId();
  const filled = properties.filter((p) => !isEmpty(person[p.key]));
  const empty = properties.filter((p) => isEmpty(person[p.key]));
  const row = (p: Property) => (
    <div key={p.key} className="property-row">
      <dt>{p.label}</dt>
      <dd>
        {p.key === 'status' ? (
          <Badge value={String(person.status ?? '')} />
        ) : p.key === 'organization' && typeof person.organizationId === 'number' && person.organization ? (
          <Link to={`/organizations/${person.organizationId}`}>{String(person.organization)}</Link>
        ) : (
          formatValue(p, person[p.key]) || <span className="empty">—</span>
        )}
      </dd>
    </div>
  );
  return (
    <>
      <dl className="property-list">{filled.map(row)}</dl>
      {empty.length > 0 ? (
        <>
          <button
            type="button"
            className="button button-quiet empty-fields-toggle"
            aria-expanded={showEmpty}
            aria-controls={listId}
            onClick={() => setShowEmpty((s) => !s)}
          >
            {showEmpty ? 'Hide empty fields' : `Show ${empty.length} empty ${empty.length === 1 ? 'field' : 'fields'}`}
          </button>
          {/* Left out rather than `hidden`: the list's grid display would override the attribute. */}
          {showEmpty ? (
            <dl id={listId} className="property-list" aria-label={`Empty fields of this ${PEOPLE_KINDS[kind].singular}`}>
              {empty.map(row)}
            </dl>
          ) : null}
        </>
      ) : null}
    </>
  );
}
