import type { Kysely, Migration } from 'kysely';

// Migrations see the database untyped and in snake_case, as the SQL it produces will.
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * `tickets.organization_id`: the organization a ticket is about, as other helpdesks export it
 * (Zendesk's and Freshdesk's "Organization", "Company"), by name in the API and in files.
 * Cleared when the organization is deleted.
 */
export function ticketOrganization(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('tickets')
        .addColumn('organization_id', 'integer', (c) => c.references('organizations.id').onDelete('set null'))
        .execute();
      await db.schema.createIndex('tickets_organization').on('tickets').column('organization_id').execute();
    },
  };
}
