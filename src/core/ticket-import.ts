import { parseDate, type DateFormat } from './dates.js';
import { isValidEmail, normalizeEmail } from './email.js';
import type { Property } from './properties.js';
import type { RecordKind } from './record-kind.js';
import { clip } from './value-limits.js';

/**
 * What a ticket import knows beyond the ticket's own properties: the columns it can read that
 * are not stored as properties (the historical dates, a customer's name for the customers it may
 * create, the conversation), and the words other helpdesks use for statuses and priorities.
 */

/** Mapping targets of a tickets import that are not properties of a ticket. */
export const TICKET_IMPORT_TARGETS: readonly Property[] = [
  { key: 'createdAt', label: 'Created Date', type: 'date', required: false, custom: false },
  { key: 'updatedAt', label: 'Updated Date', type: 'date', required: false, custom: false },
  { key: 'customerName', label: 'Customer Name', type: 'text', required: false, custom: false },
  { key: 'messages', label: 'Messages', type: 'text', required: false, custom: false },
];

/**
 * The properties a file's columns can go to in an import of `kind` (besides Full name): the kind's
 * properties and, for tickets, TICKET_IMPORT_TARGETS, without Number (Roster numbers the tickets
 * it imports; their number in the old helpdesk is their External ID).
 */
export function mappingTargets(kind: RecordKind, properties: readonly Property[]): Property[] {
  if (kind !== 'tickets') return [...properties];
  const own = properties.filter((p) => p.key !== 'number');
  return [...own, ...TICKET_IMPORT_TARGETS.filter((t) => !own.some((p) => p.key === t.key))];
}

/** The ticket columns read as a moment in time rather than a calendar date. */
export const TIMESTAMP_KEYS: ReadonlySet<string> = new Set(['createdAt', 'updatedAt']);

/**
 * Status words of other helpdesks' exports (Zendesk, Freshdesk, Zammad, osTicket, Help Scout,
 * Jira Service Management, OneDesk), lower case, and the Roster status each means. A word not
 * here is an error for its row unless the person maps it (`--value "Status:Escalated=open"`).
 */
export const STATUS_WORDS: Readonly<Record<string, string>> = {
  new: 'open',
  open: 'open',
  active: 'open',
  reopened: 'open',
  'in progress': 'open',
  'in-progress': 'open',
  'not started': 'open',
  'waiting for support': 'open',
  escalated: 'open',
  assigned: 'open',
  pending: 'pending',
  'on hold': 'pending',
  'on-hold': 'pending',
  hold: 'pending',
  waiting: 'pending',
  'waiting on customer': 'pending',
  'waiting for customer': 'pending',
  'waiting on third party': 'pending',
  'awaiting customer': 'pending',
  'pending reminder': 'pending',
  'pending close': 'pending',
  solved: 'resolved',
  resolved: 'resolved',
  done: 'resolved',
  fixed: 'resolved',
  finished: 'resolved',
  completed: 'resolved',
  closed: 'closed',
  archived: 'closed',
  canceled: 'closed',
  cancelled: 'closed',
  merged: 'closed',
  spam: 'closed',
};

/** Priority words of the same exports ("1 low" is Zammad's spelling), lower case, and Roster's priority. */
export const PRIORITY_WORDS: Readonly<Record<string, string>> = {
  lowest: 'low',
  low: 'low',
  '1 low': 'low',
  minor: 'low',
  trivial: 'low',
  normal: 'normal',
  medium: 'normal',
  '2 normal': 'normal',
  moderate: 'normal',
  high: 'high',
  '3 high': 'high',
  major: 'high',
  important: 'high',
  urgent: 'urgent',
  highest: 'urgent',
  critical: 'urgent',
  blocker: 'urgent',
  emergency: 'urgent',
};

/** The words a ticket property's values are read with, lower case → Roster's value; empty for other properties. */
export function knownWords(property: Pick<Property, 'key' | 'custom'>): Readonly<Record<string, string>> {
  if (property.custom) return {};
  if (property.key === 'status') return STATUS_WORDS;
  if (property.key === 'priority') return PRIORITY_WORDS;
  return {};
}

export type TimestampResult = { ok: true; value: string } | { ok: false; message: string };

const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Reads a ticket's created or updated moment as an ISO 8601 UTC timestamp: a date (yyyy-mm-dd,
 * midnight UTC), a date-time as helpdesks export them (ISO 8601 with `T` or a space, with or
 * without seconds, with or without a UTC offset: none means UTC), or a date in the `format` the
 * person picked for the column.
 *
 * @example
 * parseTimestamp('2024-03-02 14:05'); // → { ok: true, value: '2024-03-02T14:05:00.000Z' }
 * parseTimestamp('2024-03-02T14:05:00+02:00'); // → { ok: true, value: '2024-03-02T12:05:00.000Z' }
 */
