import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/**
 * A phone number is always kept as the person wrote it; when libphonenumber can read it as a
 * valid number (using `defaultCountry` for numbers without a +prefix) we also keep its E.164 form,
 * which is what dialers and deduplication want.
 */
export function toE164(raw: string, defaultCountry?: string): string | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  const parsed = parsePhoneNumberFromString(value, defaultCountry as CountryCode | undefined);
  return parsed && parsed.isValid() ? parsed.number : undefined;
}
