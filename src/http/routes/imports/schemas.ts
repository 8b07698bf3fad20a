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
  entity: z.enum(IMPORT_ENTITIES).optional().describe('Only the imports of this kind.'),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

/** `offset` and `limit` of a page of an import's problems, rows, organizations or corrections. */
const pageParams = {
  offset: z.coerce.number().int().min(0).optional().describe('How many to pass over (default 0).'),
  limit: z.coerce.number().int().min(1).max(500).optional().describe('How many to answer, 1–500 (default 50).'),
};

export const pageOnlyQuery = z.object(pageParams);

export const problemsQuery = z.object({
  ...pageParams,
  column: z.string().optional().describe('Only the problems of this column (a header); empty: the problems of whole rows.'),
  code: z
    .string()
    .optional()
    .describe('Only the problems with this code (parse, invalid_value, required, other_kind, duplicate, domain_taken).'),
});

export const PLANNED_ACTIONS = ['create', 'update', 'unchanged', 'skip', 'duplicate', 'failed'] as const;

export const rowsQuery = z.object({
  ...pageParams,
  action: z.enum(PLANNED_ACTIONS).optional().describe('Only the rows with this action.'),
  problems: z.enum(['only']).optional().describe('`only`: only the rows with problems (failed and duplicate).'),
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
  fullNameRule: z
    .string()
    .nullable()
    .describe('How a column mapped to `fullName` (label "Full name") is split into First Name and Last Name; null for organizations.'),
  templates: z
    .array(
      z.object({
        id: z.number().int(),
        name: z.string(),
        matches: z.literal('exact'),
        applied: z
          .object({
            mapping: z.record(z.string(), z.string().nullable()),
            dateFormats: z.record(z.string(), z.enum(DATE_FORMATS)),
            valueMaps: z.record(z.string(), z.record(z.string(), z.string())),
            onExisting: z.enum(ON_EXISTING),
            allOrNothing: z.boolean(),
            createMissingCustomers: z.boolean(),
          })
          .describe('The template’s choices on this file’s own header labels: what a dry run with `template` would use.'),
      }),
    )
    .describe(
      'Saved templates of the entity whose headers are the same set as the file’s (any order, case and punctuation aside); dry-run with `template` to use one, or with its `applied` choices.',
    ),
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
    afterRow: z
      .number()
      .int()
      .nullable()
      .optional()
      .describe('Rows up to this spreadsheet row were left out (those a test sample imported).'),
    allOrNothing: z.boolean(),
    newProperties: z.array(newPropertySchema),
    overrides: z.record(z.string(), z.string().nullable()),
    valueMaps: z
      .record(z.string(), z.record(z.string(), z.string()))
      .optional()
      .describe('Values mapped per column: header → value as written (lower case) → the value stored. Absent: none.'),
    createMissingCustomers: z
      .boolean()
      .optional()
      .describe('Tickets: a customer is created for each Customer Email that matches nobody. Absent: false.'),
  })
  .describe('The options the import ran with.');

export const dryRunBody = z.strictObject({
  mapping: z
    .record(z.string(), z.string().nullable())
    .optional()
    .describe(
      'Overrides of the suggested mapping: header → property key (users and customers also take `fullName`, split into First and Last Name); null or "" leaves the column out.',
    ),
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
  template: z
    .string()
    .optional()
    .describe(
      'The name of a saved template of the entity: its mapping, date formats, value maps, onExisting, allOrNothing and createMissingCustomers apply, with this body’s own entries on top.',
    ),
  valueMaps: z
    .record(z.string(), z.record(z.string(), z.string()))
    .optional()
    .describe(
      'Values mapped per column, for columns that go to a choice property (a ticket’s Status, Priority): header → value as written (case aside) → one of the property’s choices, e.g. {"Status": {"Triage": "open"}}. A value mapped to something that is not a choice, or a column that is not a choice, is refused (400, code import_mapping).',
    ),
  createMissingCustomers: z
    .boolean()
    .optional()
    .describe(
      'Tickets only: create a customer (named from Customer Name, or the email) for each Customer Email that matches nobody, instead of leaving the ticket waiting for that customer. Refused for other kinds (400).',
    ),
});

const issueSchema = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});

/** How the tickets of an import found their people (TicketLinks). */
const ticketLinksSchema = z.object({
  linked: z.number().int().describe('Tickets whose Customer Email is a customer’s.'),
  unlinked: z.number().int().describe('Tickets whose Customer Email matched nobody: they wait for that customer (a pending link).'),
  assigned: z.number().int().describe('Tickets whose Assignee Email is a user’s.'),
  unassigned: z.number().int().describe('Tickets whose Assignee Email matched nobody: they wait for that user.'),
  unlinkedRows: z.array(z.number().int()).describe('The spreadsheet rows of the first unlinked tickets (at most 100).'),
  unassignedRows: z.array(z.number().int()).describe('The spreadsheet rows of the first unassigned tickets (at most 100).'),
  customersCreated: z.number().int().describe('Customers created from Customer Emails that matched nobody (createMissingCustomers).'),
  pendingCustomersLeft: z
    .number()
    .int()
    .optional()
    .describe(
      'Of the import’s tickets, those still waiting for their customer now, counted when the report is read (a dry run: 0; absent in lists).',
    ),
  pendingAssigneesLeft: z
    .number()
    .int()
    .optional()
    .describe('Of the import’s tickets, those still waiting for their assignee now (absent in lists).'),
});

