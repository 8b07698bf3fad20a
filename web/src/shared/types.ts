import type { paths } from '../api/openapi';

/** The record kinds the web app shows; the plural is the API path. */
export type RecordKind = 'users' | 'customers' | 'organizations' | 'tickets';
export type PeopleKind = Extract<RecordKind, 'users' | 'customers'>;

/** The signed-in user, as `GET /api/me` returns them. */
export interface SessionUser {
  id: number;
  email: string;
  role: 'admin' | 'agent';
  firstName: string;
  lastName: string;
}

export type FieldValue = string | number | boolean | null;

/** Every type a property can have, in the order the forms offer them. */
export const PROPERTY_TYPES = [
  'text',
  'email',
  'phone',
  'date',
  'number',
  'boolean',
  'choice',
  'url',
] as const satisfies readonly Property['type'][];

/** A property describes one field of a record kind; the UI renders columns and forms from it. */
export interface Property {
  key: string;
  label: string;
  type: 'text' | 'email' | 'phone' | 'date' | 'number' | 'boolean' | 'choice' | 'url';
  required: boolean;
  choices?: string[];
  custom: boolean;
  readOnly?: boolean;
  /** The API can sort lists by this property. */
  sortable?: boolean;
  /** A standard property an admin left out of the web forms (Settings › Properties). */
  hidden?: boolean;
}

/** A user or customer: keys are property keys plus the system's own fields. */
/** How a person came to be (read-only; see the API's `source`). */
export type PersonSource = 'manual' | 'import' | 'ticket_form' | 'email' | 'api_ticket';

export type PersonRecord = {
  id: number;
  createdAt: string;
  updatedAt: string;
  signInEnabled?: boolean;
  source?: PersonSource;
  createdImportId?: number | null;
} & Record<string, FieldValue>;

export interface OrganizationRecord {
  id: number;
  name: string;
  domains: string[];
  createdAt?: string;
  updatedAt?: string;
}

export type TicketRecord = { id: number; createdAt: string; updatedAt: string } & Record<string, FieldValue>;

/** A message of a ticket's conversation, as GET /api/tickets/:id/messages answers it: plain text, never HTML. */
export type TicketMessage = paths['/api/tickets/{id}/messages']['get']['responses'][200]['content']['application/json']['items'][number];

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ListQuery {
  page?: number;
  pageSize?: number;
  search?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  [filter: string]: string | number | undefined;
}
