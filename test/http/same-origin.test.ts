import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createApiToken } from '../../src/db/repositories/auth.js';
import { buildApp } from '../../src/http/app.js';
import { TEST_DIALECT } from '../support/database.js';
import { ADMIN, setUpAdmin, startTestServer, type TestServer } from './helpers.js';

const FOREIGN = 'https://attacker.example';

interface Sent {
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
}

describe(`cross-site request forgery (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;

  /** A raw request, with exactly the headers given (Node's fetch adds no Origin of its own). */
  async function send(method: string, path: string, headers: Record<string, string>, body?: string | FormData): Promise<Sent> {
    const response = await fetch(server.baseUrl + path, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : {} };
  }

  const customerCount = async () =>
    Number(
      (
        await server.db.kysely
          .selectFrom('people')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('kind', '=', 'customer')
          .executeTakeFirstOrThrow()
      ).n,
    );
  const importCount = async () =>
    Number((await sql<{ n: number }>`SELECT count(*) AS n FROM imports`.execute(server.db.kysely)).rows[0]?.n);

  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
  });
  after(async () => {
    await server.close();
  });

  function refused(answer: Sent, what: string): void {
    assert.equal(answer.status, 403, what);
    assert.equal(answer.body.error?.code, 'forbidden', what);
    assert.match(answer.body.error.message, /another site|must say where it comes from/, what);
  }

  it('refuses a cross-site multipart upload with a foreign Origin, before storing anything', async () => {
    const form = new FormData();
    form.append('file', new Blob(['Email,First Name,Last Name\nx@evil.example,X,Y\n'], { type: 'text/csv' }), 'people.csv');
    const answer = await send('POST', '/api/imports/uploads?entity=customers', { cookie: admin, origin: FOREIGN }, form);
    refused(answer, 'upload');
    assert.equal(await importCount(), 0);
  });

  it('refuses a body-less or text/plain POST with a foreign Origin, or with Sec-Fetch-Site: cross-site', async () => {
    const me = (await server.call('GET', '/api/me', { cookie: admin })).body.user.id;
    refused(await send('POST', `/api/users/${me}/deactivate`, { cookie: admin, origin: FOREIGN }), 'body-less POST');
    refused(
      await send('POST', '/api/customers', { cookie: admin, origin: FOREIGN, 'content-type': 'text/plain' }, '{"email":"a@b.example"}'),
      'text/plain POST',
    );
    refused(
      await send('POST', `/api/users/${me}/deactivate`, { cookie: admin, 'sec-fetch-site': 'cross-site' }),
      'Sec-Fetch-Site: cross-site',
    );
    refused(
      await send('DELETE', '/api/session', { cookie: admin, 'sec-fetch-site': 'same-site', origin: server.baseUrl }),
      'same-site is not same-origin',
    );
    refused(
      await send('PATCH', '/api/settings', { cookie: admin, origin: 'null', 'content-type': 'application/json' }, '{}'),
      'Origin: null',
    );
    refused(await send('DELETE', '/api/session', { cookie: admin }), 'a cookie with neither header');
    assert.equal((await server.call('GET', '/api/me', { cookie: admin })).status, 200, 'the session survived every attempt');
    assert.equal(await customerCount(), 0);
  });

  it('refuses a cross-site sign-in too, but lets a script sign in without a cookie', async () => {
    refused(await send('POST', '/api/session', { origin: FOREIGN, 'content-type': 'application/json' }, JSON.stringify(ADMIN)), 'sign-in');
    const script = await send('POST', '/api/session', { 'content-type': 'application/json' }, JSON.stringify(ADMIN));
    assert.equal(script.status, 200);
  });

  it('accepts the same changes from the same origin', async () => {
    const json = { cookie: admin, 'content-type': 'application/json' };
    const body = (email: string) => JSON.stringify({ email, firstName: 'Sam', lastName: 'Origin' });
    assert.equal((await send('POST', '/api/customers', { ...json, origin: server.baseUrl }, body('a@same.example'))).status, 201);
    assert.equal((await send('POST', '/api/customers', { ...json, 'sec-fetch-site': 'same-origin' }, body('b@same.example'))).status, 201);
    const both = { ...json, origin: server.baseUrl, 'sec-fetch-site': 'same-origin' };
    assert.equal((await send('POST', '/api/customers', both, body('c@same.example'))).status, 201);
    assert.equal((await send('GET', '/api/customers', { cookie: admin, origin: FOREIGN })).status, 200, 'reading is not a change');
    assert.equal(await customerCount(), 3);
  });

  it('lets bearer-token calls through whatever their headers', async () => {
    const token = await createApiToken(server.db, ADMIN.email, 'script');
    const answer = await send(
      'POST',
      '/api/customers',
      { authorization: `Bearer ${token}`, origin: FOREIGN, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      JSON.stringify({ email: 'token@script.example', firstName: 'To', lastName: 'Ken' }),
    );
    assert.equal(answer.status, 201);
    const plain = await send('DELETE', `/api/customers/${String(answer.body.id)}`, { authorization: `Bearer ${token}` });
    assert.equal(plain.status, 204);
  });

  it('accepts the origin of ROSTER_PUBLIC_URL, the address behind a proxy', async () => {
    const app = await buildApp({ db: server.db, config: server.test.config, publicUrl: 'https://roster.example.com/' });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const post = (origin: string) =>
        fetch(url + '/api/customers', {
          method: 'POST',
          headers: { cookie: admin, origin, 'content-type': 'application/json' },
          body: JSON.stringify({ email: `p${Math.random()}@proxy.example`, firstName: 'Pro', lastName: 'Xy' }),
        });
      assert.equal((await post('https://roster.example.com')).status, 201);
      assert.equal((await post('http://roster.example.com')).status, 403, 'another scheme is another origin');
      assert.equal((await post(url)).status, 201, 'the Host it was sent to still counts');
    } finally {
      await app.close();
    }
    await assert.rejects(
      buildApp({ db: server.db, config: server.test.config, publicUrl: 'roster.example.com' }),
      /^RosterError: ROSTER_PUBLIC_URL must be a URL/,
    );
  });
});
