import { Link } from 'react-router';
import { api } from '../../shared/api';
import { personName } from '../../shared/format';
import type { FieldValue, PersonRecord, TicketRecord } from '../../shared/types';
import { useAsync, type AsyncState } from '../../shared/useAsync';

/** Who a ticket names as its customer or assignee: a person in Roster, an email waiting for one, or nobody. */
export type TicketPerson =
  { kind: 'linked'; id: number; name: string; email: string } | { kind: 'pending'; email: string } | { kind: 'none' };

const text = (v: FieldValue | undefined) => (v === null || v === undefined ? '' : String(v));

/** The ticket's customer or assignee, read from its record (see the API's customerId, customerName, pendingCustomerEmail…). */
export function ticketPerson(ticket: TicketRecord, role: 'customer' | 'assignee'): TicketPerson {
  const id = ticket[`${role}Id`];
  const email = text(ticket[`${role}Email`]);
  if (typeof id === 'number') return { kind: 'linked', id, name: text(ticket[`${role}Name`]) || email, email };
  const pending = text(role === 'customer' ? ticket.pendingCustomerEmail : ticket.pendingAssigneeEmail);
  return pending ? { kind: 'pending', email: pending } : { kind: 'none' };
}

const PAGE = { customer: 'customers', assignee: 'users' } as const;

/** A ticket's customer or assignee for a list or a side panel: their name linked to their page, or a pending email with a hint. */
export function TicketPersonLink({ ticket, role, none }: { ticket: TicketRecord; role: 'customer' | 'assignee'; none: string }) {
  const person = ticketPerson(ticket, role);
  switch (person.kind) {
    case 'linked':
      return (
        <Link to={`/${PAGE[role]}/${person.id}`} title={person.email} onClick={(e) => e.stopPropagation()}>
          {person.name}
        </Link>
      );
    case 'pending':
      return (
        <span>
          {person.email} <span className="field-hint">not in Roster yet</span>
        </span>
      );
    case 'none':
      return <span className="empty">{none}</span>;
  }
}

/** Users to pick an assignee from, by last name: the first 500, which the list API allows in one page. */
export function useUsers(): AsyncState<PersonRecord[]> {
  return useAsync(() => api.list('users', { pageSize: 500, sort: 'lastName', order: 'asc' }).then((p) => p.items), []);
}

/** A user as an assignee choice: their name, and their email when they have no name. */
export function userLabel(user: PersonRecord): string {
  return personName(user);
}
