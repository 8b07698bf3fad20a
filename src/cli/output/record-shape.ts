import type { Property } from '../../core/properties.js';
import type { AnyRecord } from '../../core/record-csv.js';

/**
 * The documented `--json` shape of a record (docs/cli.md): `id`, then one key per property in
 * property order (standard, then custom), then `createdAt` and `updatedAt`, and for a user or
 * customer `source` (how they came to be); for a ticket waiting for its people,
 * `pendingCustomerEmail` / `pendingAssigneeEmail`, and for an imported one, `importId`. Values are exact:
 * numbers and booleans typed, a customer's organization by name, a ticket's people by email.
 * Keys the repository does not return for this kind are left out rather than invented.
 */
export function recordJson(properties: readonly Property[], record: AnyRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { id: record.id };
  for (const p of properties) if (Object.hasOwn(record, p.key)) out[p.key] = record[p.key] ?? null;
  out.createdAt = record.createdAt ?? null;
  out.updatedAt = record.updatedAt ?? null;
  // A person's read-only origin (manual, import, ticket_form, …); other kinds have none.
  if (Object.hasOwn(record, 'source')) out.source = record.source;
  // A ticket's people while it waits for them: the email it named, until that person exists.
  for (const key of ['pendingCustomerEmail', 'pendingAssigneeEmail']) if (record[key] != null) out[key] = record[key];
  if (record.createdImportId != null) out.importId = record.createdImportId;
  return out;
}
