import { customColumnName } from '../../core/properties.js';

/**
 * Custom property `loyaltyTier` lives in column `x_loyalty_tier`; through Kysely's CamelCasePlugin
 * that column reads as field `xLoyaltyTier`. Both spellings are derived here and nowhere else.
 */
export function customField(key: string): CustomField {
  return `x${key.charAt(0).toUpperCase()}${key.slice(1)}`;
}

/** The Kysely field of a custom property's column (see customField). */
export type CustomField = `x${string}`;

/**
 * The custom columns a table gains at run time: real TEXT columns, added by addProperty, so
 * queries name them like any other column and read them as text.
 */
export interface CustomColumns {
  [field: CustomField]: string | null;
}

/**
 * The value of `field` in a row, for code that walks a kind's properties: a property's field is
 * known only at run time (a standard column, or a custom one), and every such column holds text
 * except a ticket's number, which toJsonValue reads alike.
 */
export function fieldValue(row: object, field: string): string | null | undefined {
  return (row as Record<string, string | null | undefined>)[field];
}

/**
 * Values keyed by field, built from a kind's properties (standard fields and custom ones), as the
 * typed insert or update of a table. Which fields a write has is decided at run time by the
 * properties, whose columns the migrations and addProperty create; the query stays typed.
 */
export function propertyWrite<W>(values: Record<string, unknown>): W {
  return values as W;
}

export { customColumnName };
