import { z } from 'zod';

export const settingsSchema = z.object({
  autoCreateOrganizations: z.boolean(),
  defaultCountry: z.string().nullable(),
});

export const settingsChangeBody = z.strictObject({
  autoCreateOrganizations: z.boolean().optional(),
  defaultCountry: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter country code (ISO 3166), such as FR')
    .nullable()
    .optional()
    .describe('Country for phone numbers written without +prefix; null for none'),
});
