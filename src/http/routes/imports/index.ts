import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { RosterError } from '../../../core/errors.js';
import { analyseFile } from '../../../import/use-cases/analyse-file.js';
import { analyseImport } from '../../../import/use-cases/analyse-import.js';
import { cancelImport } from '../../../import/use-cases/cancel-import.js';
import { discardImport } from '../../../import/use-cases/discard-import.js';
import { dryRunUpload } from '../../../import/use-cases/dry-run-upload.js';
import { localFileStore, type FileStore, type StoredFile } from '../../../import/file-store.js';
import { countImports, getImport, listImports } from '../../../import/use-cases/list-imports.js';
import { importRemaining } from '../../../import/use-cases/import-remaining.js';
import { errorReportLines } from '../../../import/report/error-report.js';
import { requireImport } from '../../../import/use-cases/require-import.js';
import { correctCell, revertCorrection } from '../../../import/use-cases/review/correct-cell.js';
import { importCorrections } from '../../../import/use-cases/review/import-corrections.js';
import { importProblems } from '../../../import/use-cases/review/import-problems.js';
import { plannedOrganizations } from '../../../import/use-cases/review/planned-organizations.js';
import { plannedRows } from '../../../import/use-cases/review/planned-rows.js';
import { startCommit } from '../../../import/use-cases/start-commit.js';
import { undoImport } from '../../../import/use-cases/undo-import.js';
import { recordUpload } from '../../../import/use-cases/upload-import.js';
import { principalOf } from '../../plugins/auth.js';
import { errorResponses, idParams } from '../common-schemas.js';
import { importInvitations, importedUserInviter } from './imported-user-invitations.js';
import { endAll, streamImportEvents } from './progress-events.js';
import {
  analysisQuery,
  analysisSchema,
  correctionBody,
  correctionCellQuery,
  correctionResult,
  correctionsPage,
  dryRunBody,
  errorReportCsv,
  eventStream,
  listQuery,
  organizationsPage,
  pageOnlyQuery,
  problemsPage,
  problemsQuery,
  reportList,
  reportQuery,
  reportSchema,
  rowsPage,
  rowsQuery,
  uploadQuery,
  uploadSchema,
} from './schemas.js';

export interface ImportRoutesOptions extends Record<string, unknown> {
  /** Where uploads wait for their import; a file under the data directory by default. */
  fileStore?: FileStore;
  /** Largest upload in bytes; defaults to the configuration's (ROSTER_MAX_UPLOAD_MB, 1024 megabytes). */
  maxUploadBytes?: number;
  /** How often the event stream reads the import record (ms); defaults to 400. */
  eventPollMs?: number;
}

const DEFAULT_ERRORS = 100;
const DEFAULT_PAGE = 50;

function pageOf(query: { offset?: number | undefined; limit?: number | undefined }): { offset: number; limit: number } {
  return { offset: query.offset ?? 0, limit: query.limit ?? DEFAULT_PAGE };
}

function logFailure(log: FastifyBaseLogger, id: number) {
  return (error: unknown) => {
    // Row problems are in the report; this is a failed run, and the import record says why.
    if (error instanceof RosterError) log.warn({ importId: id, err: error }, 'import commit stopped');
    else log.error({ importId: id, err: error }, 'import commit failed');
  };
}

/**
 * The import wizard's API at `/api/imports`, admins only: upload (streamed multipart) and
 * analysis, dry run, commit in the background with progress as server-sent events, the result,
 * the error report as CSV, undo, discard, and the list. Every step calls the import engine; the state of
 * each import lives in the database, so any instance can serve any step.
 */
