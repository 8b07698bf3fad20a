import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../database.js';
import { withId } from './column-types.js';

// Migrations see the database untyped and in snake_case, as the SQL it produces will.
/* eslint-disable @typescript-eslint/no-explicit-any */
export function directory(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('organizations'), dialect)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('import_id', 'integer')
        .addColumn('created_import_id', 'integer')
        .execute();
      // Organization names are unique regardless of case ("ACME" is "Acme").
      await db.schema
        .createIndex('organizations_name_key')
        .on('organizations')
        .unique()
        .expression(sql`lower(name)`)
        .execute();

      await db.schema
        .createTable('organization_domains')
        .addColumn('domain', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
        .execute();
      await db.schema.createIndex('organization_domains_org').on('organization_domains').column('organization_id').execute();

      await withId(db.schema.createTable('people'), dialect)
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('user', 'customer')`))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('first_name', 'text', (c) => c.notNull())
        .addColumn('last_name', 'text', (c) => c.notNull())
        .addColumn('title', 'text')
        .addColumn('phone', 'text')
        .addColumn('phone_e164', 'text')
        .addColumn('mobile', 'text')
        .addColumn('mobile_e164', 'text')
        .addColumn('department', 'text')
        .addColumn('role', 'text')
        .addColumn('organization_id', 'integer', (c) => c.references('organizations.id').onDelete('set null'))
        .addColumn('address', 'text')
        .addColumn('city', 'text')
        .addColumn('region', 'text')
        .addColumn('postal_code', 'text')
        .addColumn('country', 'text')
        .addColumn('website', 'text')
        .addColumn('language', 'text')
        .addColumn('time_zone', 'text')
        .addColumn('notes', 'text')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        .addColumn('password_hash', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('import_id', 'integer')
        .addColumn('created_import_id', 'integer')
        .execute();
      // One email is a user or a customer, never both, whatever its case: one unique index over
      // both kinds, enforced by the database itself.
      await db.schema
        .createIndex('people_email_key')
        .on('people')
        .unique()
        .expression(sql`lower(email)`)
        .execute();
      await db.schema.createIndex('people_kind_name').on('people').columns(['kind', 'last_name', 'first_name']).execute();
      await db.schema.createIndex('people_organization').on('people').column('organization_id').execute();
      await db.schema.createIndex('people_created_import').on('people').column('created_import_id').execute();

      await withId(db.schema.createTable('tickets'), dialect)
        .addColumn('number', 'integer', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
        .addColumn('priority', 'text', (c) => c.notNull().defaultTo('normal'))
        .addColumn('customer_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
        .addColumn('assignee_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('import_id', 'integer')
        .addColumn('created_import_id', 'integer')
        .execute();
      await db.schema.createIndex('tickets_customer').on('tickets').column('customer_id').execute();
      await db.schema.createIndex('tickets_assignee').on('tickets').column('assignee_id').execute();

      await withId(db.schema.createTable('properties'), dialect)
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('choices', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('properties_entity_key', ['entity', 'key'])
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('api_tokens'), dialect)
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .execute();
    },
  };
}
