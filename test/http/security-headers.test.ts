import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECT } from '../support/database.js';
import { startTestServer, type TestServer } from './helpers.js';

describe(`security headers (${TEST_DIALECT})`, () => {
  let plain: TestServer;
  let https: TestServer;

  before(async () => {
    plain = await startTestServer();
    https = await startTestServer({ secureCookies: true });
  });
  after(async () => {
    await plain.close();
    await https.close();
  });

  it('sends the CSP and the other headers on pages, API answers and errors alike', async () => {
    for (const path of ['/', '/customers', '/api/health', '/api/me', '/api/docs']) {
      const answer = await plain.call('GET', path);
      const csp = answer.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/, path);
      assert.match(csp, /script-src 'self';/, `${path}: no inline or foreign script`);
      assert.match(csp, /object-src 'none'/, path);
      assert.match(csp, /frame-ancestors 'none'/, path);
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(answer.headers.get('x-frame-options'), 'DENY', path);
      assert.equal(answer.headers.get('referrer-policy'), 'no-referrer', path);
      assert.equal(answer.headers.get('cross-origin-opener-policy'), 'same-origin', path);
    }
  });

  it('tells browsers to keep to https only when Roster is served over https', async () => {
    const overHttp = await plain.call('GET', '/');
    assert.equal(overHttp.headers.get('strict-transport-security'), null);
    assert.doesNotMatch(overHttp.headers.get('content-security-policy')!, /upgrade-insecure-requests/);
    const overHttps = await https.call('GET', '/');
    assert.match(overHttps.headers.get('strict-transport-security') ?? '', /^max-age=15552000$/);
    assert.match(overHttps.headers.get('content-security-policy')!, /upgrade-insecure-requests/);
  });
});
