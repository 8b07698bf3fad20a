import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { TEST_DIALECT } from '../support/database.js';
import { ADMIN, cookieFrom, setUpAdmin, signInAgent, startTestServer, type TestServer } from './helpers.js';

/**
 * Every route the app registers, called as four people: nobody, a revoked API token, an agent and
 * an admin. What each may get follows from the route's own config (`public`, `adminOnly`, or
 * neither: signed in), so a new route that forgets its guard, or a guard that stops working,
 * fails here without this file naming the route.
 */

interface RegisteredRoute {
  method: string;
  url: string;
  config: { public?: boolean; adminOnly?: string };
  hasBody: boolean;
}

type Guard = 'public' | 'signed-in' | 'admin';
type Who = 'anonymous' | 'revoked token' | 'agent' | 'admin';

/**
 * What may be called without signing in: health, setup, signing in and out, the support form,
 * using an invitation or password reset link, and asking for one. Anything else marked public is a mistake.
 */
const PUBLIC_API = [
  'GET /api/health',
  'HEAD /api/health',
  'GET /api/setup',
  'HEAD /api/setup',
  'POST /api/setup',
  'POST /api/session',
  'DELETE /api/session',
  'POST /api/support/tickets',
  'GET /api/invitations/:token',
  'HEAD /api/invitations/:token',
  'POST /api/invitations/:token/accept',
  'GET /api/mail',
  'HEAD /api/mail',
  'POST /api/password-resets',
];

const isApi = (url: string) => /^\/api(\/|$)/.test(url);
const isDocs = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');

/** The rule a route's config asks for: the API docs and the web app's files are open, as is a route marked public. */
function guardOf(route: RegisteredRoute): Guard {
  if (!isApi(route.url) || isDocs(route.url) || route.config.public) return 'public';
  return route.config.adminOnly ? 'admin' : 'signed-in';
}

/** Records every route of the next app built: Fastify announces each new instance on this channel before any plugin loads. */
async function startRecordingRoutes(): Promise<{ server: TestServer; routes: RegisteredRoute[] }> {
  const routes: RegisteredRoute[] = [];
  const channel = diagnostics.channel('fastify.initialization');
  const listen = (message: unknown) => {
    const { fastify } = message as { fastify: FastifyInstance };
    fastify.addHook('onRoute', (route: RouteOptions) => {
      for (const method of [route.method].flat()) {
        routes.push({ method, url: route.url, config: { ...route.config }, hasBody: route.schema?.body !== undefined });
      }
    });
  };
  channel.subscribe(listen);
  try {
    return { server: await startTestServer(), routes };
  } finally {
    channel.unsubscribe(listen);
  }
}

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

interface Credentials {
  cookie?: string;
  token?: string;
}

