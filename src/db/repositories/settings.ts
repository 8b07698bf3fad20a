import type { Database } from '../database.js';

/** Directory-wide settings with their defaults. Stored as text in the settings table. */
export interface Settings {
  /** A new customer from an unknown (non free-mail) domain creates an organization for it. */
  autoCreateOrganizations: boolean;
  /** Country used to read phone numbers written without a +prefix (ISO 3166 alpha-2), if any. */
  defaultCountry: string | null;
}

const DEFAULTS: Settings = { autoCreateOrganizations: true, defaultCountry: null };

export async function getSettings(db: Database): Promise<Settings> {
  const rows = await db.kysely.selectFrom('settings').selectAll().execute();
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return { ...DEFAULTS, ...stored } as Settings;
}

export async function updateSettings(db: Database, changes: Partial<Settings>): Promise<Settings> {
  for (const [key, value] of Object.entries(changes)) {
    if (!(key in DEFAULTS) || value === undefined) continue;
    await db.kysely
      .insertInto('settings')
      .values({ key, value: JSON.stringify(value) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
      .execute();
  }
  return getSettings(db);
}
