import { z } from 'zod';
import { PROPERTY_TYPES } from '../../../core/properties.js';
import { RECORD_KINDS } from '../../../core/record-kind.js';

export const kindParams = z.object({ kind: z.enum(RECORD_KINDS) });

export const propertyParams = kindParams.extend({ key: z.string() });

export const propertySchema = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(PROPERTY_TYPES),
  required: z.boolean().describe('Must be given when a record is created (standard ones are fixed; custom ones an admin chooses)'),
  choices: z.array(z.string()).optional(),
  custom: z.boolean(),
  readOnly: z.boolean().optional(),
  sortable: z.boolean().optional(),
  hidden: z
    .boolean()
    .optional()
    .describe('A standard property an admin left out of the web forms; the API and imports still take it (the property list always says)'),
});

export const propertyList = z.object({ properties: z.array(propertySchema).describe('In the order an admin chose') });

export const newPropertyBody = z.strictObject({
  key: z.string().describe('camelCase, e.g. loyaltyTier; stored in column x_loyalty_tier'),
  label: z.string(),
  type: z.enum(PROPERTY_TYPES),
  choices: z.array(z.string()).optional(),
});

export const propertyChangeBody = z
  .strictObject({
    label: z.string().optional().describe('Custom properties only'),
    choices: z.array(z.string()).optional().describe('Custom choice properties only: the whole new list'),
    required: z
      .boolean()
      .optional()
      .describe('Custom properties only: asked for when a record is created; records without a value keep none until given one'),
    hidden: z
      .boolean()
      .optional()
      .describe('Standard properties only, except the required ones: left out of the web forms (the API and imports still take it)'),
  })
  .describe('A standard property takes only `hidden`; a custom one `label`, `choices` and `required`.');

export const propertyOrderBody = z.strictObject({
  keys: z.array(z.string()).describe('Every property key of the kind, each once, in the new order'),
});

export const propertyUsage = z.object({
  records: z.number().int().describe('How many records of the kind have a value for this custom property (what removing it erases)'),
});

export const removedProperty = z.object({
  property: propertySchema.describe('The property as it was'),
  values: z.number().int().describe('How many records had a value, now erased'),
});
