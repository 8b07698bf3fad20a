import { isValidEmail, normalizeEmail } from '../../core/email.js';
import { RosterError, validationError } from '../../core/errors.js';
import { nameFromEmail, splitFullName, type SplitName } from '../../core/full-name.js';
import type { TicketSource } from '../../core/person-source.js';
import type { TicketMessageSource } from '../../core/ticket-message.js';
import { clip, VALUE_LIMITS } from '../../core/value-limits.js';
import type { Database } from '../database.js';
import { isUniqueViolation } from '../imports/sql-runner.js';
import { now } from './now.js';
import { linkPendingTickets } from './pending-links.js';
import { resolveCustomerOrganization } from './organizations.js';
import { findPersonByEmail } from './people.js';
import { getSettings } from './settings.js';
import { getTicket, lockTicketNumbers, newTicketRow, nextTicketNumber, ticketColumns, type TicketRecord } from './tickets.js';

/** A ticket someone sends: who asks (by email, perhaps with a name), what about, and through which channel. */
export interface TicketSubmission {
  requesterEmail: string;
  /** A whole name ("Jane Doe"), split as splitFullName does; without one, a new customer is named after the email. */
  requesterName?: string | null | undefined;
  title: string;
  description?: string | null | undefined;
  /** How the ticket came: the `source` a customer created for it gets. */
  source: TicketSource;
  /** Other ticket fields, as POST /api/tickets takes them (priority, assigneeEmail, custom properties, …). */
  fields?: Record<string, unknown>;
  /** Also keep the description as the ticket's first message, from the requester, with this source (as an email's ticket does). */
  firstMessageSource?: TicketMessageSource;
}

/** What the requester's email led to: a customer (found or created), or no link at all. */
export type TicketRequester =
  { email: string; linked: true; customerId: number; created: boolean } | { email: string; linked: false; reason: string };

export interface SubmittedTicket {
  ticket: TicketRecord;
  requester: TicketRequester;
}

/** The names a caller's input uses for the submission's fields, for the `field` of a validation error. */
export type SubmissionFieldNames = Partial<Record<'requesterEmail' | 'requesterName' | 'title' | 'description', string>>;

export const USER_REQUESTER_REASON =
  'The email belongs to a user (agent), not a customer: the ticket is linked to no customer. One email is a user or a customer, never both.';

/** Attempts at the whole transaction when a concurrent submission took the email or the ticket number first. */
const ATTEMPTS = 5;

interface CheckedSubmission {
  email: string;
  name: SplitName | undefined;
  title: string;
  description: string | null;
}

function check(input: TicketSubmission, names: SubmissionFieldNames): CheckedSubmission {
  const field = (key: keyof SubmissionFieldNames) => names[key] ?? key;
  const email = normalizeEmail(input.requesterEmail);
  if (!email) throw validationError(field('requesterEmail'), 'An email address is required.');
  if (!isValidEmail(email)) throw validationError(field('requesterEmail'), `"${clip(email, 100)}" is not a valid email address.`);
  // The words of the caller's form: the support form says subject and message, the API title and description.
  const words = names.title ? { title: 'subject', description: 'message' } : { title: 'title', description: 'description' };
  const title = input.title.trim();
  if (!title) throw validationError(field('title'), `A ${words.title} is required.`);
  if (title.length > VALUE_LIMITS.name)
    throw validationError(
      field('title'),
      `The ${words.title} is ${title.length} characters long; it may have at most ${VALUE_LIMITS.name}.`,
    );
  const description = input.description?.trim() ? input.description : null;
  if (description && description.length > VALUE_LIMITS.long) {
    throw validationError(
      field('description'),
      `The ${words.description} is ${description.length.toLocaleString('en-US')} characters long; it may have at most ${VALUE_LIMITS.long.toLocaleString('en-US')}.`,
    );
  }
  const fullName = input.requesterName?.trim() ?? '';
  if (fullName.length > VALUE_LIMITS.name)
    throw validationError(
      field('requesterName'),
      `The name is ${fullName.length} characters long; it may have at most ${VALUE_LIMITS.name}.`,
    );
  const split = fullName ? splitFullName(fullName) : undefined;
  return { email, name: split?.firstName ? split : undefined, title, description };
}

/** A new customer's name: the one given, else one made from the email, each half cut to what a name holds. */
function customerName(checked: Pick<CheckedSubmission, 'email' | 'name'>): SplitName {
  const { firstName, lastName } = checked.name ?? nameFromEmail(checked.email);
  return { firstName: firstName.slice(0, VALUE_LIMITS.name), lastName: lastName.slice(0, VALUE_LIMITS.name) };
}

/**
 * Creates the customer an unknown requester becomes, named as they gave it (else after their
 * email), joined to an organization as a customer created by hand is, and links the tickets that
 * waited for that email. Inside the caller's transaction; returns the new customer's id.
 */
