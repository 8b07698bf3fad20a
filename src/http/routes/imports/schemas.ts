import { z } from 'zod';
import { DATE_FORMATS } from '../../../core/dates.js';
import { PROPERTY_TYPES } from '../../../core/properties.js';
import { IMPORT_ENTITIES, ON_EXISTING } from '../../../import/types.js';
import { propertySchema } from '../properties/schemas.js';

const sourceOverrides = {
  encoding: z
    .string()
    .optional()
    .describe('Read the file in this encoding instead of detecting it: utf-8, windows-1252, iso-8859-1, utf-16le, utf-16be.'),
  delimiter: z.string().optional().describe('Split cells on this character instead of detecting it: `,`, `;`, `|` or `tab`.'),
};

export const uploadQuery = z.object({
  entity: z.enum(IMPORT_ENTITIES).describe('What the file holds.'),
  ...sourceOverrides,
});

export const analysisQuery = z.object(sourceOverrides);

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

export const reportQuery = z.object({
  errors: z.coerce.number().int().min(0).max(10_000).optional().describe('How many of the first errors to include (default 100).'),
});

const headerSchema = z.object({
  index: z.number().int(),
  name: z.string().describe('The header as written (may be empty).'),
  label: z.string().describe('A unique name for the column ("Column 3", "Email (2)"); mappings are keyed by it.'),
});

const suggestionSchema = z.object({ key: z.string().nullable(), reason: z.string() });

/** What an upload or a re-analysis tells about a file before it is mapped. */
export const analysisSchema = z.object({
  entity: z.enum(IMPORT_ENTITIES),
  encoding: z.string().describe('Lower-case WHATWG name, e.g. utf-8, windows-1252, utf-16le.'),
  encodingReason: z.string(),
  delimiter: z.string(),
  delimiterReason: z.string(),
  headers: z.array(headerSchema),
  headerIssues: z.array(z.string()),
  previewRows: z
    .array(
      z.object({
        row: z.number().int().describe('Row number as a spreadsheet shows it (header = 1).'),
        cells: z.array(z.string()),
        error: z.object({ code: z.string(), message: z.string() }).optional(),
      }),
    )
    .describe('The first 10 data rows.'),
  suggestions: z.record(z.string(), suggestionSchema).describe('Header → suggested property key (or null) and how it was chosen.'),
  suggestedMapping: z.record(z.string(), z.string()).describe('Header → property key from the suggestions; ignored columns absent.'),
  mappingProblem: z
    .string()
    .nullable()
    .describe('Why the suggested mapping cannot import as it is (a required property without a column).'),
  dateFormatSuggestions: z
    .record(
      z.string(),
      z.object({
        format: z.enum(DATE_FORMATS),
        ambiguous: z.boolean().describe('True when the values also read in another format (every day ≤ 12).'),
        alternatives: z.array(z.enum(DATE_FORMATS)),
        sampled: z.number().int(),
        message: z.string(),
      }),
    )
    .describe('Header → the date format its first 200 values fit. Never applied: send it in `dateFormats` to use it.'),
  properties: z.array(propertySchema),
});

export const uploadSchema = analysisSchema.extend({
  id: z.number().int().describe('The import (status `analysed`) that holds the upload; dry-run it next.'),
  status: z.string(),
  fileName: z.string(),
  size: z.number().int(),
  sha256: z.string(),
});

const newPropertySchema = z.strictObject({
  header: z.string(),
  key: z.string(),
  type: z.enum(PROPERTY_TYPES),
  label: z.string().optional(),
  choices: z.array(z.string()).optional(),
});

const storedOptionsSchema = z
  .object({
    onExisting: z.enum(ON_EXISTING),
    dateFormats: z.record(z.string(), z.enum(DATE_FORMATS)),
    sample: z.number().int().nullable(),
    allOrNothing: z.boolean(),
    newProperties: z.array(newPropertySchema),
    overrides: z.record(z.string(), z.string().nullable()),
  })
  .describe('The options the import ran with.');

export const dryRunBody = z.strictObject({
  mapping: z
    .record(z.string(), z.string().nullable())
    .optional()
    .describe('Overrides of the suggested mapping: header → property key; null or "" leaves the column out.'),
  ...sourceOverrides,
  dateFormats: z
    .record(z.string(), z.enum(DATE_FORMATS))
    .optional()
    .describe('Header → the date format of that column; yyyy-mm-dd otherwise.'),
  onExisting: z
    .enum(ON_EXISTING)
    .optional()
    .describe('A row whose email (organizations: name) exists: update (default), skip or overwrite.'),
  sample: z.number().int().min(1).optional().describe('Import only the first N data rows: a real import that can be undone.'),
  allOrNothing: z.boolean().optional().describe('Write nothing if any row fails.'),
  newProperties: z
    .array(newPropertySchema)
    .optional()
    .describe('Custom properties created when the import is committed, each filled by a column.'),
});

const issueSchema = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});

/** An import's record, counts and first errors: what runImport and friends return. */
export const reportSchema = z.object({
  id: z.number().int(),
  entity: z.enum(IMPORT_ENTITIES),
  status: z.enum(['analysed', 'dry-run', 'running', 'interrupted', 'completed', 'failed', 'undone', 'discarded']),
  dryRun: z.boolean(),
  fileName: z.string(),
  fileSize: z.number(),
  sha256: z.string(),
  encoding: z.string(),
  delimiter: z.string(),
  mapping: z.record(z.string(), z.string()),
  suggestions: z.record(z.string(), suggestionSchema),
  options: storedOptionsSchema,
  actor: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  message: z.string().nullable().describe('Why the import stopped, when it failed or wrote nothing.'),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  duplicates: z.number().int(),
  failed: z.number().int(),
  errors: z.array(issueSchema).describe('The first errors in row order; `errorCount` says how many there are.'),
  errorCount: z.number().int().describe('-1 in lists, where errors are not counted.'),
  undoneAt: z.string().nullable(),
  undo: z
    .object({
      removed: z.number().int(),
      restored: z.number().int(),
      kept: z.array(z.object({ id: z.number().int(), label: z.string(), reason: z.string() })),
      organizationsRemoved: z.number().int(),
    })
    .nullable(),
});

export const reportList = z.object({ items: z.array(reportSchema), limit: z.number().int(), offset: z.number().int() });

/** The `data` of a `progress` server-sent event (documentation; the stream is text/event-stream). */
export const progressEventSchema = z.object({
  id: z.number().int(),
  status: z.string(),
  phase: z.enum(['staging', 'planning', 'merging', 'indexing', 'done']),
  rowsDone: z.number().int(),
  totalRows: z.number().int().nullable(),
  rowsPerSec: z.number(),
  etaSeconds: z.number().nullable(),
});

export const eventStream = z
  .string()
  .describe(
    'text/event-stream: `progress` events (data: {id, status, phase, rowsDone, totalRows, rowsPerSec, etaSeconds}) while the import runs, then one `done` event whose data is the import report; the stream then ends.',
  );

// A stream is sent as it is (Fastify serialises only objects), so this only documents the answer.
export const errorReportCsv = z
  .any()
  .describe('text/csv: Row, the file’s columns with the original cells, Problem. Formula cells are neutralised.');
