/** The kinds of record Roster keeps. The plural form is what the CLI, the API and import reports use. */
export const RECORD_KINDS = ['users', 'customers', 'organizations', 'tickets'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Users and customers live in one people table; this is the value of its kind column. */
export type PersonKind = 'user' | 'customer';

export function isRecordKind(value: string): value is RecordKind {
  return (RECORD_KINDS as readonly string[]).includes(value);
}

export function personKindOf(kind: RecordKind): PersonKind | undefined {
  if (kind === 'users') return 'user';
  if (kind === 'customers') return 'customer';
  return undefined;
}