describe(`authorization of every route (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let routes: RegisteredRoute[];
  let fixtureToken: string;
  const callers: Record<Who, Credentials> = { anonymous: {}, 'revoked token': {}, agent: {}, admin: {} };
  const AGENT = { email: 'agent@example.com', password: 'agent password 123' };
  let counter = 0;
  const unique = () => `${Date.now().toString(36)}${++counter}`;

  /** One request as `who` would send it: a cookie comes with the server's Origin, as a browser's would. */
  async function send(method: string, path: string, who: Credentials, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (who.cookie) Object.assign(headers, { cookie: who.cookie, origin: server.baseUrl });
    if (who.token) headers.authorization = `Bearer ${who.token}`;
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(server.baseUrl + path, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').includes('json') && text !== '';
    return { status: response.status, body: json ? JSON.parse(text) : text };
  }

  /** Creates a record through the API with the fixtures' own admin token and answers its id. */
  async function create(path: string, body: unknown): Promise<number> {
    const answer = await send('POST', path, { token: fixtureToken }, body);
    assert.ok(answer.status === 200 || answer.status === 201, `POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.id;
  }

  const csv = () => `Email,First Name,Last Name\r\nrow-${unique()}@example.com,Row,Person\r\n`;
  const csvForm = () => {
    const form = new FormData();
    form.append('file', new Blob([csv()], { type: 'text/csv' }), 'people.csv');
    return form;
  };

  /** A fresh import kept as a dry run, so that a call may commit, discard or correct it without touching another. */
  async function freshDryRun(): Promise<number> {
    const uploaded = await send('POST', '/api/imports/uploads?entity=customers', { token: fixtureToken }, csvForm());
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
    const dryRun = await send('POST', `/api/imports/${uploaded.body.id}/dry-run`, { token: fixtureToken }, {});
    assert.equal(dryRun.status, 200, JSON.stringify(dryRun.body));
    return dryRun.body.id;
  }

  /** A fresh record for the `:id` of each collection, so that each call changes or deletes its own. */
  const freshIds: Record<string, () => Promise<number>> = {
    users: () => create('/api/users', { email: `user-${unique()}@example.com`, firstName: 'Fresh', lastName: 'User', role: 'agent' }),
    customers: () => create('/api/customers', { email: `customer-${unique()}@example.com`, firstName: 'Fresh', lastName: 'Customer' }),
    organizations: () => create('/api/organizations', { name: `Organization ${unique()}` }),
    tickets: () => create('/api/tickets', { title: `Ticket ${unique()}` }),
    tokens: () => create('/api/tokens', { name: `token ${unique()}` }),
    imports: freshDryRun,
    'import-templates': () => create('/api/import-templates', templateBody()),
  };

  const templateBody = () => ({
    entity: 'customers',
    name: `Template ${unique()}`,
    headers: ['Email', 'First Name', 'Last Name'],
    mapping: { Email: 'email', 'First Name': 'firstName', 'Last Name': 'lastName' },
  });

  /** A valid minimal body (and query) for the routes that need one; other routes with a body schema get `{}`. */
  const requests: Record<string, { query?: string; body?: () => unknown }> = {
    'POST /api/setup': { body: () => ({ email: `late-${unique()}@example.com`, password: 'another long password' }) },
    'POST /api/session': { body: () => AGENT },
    'POST /api/users': { body: () => ({ email: `new-${unique()}@example.com`, firstName: 'New', lastName: 'User', role: 'agent' }) },
    'PATCH /api/users/:id': { body: () => ({ title: 'Changed' }) },
    'POST /api/users/:id/password': { body: () => ({ password: 'a fresh password 123' }) },
    'POST /api/customers': { body: () => ({ email: `new-${unique()}@example.com`, firstName: 'New', lastName: 'Customer' }) },
    'PATCH /api/customers/:id': { body: () => ({ title: 'Changed' }) },
    'POST /api/organizations': { body: () => ({ name: `New organization ${unique()}` }) },
    'PATCH /api/organizations/:id': { body: () => ({ name: `Renamed organization ${unique()}` }) },
    'POST /api/tickets': { body: () => ({ title: `New ticket ${unique()}` }) },
    'POST /api/support/tickets': { body: () => ({ email: `sender-${unique()}@example.com`, subject: 'Help', message: 'Please.' }) },
    'PATCH /api/tickets/:id': { body: () => ({ status: 'pending' }) },
    'POST /api/tokens': { body: () => ({ name: `new token ${unique()}` }) },
    'PATCH /api/settings': { body: () => ({ autoCreateOrganizations: true }) },
    'POST /api/properties/:kind': { body: () => ({ key: `added${unique()}`, label: 'Added', type: 'text' }) },
    'PATCH /api/properties/:kind/:key': { body: () => ({ label: 'Relabelled' }) },
    'POST /api/import-templates': { body: templateBody },
    'POST /api/imports/uploads': { query: 'entity=customers', body: csvForm },
    'GET /api/imports/template.csv': { query: 'entity=customers' },
    'HEAD /api/imports/template.csv': { query: 'entity=customers' },
    'PUT /api/imports/:id/corrections': { body: () => ({ row: 2, column: 'Email', value: `fixed-${unique()}@example.com` }) },
    'DELETE /api/imports/:id/corrections': { query: 'row=2&column=Email' },
  };

  /** The route's path with its parameters filled by fresh records (or, for a collection this file does not know, an id nobody has). */
  async function pathFor(route: RegisteredRoute): Promise<string> {
    const collection = route.url.split('/')[2] ?? '';
    let path = route.url;
    if (path.includes(':key')) {
      const key = `matrix${unique()}`;
      await create('/api/properties/customers', { key, label: `Matrix ${key}`, type: 'text' });
      path = path.replace(':key', key);
    }
    path = path.replace(':kind', 'customers');
    if (path.includes(':id')) path = path.replace(':id', String(freshIds[collection] ? await freshIds[collection]() : 999_999));
    // Wildcards: a file of the API docs, a page of the web app.
    path = path.replace(/\*$/, isApi(route.url) ? 'swagger-ui.css' : 'customers');
    const query = requests[`${route.method} ${route.url}`]?.query;
    return query ? `${path}?${query}` : path;
  }

  function bodyFor(route: RegisteredRoute): unknown {
    const made = requests[`${route.method} ${route.url}`]?.body;
    return made ? made() : route.hasBody ? {} : undefined;
  }

  async function signIn(credentials: { email: string; password: string }): Promise<string> {
    const answer = await fetch(server.baseUrl + '/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    });
    assert.equal(answer.status, 200);
    return cookieFrom(answer.headers)!;
  }

  /** A call may end the caller's own session (signing out): sign in again, so the next call is made signed in. */
  async function keepSignedIn(): Promise<void> {
    for (const [who, credentials] of [
      ['admin', ADMIN],
      ['agent', AGENT],
    ] as const) {
      if ((await send('GET', '/api/me', callers[who])).status === 401) callers[who] = { cookie: await signIn(credentials) };
    }
  }

  before(async () => {
    ({ server, routes } = await startRecordingRoutes());
    callers.admin = { cookie: await setUpAdmin(server) };
    const agent = await signInAgent(server, callers.admin.cookie!, AGENT.email);
    callers.agent = { cookie: agent.cookie };
    const fixtures = await send('POST', '/api/tokens', callers.admin, { name: 'fixtures' });
    fixtureToken = fixtures.body.token;
    const revoked = await send('POST', '/api/tokens', callers.admin, { name: 'revoked' });
    assert.equal(revoked.status, 201);
    assert.equal((await send('DELETE', `/api/tokens/${revoked.body.id}`, callers.admin)).status, 204);
    callers['revoked token'] = { token: revoked.body.token };
    assert.equal((await send('GET', '/api/me', callers['revoked token'])).status, 401);
  });

  after(async () => {
    await server?.close();
  });

  it('reads the routes from the app, and only the expected ones are public', () => {
    const keys = routes.map((r) => `${r.method} ${r.url}`);
    for (const known of [
      'GET /api/customers',
      'HEAD /api/customers',
      'DELETE /api/tickets/:id',
      'POST /api/imports/uploads',
      'GET /api/docs/json',
    ]) {
      assert.ok(keys.includes(known), `${known} is among the ${keys.length} routes recorded`);
    }
    const publicApi = routes.filter((r) => isApi(r.url) && !isDocs(r.url) && r.config.public).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(publicApi.sort(), [...PUBLIC_API].sort(), 'a route marked public that should not be, or a public one gone');
    const web = routes.filter((r) => !isApi(r.url));
    // Outside /api there is only the web app: its files and pages (or, unbuilt, a page saying how to build it).
    assert.ok(web.length > 0, "the web app's files are served");
    for (const route of web) assert.ok(['/*', '/'].includes(route.url), `${route.method} ${route.url}: a route outside /api is public`);
    for (const route of web) assert.ok(['GET', 'HEAD'].includes(route.method), `${route.method} ${route.url}: outside /api, only reads`);
    for (const route of routes.filter((r) => isDocs(r.url)))
      assert.ok(['GET', 'HEAD'].includes(route.method), `${route.method} ${route.url}`);
  });

  it('guards a path under /api that no route has, which the web app’s wildcard would otherwise serve', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      for (const who of ['anonymous', 'revoked token'] as const) {
        assert.equal((await send(method, '/api/no-such-route', callers[who])).status, 401, `${method} as ${who}`);
      }
      assert.equal((await send(method, '/api/no-such-route', callers.agent)).status, 404, `${method} as agent`);
    }
  });

  it('answers each caller as the route’s guard says', async (t) => {
    for (const route of routes) {
      const guard = guardOf(route);
      await t.test(`${route.method} ${route.url} (${guard})`, async () => {
        for (const who of Object.keys(callers) as Who[]) {
          const path = await pathFor(route);
          const answer = await send(route.method, path, callers[who], bodyFor(route));
          const what = `${route.method} ${path} as ${who}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
          assert.ok(answer.status < 500, what);
          const refused =
            guard === 'public'
              ? 'none'
              : who === 'anonymous' || who === 'revoked token'
                ? 401
                : guard === 'admin' && who === 'agent'
                  ? 403
                  : 'none';
          if (refused === 'none') {
            assert.ok(answer.status !== 401 && answer.status !== 403, what);
          } else {
            assert.equal(answer.status, refused, what);
            if (route.method !== 'HEAD') assert.equal(answer.body.error.code, refused === 401 ? 'unauthorized' : 'forbidden', what);
            if (refused === 403 && route.method !== 'HEAD')
              assert.equal(answer.body.error.message, `Only an admin may ${route.config.adminOnly}.`, what);
          }
          await keepSignedIn();
        }
      });
    }
  });
});
