import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createApiToken } from '../../src/db/repositories/auth.js';
import { buildApp } from '../../src/http/app.js';
import { TEST_DIALECT, createTestDatabase, withDatabase } from '../support/database.js';
import { ADMIN, setUpAdmin, startTestServer, type TestServer } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe(`HTTP web UI serving (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let webRoot: string;
  let token: string;

  before(async () => {
    webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-web-'));
    fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Roster app</title><div id="root"></div>');
    fs.mkdirSync(path.join(webRoot, 'assets'));
    fs.writeFileSync(path.join(webRoot, 'assets', 'app-123.js'), 'console.log("roster")');
    server = await startTestServer({ webRoot });
    await setUpAdmin(server);
    token = await createApiToken(server.db, ADMIN.email);
  });
  after(async () => {
    await server.close();
    fs.rmSync(webRoot, { recursive: true, force: true });
  });

  it('serves the built files and answers other pages with index.html', async () => {
    const home = await server.call('GET', '/');
    assert.equal(home.status, 200);
    assert.match(home.body, /Roster app/);
    const asset = await server.call('GET', '/assets/app-123.js');
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('content-type') ?? '', /javascript/);
    assert.equal(asset.body, 'console.log("roster")');
    const deepLink = await server.call('GET', '/customers/42?tab=tickets');
    assert.equal(deepLink.status, 200);
    assert.match(deepLink.headers.get('content-type') ?? '', /text\/html/);
    assert.match(deepLink.body, /Roster app/);
  });

  it('never answers an API path with the web page', async () => {
    const unknown = await server.call('GET', '/api/nothing-here', { token });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'not_found');
    const signedOut = await server.call('GET', '/api/nothing-here');
    assert.equal(signedOut.status, 401);
    const post = await server.call('POST', '/somewhere', { body: {} });
    assert.equal(post.status, 404, 'only GET falls back to the web app');
  });

  it('explains how to build the UI when the build is missing', async () => {
    const { db, test, close } = await withDatabase();
    const app = await buildApp({ db, config: test.config, webRoot: path.join(webRoot, 'missing') });
    try {
      const answer = await app.inject({ method: 'GET', url: '/' });
      assert.equal(answer.statusCode, 200);
      assert.match(String(answer.headers['content-type']), /text\/html/);
      assert.match(answer.body, /npm run build/);
      assert.equal((await app.inject({ method: 'GET', url: '/api/health' })).statusCode, 200);
    } finally {
      await app.close();
      await close();
    }
  });

  it('hides the details of an unexpected failure behind a plain 500', async () => {
    const { db, test } = await withDatabase();
    const app = await buildApp({ db, config: test.config });
    try {
      await db.close(); // a lost database is the unexpected failure
      const answer = await app.inject({ method: 'GET', url: '/api/health' });
      assert.equal(answer.statusCode, 500);
      assert.deepEqual(answer.json(), {
        error: { code: 'internal', message: 'Something went wrong on the server; the details are in the server log.' },
      });
    } finally {
      await app.close();
      await test.drop();
    }
  });

  it('starts as a server process, prints its URL, and stops cleanly on SIGTERM', async () => {
    const test = await createTestDatabase();
    const script = `
      import { startServer } from './src/http/server.ts';
      import { configFromEnv } from './src/config.ts';
      await startServer({ port: 0, host: '127.0.0.1', config: configFromEnv(), logLevel: 'warn' });
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, ...test.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`The server did not start: ${output}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /running at (http:\/\/\S+)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('exit', (code) => reject(new Error(`The server exited early (${code}): ${output}`)));
      });
      const health = (await (await fetch(`${url}/api/health`)).json()) as { ok: boolean; database: string };
      assert.deepEqual(health, { ok: true, database: TEST_DIALECT });
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      assert.equal(code, 0);
      assert.match(output, /shutting down/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await test.drop();
    }
  });
});