async function createRequesterCustomer(
  tdb: Database,
  requester: Pick<CheckedSubmission, 'email' | 'name'>,
  source: TicketSource,
  t: string,
): Promise<number> {
  const settings = await getSettings(tdb);
  const organizationId = await resolveCustomerOrganization(tdb.kysely, { email: requester.email }, settings);
  const created = await tdb.kysely
    .insertInto('people')
    .values({
      kind: 'customer',
      email: requester.email,
      ...customerName(requester),
      organizationId,
      status: 'active',
      createdAt: t,
      updatedAt: t,
      source,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await linkPendingTickets(tdb);
  return created.id;
}

/**
 * The customer whose email wrote to the helpdesk, created as a ticket's unknown requester is when
 * nobody has that email: whoever answers a ticket's email (a colleague in copy, say) becomes a
 * customer as its first sender did. Undefined for a user's email or one that is not a valid address.
 */
export async function customerForSender(
  db: Database,
  sender: { email: string; name?: string | null | undefined },
  source: TicketSource,
): Promise<{ customerId: number; created: boolean } | undefined> {
  const email = normalizeEmail(sender.email);
  if (!email || !isValidEmail(email)) return undefined;
  const fullName = sender.name?.trim().slice(0, VALUE_LIMITS.name) ?? '';
  const split = fullName ? splitFullName(fullName) : undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.kysely.transaction().execute(async (trx) => {
        const tdb: Database = { ...db, kysely: trx };
        const person = await findPersonByEmail(tdb, email);
        if (person) return person.kind === 'customer' ? { customerId: person.id, created: false } : undefined;
        const customerId = await createRequesterCustomer(tdb, { email, name: split?.firstName ? split : undefined }, source, now());
        return { customerId, created: true };
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= ATTEMPTS) throw error;
    }
  }
}

/**
 * Files a ticket for whoever sent it, as a helpdesk does with its contact form, email and API:
 * the requester is found by email (whatever its case); someone unknown becomes a customer there
 * and then, with `source` saying how, named as they gave it (else after their email) and joined
 * to an organization as a customer created by hand is (resolveCustomerOrganization). A user's
 * email files the ticket with no customer, and the answer says why.
 *
 * The lookup, the customer and the ticket are one transaction: a failure leaves none of them.
 * Two submissions from the same new email at once create one customer: the second's insert
 * breaks the unique index on lower(email), its transaction is rolled back and run again, and
 * then finds the customer the first created. A ticket number taken in between is retried the
 * same way. On SQLite every query goes through the transaction, which holds the only connection.
 */
export async function submitTicket(db: Database, input: TicketSubmission, names: SubmissionFieldNames = {}): Promise<SubmittedTicket> {
  const checked = check(input, names);
  if (input.fields && Object.hasOwn(input.fields, 'customerEmail'))
    throw validationError('customerEmail', 'Give either customerEmail or requesterEmail, not both.');
  for (let attempt = 1; ; attempt++) {
    try {
      const { ticketId, requester } = await db.kysely.transaction().execute(async (trx) => {
        const tdb: Database = { ...db, kysely: trx };
        // First, before the requester's row: an import's range holding the lock may be creating
        // the same customer (lockTicketNumbers).
        await lockTicketNumbers(tdb);
        const t = now();
        // Checked as given, not as a complete ticket (the title always is): whoever writes in cannot
        // fill the ticket properties an admin made required for the agents' own forms.
        const values = await ticketColumns(tdb, { ...input.fields, title: checked.title, description: checked.description }, true);
        let requester: TicketRequester;
        const person = await findPersonByEmail(tdb, checked.email);
        let authorId = person?.id ?? null;
        if (person?.kind === 'user') requester = { email: checked.email, linked: false, reason: USER_REQUESTER_REASON };
        else if (person) requester = { email: checked.email, linked: true, customerId: person.id, created: false };
        else {
          const created = await createRequesterCustomer(tdb, checked, input.source, t);
          requester = { email: checked.email, linked: true, customerId: created, created: true };
          authorId = created;
        }
        let number = values.number as number | undefined;
        if (number !== undefined) {
          const taken = await trx.selectFrom('tickets').select('id').where('number', '=', number).executeTakeFirst();
          if (taken) throw new RosterError('conflict', `Ticket number ${number} is taken.`, { field: 'number' });
        } else number = await nextTicketNumber(tdb);
        const row = await trx
          .insertInto('tickets')
          .values({ ...newTicketRow(values, number, t), customerId: requester.linked ? requester.customerId : null })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (input.firstMessageSource) {
          await trx
            .insertInto('ticketMessages')
            .values({
              ticketId: row.id,
              authorEmail: checked.email,
              authorId,
              body: checked.description ?? '',
              createdAt: t,
              source: input.firstMessageSource,
            })
            .execute();
        }
        return { ticketId: row.id, requester };
      });
      return { ticket: await getTicket(db, ticketId), requester };
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= ATTEMPTS) throw error;
    }
  }
}
