import { z } from 'zod';
import { DATE_FORMATS } from '../../../core/dates.js';
import { TEMPLATE_NAME_MAX } from '../../../import/use-cases/import-templates.js';
import { IMPORT_ENTITIES, ON_EXISTING } from '../../../import/types.js';

export const templateCsvQuery = z.object({
  entity: z.enum(IMPORT_ENTITIES).describe('The kind of record the file is for.'),
});

export const templateListQuery = z.object({
  entity: z.enum(IMPORT_ENTITIES).optional().describe('Only the templates of this kind; every kind’s without it.'),
});

const mapping = z
  .record(z.string(), z.string().nullable())
  .describe('Header label → property key (users and customers also take `fullName`), or null for a column left out.');
const dateFormats = z.record(z.string(), z.enum(DATE_FORMATS)).describe('Header label → the date format of that column.');
const valueMaps = z
  .record(z.string(), z.record(z.string(), z.string()))
  .describe(
    'Values mapped per column that goes to a choice property (a ticket’s Status, Priority): header label → value as written (case aside) → one of the property’s choices.',
  );
const createMissingCustomers = z
  .boolean()
  .describe('Tickets only: create a customer for each Customer Email that matches nobody, instead of leaving the ticket waiting.');

/** A saved mapping, as the API shows it. */
export const importTemplateSchema = z.object({
  id: z.number().int(),
  entity: z.enum(IMPORT_ENTITIES),
  name: z.string(),
  headers: z.array(z.string()).describe('The header labels of the file the mapping was made for, in file order.'),
  mapping: mapping.describe('Header label → property key (or `fullName`), null for a column left out; every header has an entry.'),
  dateFormats,
  onExisting: z.enum(ON_EXISTING),
  allOrNothing: z.boolean(),
  valueMaps: valueMaps.describe('Header label → value as written, in lower case → the choice stored; {} when none.'),
  createMissingCustomers,
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const importTemplateList = z.object({ items: z.array(importTemplateSchema) });

export const saveTemplateBody = z
  .strictObject({
    entity: z.enum(IMPORT_ENTITIES),
    name: z
      .string()
      .min(1)
      .max(TEMPLATE_NAME_MAX)
      .describe('Unique per entity: saving a name the entity already has replaces that template (the answer is then 200, not 201).'),
    headers: z.array(z.string()).min(1).describe('The file’s header labels (as the analysis gives them in `headers[].label`).'),
    mapping: mapping.describe(
      'Header label → property key (or `fullName`), null to leave a column out; a header without an entry is left out.',
    ),
    dateFormats: dateFormats.optional(),
    onExisting: z.enum(ON_EXISTING).optional().describe('update (default), skip or overwrite.'),
    allOrNothing: z.boolean().optional().describe('Write nothing if any row fails (default false).'),
    valueMaps: valueMaps.optional(),
    createMissingCustomers: createMissingCustomers
      .optional()
      .describe(`${createMissingCustomers.description} Default false; refused for other kinds (400).`),
  })
  .describe('A mapping to save under a name; it is checked as an import would check it.');

// A string is sent as it is, so this only documents the answer.
export const templateCsvAnswer = z
  .any()
  .describe('text/csv: one header row with the label of every property of the entity, required ones first; UTF-8 with a byte order mark.');
