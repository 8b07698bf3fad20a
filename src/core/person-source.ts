/**
 * How a person came to be, stored in `people.source` and shown read-only:
 * - `manual`: created by hand, in the web UI, the API or the CLI;
 * - `import`: created by an import (which one: `created_import_id`);
 * - `ticket_form`: created when they sent the public support form;
 * - `email`: created from an email they sent;
 * - `api_ticket`: created when an authenticated API call submitted a ticket in their name.
 */
export const PERSON_SOURCES = ['manual', 'import', 'ticket_form', 'email', 'api_ticket'] as const;

export type PersonSource = (typeof PERSON_SOURCES)[number];

/** The sources a submitted ticket can create its requester with. */
export type TicketSource = Extract<PersonSource, 'ticket_form' | 'email' | 'api_ticket'>;