/** An import's record, counts and first errors: what runImport and friends return. */
export const reportSchema = z.object({
  id: z.number().int(),
  entity: z.enum(IMPORT_ENTITIES),
  status: z.enum(['analysed', 'dry-run', 'running', 'interrupted', 'completed', 'failed', 'cancelled', 'undone', 'discarded']),
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
  corrections: z.number().int().optional().describe('Cells corrected in Roster before the commit (one import’s report; absent in lists).'),
  cancelRequested: z.boolean().optional().describe('True while a running import has been asked to stop and has not stopped yet.'),
  links: ticketLinksSchema
    .nullable()
    .describe(
      'Tickets: how the tickets found their customer and assignee (a dry run: would). Null for other kinds and before the file was read.',
    ),
});

export const reportList = z.object({
  items: z.array(reportSchema),
  total: z.number().int().describe('How many imports match (of the kind asked for).'),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const problemsPage = z.object({
  items: z.array(issueSchema).describe('The page, in row order.'),
  total: z.number().int().describe('How many problems match the filters.'),
  offset: z.number().int(),
  limit: z.number().int(),
  columns: z
    .array(z.object({ column: z.string().nullable(), count: z.number().int() }))
    .describe('Every problem of the import counted by column (null: problems of a whole row), whatever the filters.'),
  codes: z.array(z.object({ code: z.string(), count: z.number().int() })).describe('Every problem of the import counted by code.'),
});

const cellValues = z.record(z.string(), z.string().nullable());

export const plannedRowSchema = z.object({
  row: z.number().int().describe('The spreadsheet row (header = 1).'),
  action: z.enum(PLANNED_ACTIONS).describe('What committing the dry run does with the row, planned against the records as they are now.'),
  values: cellValues.describe(
    'Property key → the value as it will be stored (an update keeps the current value where its cell is empty, unless it overwrites); a failed row: its cells as written.',
  ),
  before: cellValues.optional().describe('Updates only: property key → the current value, for every key the row changes.'),
  problems: z.array(issueSchema),
  corrections: z
    .array(z.object({ column: z.string(), original: z.string(), value: z.string() }))
    .describe('Cells corrected in Roster: the header, the file’s value and the corrected one.'),
});

export const rowsPage = z.object({
  items: z.array(plannedRowSchema),
  total: z.number().int().describe('How many rows match the filters (from the import’s counts).'),
  offset: z.number().int(),
  limit: z.number().int(),
});

export const organizationsPage = z.object({
  items: z.array(
    z.object({
      name: z.string(),
      action: z.enum(['create', 'join']).describe('create: no organization has this name (case aside); join: it exists.'),
      id: z.number().int().optional().describe('The existing organization, for join.'),
      people: z.number().int().describe('Rows to create or update that name it.'),
    }),
  ),
  total: z.number().int(),
  toCreate: z.number().int(),
  toJoin: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
});

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
  .describe(
    'text/csv: Row, the file’s columns with the original cells, Problem, and Corrected in Roster when cells were corrected (each corrected column with the file’s value). Formula cells are neutralised.',
  );

export const correctionBody = z.strictObject({
  row: z.number().int().min(2).describe('The spreadsheet row (header = 1).'),
  column: z.string().describe('The header of a mapped column.'),
  value: z.string().describe('The cell as it should have been; it is checked as the file’s cells are.'),
});

export const correctionCellQuery = z.object({
  row: z.coerce.number().int().min(2).describe('The spreadsheet row (header = 1).'),
  column: z.string().describe('The header of the corrected column.'),
});

export const correctionResult = z.object({
  row: plannedRowSchema.describe('The row as checked again.'),
  counts: z
    .object({
      rows: z.number().int(),
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      skipped: z.number().int(),
      duplicates: z.number().int(),
      failed: z.number().int(),
    })
    .describe('The import’s counts now.'),
  corrections: z.number().int().describe('How many cells of the import are corrected.'),
});

export const correctionsPage = z.object({
  items: z.array(
    z.object({
      row: z.number().int(),
      column: z.string(),
      original: z.string().describe('The cell as the file has it.'),
      value: z.string().describe('The corrected value.'),
      correctedAt: z.string(),
      actor: z.string().nullable(),
    }),
  ),
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
});