export function parseTimestamp(raw: string, format?: DateFormat): TimestampResult {
  const value = raw.trim();
  const m = ISO_DATE_TIME.exec(value);
  if (m) {
    const date = parseDate(m[1]!);
    if (!date.ok) return date;
    const [hours, minutes, seconds] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
    if (hours > 23 || minutes > 59 || seconds > 59) return { ok: false, message: `"${clip(value)}" is not a real time of day` };
    const offset = m[6] === undefined || m[6].toUpperCase() === 'Z' ? 'Z' : m[6].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
    const time = `${date.value}T${m[2]}:${m[3]}:${String(seconds).padStart(2, '0')}${m[5] ?? ''}${offset}`;
    const ms = Date.parse(time);
    if (Number.isNaN(ms)) return { ok: false, message: `"${clip(value)}" is not a date-time Roster reads` };
    return { ok: true, value: new Date(ms).toISOString() };
  }
  const date = parseDate(value, format && format !== 'iso-datetime' ? format : 'yyyy-mm-dd');
  if (!date.ok) {
    return {
      ok: false,
      message: `"${clip(value)}" is not a date (yyyy-mm-dd) or a date-time (yyyy-mm-dd hh:mm, ISO 8601)${format && format !== 'yyyy-mm-dd' && format !== 'iso-datetime' ? ` or a date in the format ${format}` : ''}`,
    };
  }
  return { ok: true, value: `${date.value}T00:00:00.000Z` };
}

/** One message of an imported ticket's conversation. */
export interface ImportedMessage {
  authorEmail: string;
  /** ISO 8601 UTC. */
  createdAt: string;
  body: string;
}

export type MessagesResult = { ok: true; messages: ImportedMessage[] } | { ok: false; message: string };

/**
 * The address of a message's author as written in a file: a bare address or `Name <address>`,
 * normalised (normalizeEmail); undefined when it is not a valid email address.
 */
export function authorAddress(raw: string): string | undefined {
  const email = normalizeEmail(raw.replace(/^.*<([^>]+)>.*$/, '$1'));
  return isValidEmail(email) ? email : undefined;
}

/**
 * Reads a Messages cell: the ticket's conversation, oldest first, in either of two forms.
 * - A JSON array of objects with an author (`author`, `from` or `email`), a date (`date` or
 *   `createdAt`) and a `body` (or `text`): what a script that converts an export writes.
 * - Plain text: messages separated by a line of `---`, each starting with `From: <email>` and
 *   `Date: <date or date-time>` lines, then a blank line, then the body: what a person writes.
 */
export function parseMessages(cell: string): MessagesResult {
  const text = cell.trim();
  if (text === '') return { ok: true, messages: [] };
  const raw = text.startsWith('[') ? fromJson(text) : fromBlocks(text);
  if (!Array.isArray(raw)) return raw;
  const messages: ImportedMessage[] = [];
  for (const [i, m] of raw.entries()) {
    const n = i + 1;
    const author = authorAddress(m.author);
    if (!author) return { ok: false, message: `message ${n} has no author email (found "${clip(m.author)}")` };
    const when = parseTimestamp(m.date);
    if (!when.ok) return { ok: false, message: `message ${n}: ${when.message}` };
    const body = m.body.trim();
    if (body === '') return { ok: false, message: `message ${n} has an empty body` };
    messages.push({ authorEmail: author, createdAt: when.value, body });
  }
  return { ok: true, messages };
}

type RawMessage = { author: string; date: string; body: string };

function fromJson(text: string): RawMessage[] | { ok: false; message: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, message: 'the messages start with "[" but are not valid JSON' };
  }
  if (!Array.isArray(parsed)) return { ok: false, message: 'the messages are not a JSON array' };
  return parsed.map((item: unknown) => {
    const o = (item !== null && typeof item === 'object' ? item : {}) as Record<string, unknown>;
    const str = (...keys: string[]) => {
      for (const k of keys) if (typeof o[k] === 'string') return o[k];
      return '';
    };
    return {
      author: str('author', 'from', 'email', 'authorEmail'),
      date: str('date', 'createdAt', 'created_at'),
      body: str('body', 'text'),
    };
  });
}

function fromBlocks(text: string): RawMessage[] {
  return text.split(/\r?\n-{3,}\r?\n/).map((block) => {
    const lines = block.trim().split(/\r?\n/);
    let author = '';
    let date = '';
    let i = 0;
    for (; i < lines.length; i++) {
      const header = /^(from|date):\s*(.*)$/i.exec(lines[i]!);
      if (!header) break;
      if (header[1]!.toLowerCase() === 'from') author = header[2]!;
      else date = header[2]!;
    }
    return { author, date, body: lines.slice(i).join('\n') };
  });
}
