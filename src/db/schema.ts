import type { Generated } from 'kysely';
import type { PersonSource } from '../core/person-source.js';
import type { TicketMessageSource } from '../core/ticket-message.js';
import type { CustomColumns } from './repositories/custom-fields.js';

/**
 * The tables as Kysely sees them (camelCase; the CamelCasePlugin maps to snake_case columns).
 * Custom properties add `x_*` columns at run time: the tables that have them extend CustomColumns,
 * so a custom field (`xLoyaltyTier`, see customField) is typed as text like any other column.
 */
export interface SettingsTable {
  key: string;
  value: string;
}

export interface OrganizationsTable extends CustomColumns {
  id: Generated<number>;
  name: string;
  createdAt: string;
  updatedAt: string;
  importId: number | null;
  createdImportId: number | null;
}

export interface OrganizationDomainsTable {
  domain: string;
  organizationId: number;
}

export interface PeopleTable extends CustomColumns {
  id: Generated<number>;
  kind: 'user' | 'customer';
  email: string;
  firstName: string;
  lastName: string;
  title: string | null;
  phone: string | null;
  phoneE164: string | null;
  mobile: string | null;
  mobileE164: string | null;
  department: string | null;
  role: string | null;
  organizationId: number | null;
  address: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
  website: string | null;
  language: string | null;
  timeZone: string | null;
  notes: string | null;
  status: string;
  passwordHash: string | null;
  createdAt: string;
  updatedAt: string;
  /** The import that last wrote this record; any other edit clears it (undo relies on that). */
  importId: number | null;
  /** The import that created this record, if one did. */
  createdImportId: number | null;
  /** The file's row that created this record, with createdImportId (an import names it in a repeat's message). */
  importRow: number | null;
  /** How the record came to be (see PERSON_SOURCES); 'manual' unless the writer says otherwise. */
  source: Generated<PersonSource>;
}

export interface TicketsTable extends CustomColumns {
  id: Generated<number>;
  number: number;
  title: string;
  description: string | null;
  status: string;
  priority: string;
  customerId: number | null;
  assigneeId: number | null;
  createdAt: string;
  updatedAt: string;
  importId: number | null;
  createdImportId: number | null;
  /** The ticket's id in the helpdesk it was imported from; unique when set. */
  externalId: string | null;
  /** The (lower-case) email of a customer or assignee named by an import who did not exist yet. */
  pendingCustomerEmail: string | null;
  pendingAssigneeEmail: string | null;
  importRow: number | null;
  organizationId: number | null;
}

export interface PropertiesTable {
  id: Generated<number>;
  entity: string;
  key: string;
  label: string;
  type: string;
  /** JSON array of strings for choice properties. */
  choices: string | null;
  createdAt: string;
}

/** An admin's choices for one property (migration 014): order, required (custom), hidden (standard); flags are 0/1. */
export interface PropertySettingsTable {
  entity: string;
  key: string;
  position: number | null;
  required: number;
  hidden: number;
}

export interface SessionsTable {
  tokenHash: string;
  personId: number;
  createdAt: string;
  expiresAt: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  tokenHash: string;
  personId: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** When the token stops working (migration 007); null for a token without an end. */
  expiresAt: string | null;
}

/** Failed sign-ins per account or client address in the current window (migration 007). */
export interface SignInFailuresTable {
  /** sha256 of the key (`account:<email>` or `address:<ip>`), so no email or address is stored. */
  keyHash: string;
  failures: number;
  resetsAt: string;
}

/** A saved mapping (migration 005); headers, mapping and dateFormats are JSON text. */
export interface ImportTemplatesTable {
  id: Generated<number>;
  entity: string;
  name: string;
  headers: string;
  mapping: string;
  dateFormats: string;
  onExisting: string;
  allOrNothing: number;
  /** JSON: header → value as written (lower case) → the choice stored. */
  valueMaps: string;
  createMissingCustomers: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A message of a ticket's conversation: text, by someone known by email (a person's id when the email is theirs). */
export interface TicketMessagesTable {
  id: Generated<number>;
  ticketId: number;
  authorEmail: string;
  authorId: number | null;
  body: string;
  createdAt: string;
  source: TicketMessageSource;
}

/** A one-time sign-in link: an invitation or a password reset (migration 011). */
export interface InvitationsTable {
  id: Generated<number>;
  /** sha256 of the link's token; the token itself is only in the link. */
  tokenHash: string;
  personId: number;
  purpose: 'invitation' | 'password_reset';
  /** The admin who made the link; null when the user asked for it (forgot password) or was deleted. */
  createdBy: number | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  /** Set when an admin revoked the link or a newer one replaced it. */
  revokedAt: string | null;
}

export interface Tables {
  settings: SettingsTable;
  organizations: OrganizationsTable;
  organizationDomains: OrganizationDomainsTable;
  people: PeopleTable;
  tickets: TicketsTable;
  ticketMessages: TicketMessagesTable;
  properties: PropertiesTable;
  propertySettings: PropertySettingsTable;
  sessions: SessionsTable;
  apiTokens: ApiTokensTable;
  signInFailures: SignInFailuresTable;
  importTemplates: ImportTemplatesTable;
  invitations: InvitationsTable;
}
