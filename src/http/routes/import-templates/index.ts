import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { deleteImportTemplate, listImportTemplates, saveImportTemplate } from '../../../import/use-cases/import-templates.js';
import { templateCsv, templateFileName } from '../../../import/use-cases/template-csv.js';
import { principalOf } from '../../plugins/auth.js';
import { errorResponses, idParams, noContent } from '../common-schemas.js';
import {
  importTemplateList,
  importTemplateSchema,
  saveTemplateBody,
  templateCsvAnswer,
  templateCsvQuery,
  templateListQuery,
} from './schemas.js';

/**
 * What the import wizard offers around a file, admins only: the template CSV of a kind at
 * `/api/imports/template.csv`, and saved mappings (templates) at `/api/import-templates`. The
 * analysis of an upload lists the templates that fit it; a dry run names one with `template`.
 */
const importTemplateRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ['imports'];

  app.get(
    '/api/imports/template.csv',
    {
      config: { adminOnly: 'import files' },
      schema: {
        tags,
        summary: 'A CSV file to fill in and import (admin)',
        description:
          'One header row with the label of every property of the entity, standard and custom, required ones first. UTF-8 with a byte order mark ' +
          'so that Excel reads it right; cells a spreadsheet would run as a formula are neutralised. Importing it maps every column.',
        querystring: templateCsvQuery,
        produces: ['text/csv'],
        response: { 200: templateCsvAnswer, 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] },
      },
    },
    async (request, reply) => {
      const { entity } = request.query;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${templateFileName(entity)}"`)
        .send(await templateCsv(db, entity));
    },
  );

  app.get(
    '/api/import-templates',
    {
      config: { adminOnly: 'see import templates' },
      schema: {
        tags,
        summary: 'Saved mappings (templates), by entity and name (admin)',
        querystring: templateListQuery,
        response: { 200: importTemplateList, 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] },
      },
    },
    async (request) => ({ items: await listImportTemplates(db, request.query.entity) }),
  );

  app.post(
    '/api/import-templates',
    {
      config: { adminOnly: 'save import templates' },
      schema: {
        tags,
        summary: 'Save a mapping as a named template (admin)',
        description:
          'The name is unique per entity: saving a name the entity already has replaces that template and answers 200; a new one answers 201. ' +
          'The mapping is checked as an import would check it (400 import_mapping: an unknown property, two columns on one property, a required ' +
          'property without a column). An upload whose headers are the same set as the template’s lists it in its analysis (`templates`).',
        body: saveTemplateBody,
        response: {
          200: importTemplateSchema,
          201: importTemplateSchema,
          400: errorResponses[400],
          401: errorResponses[401],
          403: errorResponses[403],
        },
      },
    },
    async (request, reply) => {
      const { template, replaced } = await saveImportTemplate(db, { ...request.body, actor: principalOf(request).email });
      return reply.code(replaced ? 200 : 201).send(template);
    },
  );

  app.delete(
    '/api/import-templates/:id',
    {
      config: { adminOnly: 'delete import templates' },
      schema: {
        tags,
        summary: 'Delete a saved template (admin)',
        params: idParams,
        response: { 204: noContent, 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] },
      },
    },
    async (request, reply) => {
      await deleteImportTemplate(db, request.params.id);
      return reply.code(204).send(null);
    },
  );
};

export default importTemplateRoutes;
