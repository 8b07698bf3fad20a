import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { sendApiNotFound } from './error-handler.js';
import { sharedScope } from './shared-scope.js';

/**
 * The built web UI. This file sits three levels below the package root both as source
 * (src/http/plugins) and compiled (dist/http/plugins), so one relative path serves both.
 */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

export interface StaticWebOptions extends Record<string, unknown> {
  webRoot: string;
}

const MISSING_BUILD = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Roster</title></head>
<body><h1>Roster</h1><p>The web interface has not been built yet. Run <code>npm run build</code>, then restart the server.</p>
<p>The API works already: see <a href="/api/docs">/api/docs</a>.</p></body></html>
`;

function isApiPath(url: string): boolean {
  return /^\/api(\/|$|\?)/.test(url);
}

/**
 * Serves the web UI from its build folder, answering any other GET outside /api with index.html
 * so that the browser app can route by path; without a build, `/` explains how to make one.
 */
export const staticWeb = sharedScope<StaticWebOptions>(async (app, { webRoot }) => {
  const built = fs.existsSync(path.join(webRoot, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/' });
  } else {
    app.get('/', { schema: { hide: true }, config: { public: true } }, async (_request, reply) =>
      reply.type('text/html').send(MISSING_BUILD),
    );
  }
  app.setNotFoundHandler((request, reply) => {
    if (built && (request.method === 'GET' || request.method === 'HEAD') && !isApiPath(request.url)) {
      // index.html names hashed assets, so it must never be cached past a new build.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendApiNotFound(request, reply);
  });
});