const importRoutes: FastifyPluginAsyncZod<ImportRoutesOptions> = async (app, options) => {
  const { db } = app;
  const tags = ['imports'];
  const config = app.rosterConfig;
  const store = options.fileStore ?? localFileStore(config.dataDir);
  const maxUploadBytes = options.maxUploadBytes ?? config.maxUploadBytes;
  // What every run of the import engine started here gets: where files are kept, and how fast it
  // may go (ROSTER_IMPORT_*). A named object, not a literal at each call, so that use cases whose
  // options do not list `tuning` yet still receive it.
  const run = { fileStore: store, tuning: config.importTuning };
  const pollMs = options.eventPollMs ?? 400;
  const commits = new Set<Promise<unknown>>();
  const inviteImportedUsers = importedUserInviter(app);
  const streams = new Set<ServerResponse>();

  await app.register(multipart, { limits: { fileSize: maxUploadBytes, files: 1, fields: 10 } });
  app.addHook('preClose', async () => endAll(streams));
  // The database closes after the app: let background commits reach a batch boundary first.
  app.addHook('onClose', async () => {
    await Promise.allSettled([...commits]);
  });

  app.post(
    '/api/imports/uploads',
    {
      config: { adminOnly: 'import files' },
      schema: {
        tags,
        summary: 'Upload a file to import (admin)',
        description:
          'Send the CSV as multipart/form-data (one file field). It is streamed to the file store, never held in memory, and read: ' +
          'the answer is an import in status `analysed` with the detected encoding and delimiter, the headers, the first rows and a suggested mapping. ' +
          'The size limit is ROSTER_MAX_UPLOAD_MB megabytes (default 1024).',
        consumes: ['multipart/form-data'],
        querystring: uploadQuery,
        response: { 201: uploadSchema, 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] },
      },
    },
    async (request, reply) => {
      const part = await request.file();
      if (!part) throw new RosterError('validation', 'Send the file as multipart/form-data with one file field.', { field: 'file' });
      const fileName = part.filename.split(/[\\/]/).pop() || 'upload.csv';
      const tooLarge = () => {
        const mb = Math.round((maxUploadBytes / 1024 / 1024) * 1000) / 1000;
        return Object.assign(new Error(`${fileName} is larger than the upload limit of ${mb} MB (ROSTER_MAX_UPLOAD_MB).`), {
          statusCode: 413,
        });
      };
      let stored: StoredFile;
      try {
        stored = await store.save(part.file, fileName);
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
        throw error;
      }
      // Busboy ends a streamed file quietly at the limit and marks it truncated.
      if (part.file.truncated) {
        await store.remove(stored.key);
        throw tooLarge();
      }
      const { entity, encoding, delimiter } = request.query;
      try {
        const analysis = await analyseFile(db, await store.localPath(stored.key), entity, {
          ...(encoding ? { encoding } : {}),
          ...(delimiter ? { delimiter } : {}),
        });
        const id = await recordUpload(db, {
          entity,
          stored,
          fileName,
          actor: principalOf(request).email,
          analysis,
          ...(encoding ? { encoding } : {}),
          ...(delimiter ? { delimiter } : {}),
        });
        return reply.code(201).send({ id, status: 'analysed', fileName, size: stored.size, sha256: stored.sha256, ...analysis });
      } catch (error) {
        await store.remove(stored.key);
        throw error;
      }
    },
  );

  app.get(
    '/api/imports/:id/analysis',
    {
      config: { adminOnly: 'import files' },
      schema: {
        tags,
        summary: 'Read the file of an import again, e.g. with another encoding or delimiter (admin)',
        params: idParams,
        querystring: analysisQuery,
        response: { 200: analysisSchema, 400: errorResponses[400], 404: errorResponses[404], 409: errorResponses[409] },
      },
    },
    async (request) => analyseImport(db, request.params.id, request.query, { fileStore: store }),
  );

  app.post(
    '/api/imports/:id/dry-run',
    {
      config: { adminOnly: 'import files' },
      schema: {
        tags,
        summary: 'Dry-run the file of an upload or of an earlier dry run with a mapping and options (admin)',
        description:
          'Validates and plans the whole file, writing no record, and answers with the counts and the first errors. ' +
          'The dry run is a new import (its own `id`, status `dry-run`) that keeps what it planned: confirm it with POST /api/imports/{id}/commit, ' +
          'or change the mapping and dry-run again from either id. A mapping that misses a required property is refused (400, code import_mapping).',
        params: idParams,
        querystring: reportQuery,
        body: dryRunBody,
        response: { 200: reportSchema, 400: errorResponses[400], 404: errorResponses[404], 409: errorResponses[409] },
      },
    },
    async (request) =>
      dryRunUpload(
        db,
        request.params.id,
        { ...request.body, errorLimit: request.query.errors ?? DEFAULT_ERRORS, actor: principalOf(request).email },
        run,
      ),
  );

  app.post(
    '/api/imports/:id/commit',
    {
      config: { adminOnly: 'import files' },
      schema: {
        tags,
        summary: 'Confirm a dry run: import it in the background (admin)',
        description:
          'Starts writing the records of a dry run (planned again against the records as they are now) and answers 202 with the import, ' +
          'status `running`. Follow it with GET /api/imports/{id}/events, or poll GET /api/imports/{id}.',
        params: idParams,
        response: { 202: reportSchema, 404: errorResponses[404], 409: errorResponses[409] },
      },
    },
    async (request, reply) => {
      const id = request.params.id;
      const { done } = await startCommit(db, id, { ...run, onError: logFailure(request.log, id) });
      commits.add(done);
      void done.finally(() => commits.delete(done));
      return reply.code(202).send(await getImport(db, id, { errorLimit: 0 }));
    },
  );

  app.post(
    '/api/imports/:id/invitations',
    {
      config: { adminOnly: 'invite users' },
      schema: {
        tags,
        summary: 'Invite the users an import created (admin)',
        description:
          'For a completed users import: invites, now, each user it created who cannot sign in yet and has no invitation that still works, ' +
          'as POST /api/users/invitations does (mailed with ROSTER_SMTP_URL, otherwise each link is in this answer, and only here: copy it to its user). ' +
          'Calling it again invites nobody twice: users already invited are listed in `problems` with the day their link ends. ' +
          '400 for an import of another kind, 409 until the import has completed.',
        params: idParams,
        response: { 200: importInvitations, 400: errorResponses[400], 404: errorResponses[404], 409: errorResponses[409] },
      },
    },
    async (request) => inviteImportedUsers(request.params.id, principalOf(request)),
  );

  app.get(
    '/api/imports/:id/events',
    {
      config: { adminOnly: 'follow imports' },
      schema: {
        tags,
        summary: 'Progress of an import as server-sent events (admin)',
        description:
          '`event: progress` with {id, status, phase, rowsDone, totalRows, rowsPerSec, etaSeconds} while the import runs (read from the database, ' +
          'so any instance can serve it), then `event: done` with the import report, and the stream ends. An import that is not running gets `done` at once.',
        params: idParams,
        querystring: reportQuery,
        produces: ['text/event-stream'],
        response: { 200: eventStream, 404: errorResponses[404] },
      },
    },
    async (request, reply) => {
      const id = request.params.id;
      await requireImport(db, id);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx buffers responses unless told not to, which would hold the events back.
        'x-accel-buffering': 'no',
      });
      streams.add(res);
      try {
        await streamImportEvents(db, id, res, { pollMs, errorLimit: request.query.errors ?? DEFAULT_ERRORS });
      } catch (error) {
        request.log.error({ importId: id, err: error }, 'import event stream failed');
      } finally {
        streams.delete(res);
      }
    },
  );

  app.get(
    '/api/imports',
    {
      config: { adminOnly: 'see imports' },
      schema: {
        tags,
        summary: 'Imports, newest first (admin)',
        querystring: listQuery,
        response: { 200: reportList, 400: errorResponses[400], 403: errorResponses[403] },
      },
    },
    async (request) => {
      const { entity } = request.query;
      const limit = request.query.limit ?? 50;
      const offset = request.query.offset ?? 0;
      const only = entity ? { entity } : {};
      return { items: await listImports(db, { limit, offset, ...only }), total: await countImports(db, only), limit, offset };
    },
  );

  app.get(
    '/api/imports/:id',
    {
      config: { adminOnly: 'see imports' },
      schema: {
        tags,
        summary: 'One import: status, counts and its first errors (admin)',
        params: idParams,
        querystring: reportQuery,
        response: { 200: reportSchema, 404: errorResponses[404] },
      },
    },
    async (request) => getImport(db, request.params.id, { errorLimit: request.query.errors ?? DEFAULT_ERRORS }),
  );

  app.get(
    '/api/imports/:id/errors.csv',
    {
      config: { adminOnly: 'see imports' },
      schema: {
        tags,
        summary: 'The error report of an import as CSV (admin)',
        description:
          'One line per failed or duplicate row: Row, the file’s columns with the original cells (as corrected), Problem and, when cells were ' +
          'corrected in Roster, Corrected in Roster (each corrected column with the file’s value). UTF-8 with a byte order mark so that ' +
          'Excel reads it right; cells a spreadsheet would run as a formula are neutralised with a leading apostrophe.',
        params: idParams,
        produces: ['text/csv'],
        response: { 200: errorReportCsv, 404: errorResponses[404] },
      },
    },
    async (request, reply) => {
      const id = request.params.id;
      await requireImport(db, id);
      async function* withBom() {
        yield '\uFEFF';
        yield* errorReportLines(db, id);
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${id}-errors.csv"`)
        .send(Readable.from(withBom()));
    },
  );

  app.post(
    '/api/imports/:id/undo',
    {
      config: { adminOnly: 'undo imports' },
      schema: {
        tags,
        summary: 'Undo an import (admin)',
        description:
          'Removes the records it created and gives the records it updated their previous values; records edited since the import are kept and listed in `undo.kept`.',
        params: idParams,
        response: { 200: reportSchema, 404: errorResponses[404], 409: errorResponses[409] },
      },
    },
    async (request) => undoImport(db, request.params.id),
  );

  app.delete(
    '/api/imports/:id',
    {
      config: { adminOnly: 'discard imports' },
      schema: {
        tags,
        summary: 'Discard an upload or a dry run that will not be committed (admin)',
        description:
          'Drops its staged rows and removes its kept file (unless another unfinished import, such as a dry run of the same upload, still uses it); ' +
          'the import stays in the list with status `discarded`. Only an import that wrote no record can be discarded: a running, completed or undone one ' +
          'is refused (409, code import_state); undo a completed import instead.',
        params: idParams,
        querystring: reportQuery,
        response: { 200: reportSchema, 404: errorResponses[404], 409: errorResponses[409] },
      },
    },
    async (request) => discardImport(db, request.params.id, { fileStore: store, errorLimit: request.query.errors ?? DEFAULT_ERRORS }),
  );

  app.post(
    '/api/imports/:id/cancel',
    {
      config: { adminOnly: 'import files' },
      schema: {
        tags,
        summary: 'Stop a running import at its next batch boundary (admin)',
        description:
          'Answers 202 with the report (`cancelRequested: true`); the process that runs the import, on whichever instance, stops at its next batch ' +
          'boundary and the import becomes `cancelled`, its `message` saying how many rows were committed. Undo it to remove them. An interrupted ' +
          'import becomes `cancelled` at once. 409 import_state for an import that is not running.',
        params: idParams,
        response: { 202: reportSchema, 404: errorResponses[404], 409: errorResponses[409] },
      },
    },
    async (request, reply) => reply.code(202).send(await cancelImport(db, request.params.id, { fileStore: store })),
  );

  app.post(
    '/api/imports/:id/remaining',
    {
      config: { adminOnly: 'import files' },
      schema: {
        tags,
        summary: 'Dry-run the rows after a completed test sample (admin)',
        description:
          'A new dry run (status `dry-run`, kept) of the sample’s file with its mapping and options, covering the rows after the sample’s last row ' +
          '(`options.afterRow`); the rows keep the file’s numbers. Check it over and commit it as any dry run. 409 import_state for an import that ' +
          'is not a completed sample, or whose file is no longer kept.',
        params: idParams,
        querystring: reportQuery,
        response: { 200: reportSchema, 400: errorResponses[400], 404: errorResponses[404], 409: errorResponses[409] },
      },
    },
    async (request) =>
      importRemaining(db, request.params.id, {
        ...run,
        actor: principalOf(request).email,
        errorLimit: request.query.errors ?? DEFAULT_ERRORS,
      }),
  );

  app.get(
    '/api/imports/:id/problems',
    {
      config: { adminOnly: 'see imports' },
      schema: {
        tags,
        summary: 'One page of the row problems of an import, filtered by column and code (admin)',
        description:
          'Problems in row order, for a dry run or a committed import, with `total` (those that match the filters) and the counts per column and ' +
          'per code of every problem of the import (for the filter drop-downs). `column=` with nothing keeps the problems of whole rows (parse errors).',
        params: idParams,
        querystring: problemsQuery,
        response: { 200: problemsPage, 400: errorResponses[400], 404: errorResponses[404] },
      },
    },
    async (request) => {
      const { column, code } = request.query;
      const filter = { ...(column !== undefined ? { column: column === '' ? null : column } : {}), ...(code ? { code } : {}) };
      return importProblems(db, request.params.id, filter, pageOf(request.query));
    },
  );

  app.get(
    '/api/imports/:id/rows',
    {
      config: { adminOnly: 'see imports' },
      schema: {
        tags,
        summary: 'One page of the rows of a kept dry run as they will be stored (admin)',
        description:
          'Rows in row order with what committing does with each (create, update, unchanged, skip, duplicate, failed), planned against the records ' +
          'as they are now; `values` as they will be stored; for an update, `before` holds the current value of every key it changes. ' +
          '`action` and `problems=only` filter; `total` counts the rows that match. 409 import_state for an import that keeps no staged rows.',
        params: idParams,
        querystring: rowsQuery,
        response: { 200: rowsPage, 400: errorResponses[400], 404: errorResponses[404], 409: errorResponses[409] },
      },
    },
    async (request) => {
      const { action, problems } = request.query;
      const filter = { ...(action ? { action } : {}), ...(problems === 'only' ? { problemsOnly: true } : {}) };
      return plannedRows(db, request.params.id, filter, pageOf(request.query));
    },
  );

  app.get(
    '/api/imports/:id/organizations',
    {
      config: { adminOnly: 'see imports' },
      schema: {
        tags,
        summary: 'The organizations a kept customers dry run creates or joins by name (admin)',
        description:
          'Grouped by name (case aside) over the rows to create or update, in name order: `create` when no organization has the name, `join` ' +
          '(with its `id`) when one has; `people` counts the rows naming it. Other imports name none (an empty page).',
        params: idParams,
        querystring: pageOnlyQuery,
        response: { 200: organizationsPage, 400: errorResponses[400], 404: errorResponses[404], 409: errorResponses[409] },
      },
    },
    async (request) => plannedOrganizations(db, request.params.id, pageOf(request.query)),
  );

  app.put(
    '/api/imports/:id/corrections',
    {
      config: { adminOnly: 'import files' },
      schema: {
        tags,
        summary: 'Correct one cell of a kept dry run and check its row again (admin)',
        description:
          'The correction is kept with the import (with the file’s value), the row is checked again at once (and the rows sharing its old or new ' +
          'email or organization name), and the answer is the row as it is now with the import’s counts. No record changes: committing the dry run ' +
          'imports the corrected value. 409 import_state for an import that is not a kept dry run; 400 validation for a row or column it does not have.',
        params: idParams,
        body: correctionBody,
        response: { 200: correctionResult, 400: errorResponses[400], 404: errorResponses[404], 409: errorResponses[409] },
      },
    },
    async (request) => correctCell(db, request.params.id, { ...request.body, actor: principalOf(request).email }),
  );

  app.delete(
    '/api/imports/:id/corrections',
    {
      config: { adminOnly: 'import files' },
      schema: {
        tags,
        summary: 'Take back the correction of one cell of a kept dry run (admin)',
        description:
          'The cell gets the file’s value again and its row is checked again; the answer is as for PUT. 404 when the cell was not corrected.',
        params: idParams,
        querystring: correctionCellQuery,
        response: { 200: correctionResult, 400: errorResponses[400], 404: errorResponses[404], 409: errorResponses[409] },
      },
    },
    async (request) => revertCorrection(db, request.params.id, request.query),
  );

  app.get(
    '/api/imports/:id/corrections',
    {
      config: { adminOnly: 'see imports' },
      schema: {
        tags,
        summary: 'The cells of an import corrected in Roster, in row order (admin)',
        params: idParams,
        querystring: pageOnlyQuery,
        response: { 200: correctionsPage, 400: errorResponses[400], 404: errorResponses[404] },
      },
    },
    async (request) => importCorrections(db, request.params.id, pageOf(request.query)),
  );
};

export default importRoutes;
