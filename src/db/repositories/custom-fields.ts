import { customColumnName } from '../../core/properties.js';

/**
 * Custom property `loyaltyTier` lives in column `x_loyalty_tier`; through Kysely's CamelCasePlugin
 * that column reads as field `xLoyaltyTier`. Both spellings are derived here and nowhere else.
 */
export function customField(key: string): string {
  return 'x' + key.charAt(0).toUpperCase() + key.slice(1);
}

export { customColumnName };
