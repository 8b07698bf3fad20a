import { isSupportedCountry } from 'libphonenumber-js/min';
import { validationError } from '../../core/errors.js';
import type { Database } from '../database.js';

/** Directory-wide settings with their defaults. Stored as text in the settings table. */
export interface Settings {
  /** A new customer from an unknown (non free-mail) domain creates an organization for it. */
  autoCreateOrganizations: boolean;
  /** Country used to read phone numbers written without a +prefix (ISO 3166 alpha-2), if any. */
  defaultCountry: string | null;
}

const DEFAULTS: Settings = { autoCreateOrganizations: true, defaultCountry: null };

/**
 * The current settings: stored values over the defaults. Only known keys are read: the table also
 * holds markers the system keeps, such as the first-run setup claim (see createFirstAdmin).
 */
export async function getSettings(db: Database): Promise<Settings> {
  const rows = await db.kysely.selectFrom('settings').selectAll().where('key', 'in', Object.keys(DEFAULTS)).execute();
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return { ...DEFAULTS, ...stored };
}

/** A change request as an adapter hands it over: the repository checks the values itself. */
export type SettingsChange = { [K in keyof Settings]?: unknown };

/** Checks each given setting and returns it in its stored form; the first bad one throws, naming its field. */
function checkChanges(changes: SettingsChange): Partial<Settings> {
  const checked: Partial<Settings> = {};
  if (changes.autoCreateOrganizations !== undefined) {
    if (typeof changes.autoCreateOrganizations !== 'boolean')
      throw validationError('autoCreateOrganizations', 'Auto-create organizations must be true or false.');
    checked.autoCreateOrganizations = changes.autoCreateOrganizations;
  }
  if (changes.defaultCountry !== undefined) {
    const raw = changes.defaultCountry;
    if (raw === null) checked.defaultCountry = null;
    else {
      const code = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
      // Only countries libphonenumber has metadata for: the setting exists to read phone numbers.
      if (!/^[A-Z]{2}$/.test(code) || !isSupportedCountry(code)) {
        throw validationError(
          'defaultCountry',
          `${JSON.stringify(raw)} is not a country code Roster knows: give a two-letter ISO 3166 code such as FR or US, or null for none.`,
        );
      }
      checked.defaultCountry = code;
    }
  }
  return checked;
}

/**
 * Changes the given settings and returns them all. Every value is checked before anything is
 * written, so a bad value changes nothing; unknown keys are ignored.
 */
export async function updateSettings(db: Database, changes: SettingsChange): Promise<Settings> {
  const checked = checkChanges(changes);
  await db.kysely.transaction().execute(async (trx) => {
    for (const [key, value] of Object.entries(checked)) {
      await trx
        .insertInto('settings')
        .values({ key, value: JSON.stringify(value) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
        .execute();
    }
  });
  return getSettings(db);
}
