import { z } from 'zod';
import { PROPERTY_TYPES } from '../../../core/properties.js';
import { RECORD_KINDS } from '../../../core/record-kind.js';

export const kindParams = z.object({ kind: z.enum(RECORD_KINDS) });

export const propertyParams = kindParams.extend({ key: z.string() });

export const propertySchema = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(PROPERTY_TYPES),
  required: z.boolean(),
  choices: z.array(z.string()).optional(),
  custom: z.boolean(),
  readOnly: z.boolean().optional(),
  sortable: z.boolean().optional(),
});

export const propertyList = z.object({ properties: z.array(propertySchema) });

export const newPropertyBody = z.strictObject({
  key: z.string().describe('camelCase, e.g. loyaltyTier; stored in column x_loyalty_tier'),
  label: z.string(),
  type: z.enum(PROPERTY_TYPES),
  choices: z.array(z.string()).optional(),
});

export const propertyChangeBody = z.strictObject({ label: z.string().optional(), choices: z.array(z.string()).optional() });

export const removedProperty = z.object({
  property: propertySchema.describe('The property as it was'),
  values: z.number().int().describe('How many records had a value, now erased'),
});
