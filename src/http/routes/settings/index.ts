import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getSettings, updateSettings } from '../../../db/repositories/settings.js';
import { errorResponses } from '../common-schemas.js';
import { settingsChangeBody, settingsSchema } from './schemas.js';

/** Directory-wide settings: everyone reads them, admins change them. */
const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app;
  const tags = ['settings'];

  app.get('/api/settings', { schema: { tags, summary: 'The settings', response: { 200: settingsSchema } } }, async () => getSettings(db));

  app.patch(
    '/api/settings',
    {
      config: { adminOnly: 'change the settings' },
      schema: {
        tags,
        summary: 'Change settings (admin)',
        body: settingsChangeBody,
        response: { 200: settingsSchema, 400: errorResponses[400], 403: errorResponses[403] },
      },
    },
    async (request) => updateSettings(db, request.body),
  );
};

export default settingsRoutes;
