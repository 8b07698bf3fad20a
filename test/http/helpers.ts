import type { FastifyInstance } from 'fastify';
import type { RosterConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { buildApp, type BuildAppOptions } from '../../src/http/app.js';
import { withDatabase, type TestDatabase } from '../support/database.js';

export interface Answer {
  status: number;
  headers: Headers;
  // Tests read answers loosely; the shapes are what they assert.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface Caller {
  cookie?: string;
  token?: string;
}

/** A listening app on a fresh database, called with real HTTP requests. */
export interface TestServer {
  app: FastifyInstance;
  db: Database;
  test: TestDatabase;
  baseUrl: string;
  call(method: string, path: string, options?: Caller & { body?: unknown }): Promise<Answer>;
  close(): Promise<void>;
}

export const ADMIN = { email: 'admin@example.com', password: 'correct horse battery staple' };

/** The `name=value` part of a Set-Cookie header, ready to send back as a Cookie header. */
export function cookieFrom(headers: Headers): string | undefined {
  return headers.getSetCookie()[0]?.split(';')[0];
}

export async function callServer(
  baseUrl: string,
  method: string,
  path: string,
  options: Caller & { body?: unknown } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  // A browser says where a request with its cookie comes from; Roster refuses changes that do not.
  if (options.cookie) Object.assign(headers, { cookie: options.cookie, origin: new URL(baseUrl).origin });
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(baseUrl + path, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, body: type.includes('json') && text !== '' ? JSON.parse(text) : text };
}

/**
 * Posts a file to /api/imports/uploads as multipart/form-data, as the wizard's file input does.
 * `query` defaults to `entity=customers`; `cookie` undefined sends no session.
 */
export async function uploadFile(
  baseUrl: string,
  cookie: string | undefined,
  bytes: Uint8Array | string,
  { fileName = 'people.csv', query = 'entity=customers' }: { fileName?: string; query?: string } = {},
): Promise<Answer> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'text/csv' }), fileName);
  const response = await fetch(`${baseUrl}/api/imports/uploads?${query}`, {
    method: 'POST',
    headers: cookie ? { cookie, origin: baseUrl } : {},
    body: form,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text.startsWith('{') ? JSON.parse(text) : text };
}

/**
 * Starts a test server; `options` are buildApp's, and `config` defaults to the test database's.
 * `settings` (mail, limits) are laid over that config, keeping its database.
 */
export async function startTestServer({
  settings,
  ...options
}: Partial<Omit<BuildAppOptions, 'db'>> & { settings?: Partial<RosterConfig> } = {}): Promise<TestServer> {
  const { db, test, close } = await withDatabase();
  const app = await buildApp({ db, ...options, config: { ...(options.config ?? test.config), ...settings } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('The test server has no port.');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    db,
    test,
    baseUrl,
    call: (method, path, callOptions) => callServer(baseUrl, method, path, callOptions),
    close: async () => {
      await app.close();
      await close();
    },
  };
}

/** Runs first-run setup and returns the admin's session cookie. */
export async function setUpAdmin(server: TestServer): Promise<string> {
  const answer = await server.call('POST', '/api/setup', { body: { ...ADMIN, firstName: 'Ada', lastName: 'Admin' } });
  if (answer.status !== 200) throw new Error(`Setup failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return cookieFrom(answer.headers)!;
}

/** Creates an agent through the API (as the admin), gives them a password and signs them in. */
export async function signInAgent(
  server: TestServer,
  adminCookie: string,
  email = 'agent@example.com',
): Promise<{ id: number; cookie: string }> {
  const password = 'agent password 123';
  const created = await server.call('POST', '/api/users', {
    cookie: adminCookie,
    body: { email, firstName: 'Alex', lastName: 'Agent', role: 'agent' },
  });
  if (created.status !== 201) throw new Error(`Creating the agent failed: ${JSON.stringify(created.body)}`);
  const set = await server.call('POST', `/api/users/${created.body.id}/password`, { cookie: adminCookie, body: { password } });
  if (set.status !== 204) throw new Error(`Setting the password failed: ${JSON.stringify(set.body)}`);
  const signedIn = await server.call('POST', '/api/session', { body: { email, password } });
  if (signedIn.status !== 200) throw new Error(`Agent sign-in failed: ${JSON.stringify(signedIn.body)}`);
  return { id: created.body.id, cookie: cookieFrom(signedIn.headers)! };
}
