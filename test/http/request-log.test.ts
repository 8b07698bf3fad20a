import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { requestLogger, withoutLinkSecrets } from '../../src/http/request-log.js';
import { TEST_DIALECT } from '../support/database.js';
import { startTestServer, type TestServer } from './helpers.js';

describe('the request log', () => {
  it('keeps every path but the secret of a sign-in link', () => {
    assert.equal(withoutLinkSecrets('/api/invitations/rst_s3cr3t'), '/api/invitations/[link]');
    assert.equal(withoutLinkSecrets('/api/invitations/rst_s3cr3t/accept'), '/api/invitations/[link]/accept');
    assert.equal(withoutLinkSecrets('/invitation/rst_s3cr3t?x=1'), '/invitation/[link]?x=1');
    assert.equal(withoutLinkSecrets('/reset-password/rst_s3cr3t'), '/reset-password/[link]');
    assert.equal(withoutLinkSecrets('/api/customers?search=ada'), '/api/customers?search=ada');
    assert.equal(withoutLinkSecrets('/api/users/invitations'), '/api/users/invitations', 'a bulk invitation names no link');
  });
});

describe(`a server's request log (${TEST_DIALECT})`, () => {
  const lines: string[] = [];
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ logger: requestLogger('info', { write: (line) => void lines.push(line) }) });
  });
  after(() => server.close());

  it('logs the requests that follow a link without the link', async () => {
    await server.call('GET', '/api/invitations/rst_doNotLogThisSecret');
    await server.call('POST', '/api/invitations/rst_doNotLogThisSecret/accept', { body: { password: 'a long enough password' } });
    await server.call('GET', '/reset-password/rst_doNotLogThisSecret');
    const requests = lines
      .map((line) => JSON.parse(line) as { req?: { url: string; method: string } })
      .flatMap((l) => (l.req ? [l.req] : []));
    assert.deepEqual(
      requests.map((r) => `${r.method} ${r.url}`),
      ['GET /api/invitations/[link]', 'POST /api/invitations/[link]/accept', 'GET /reset-password/[link]'],
    );
    assert.doesNotMatch(lines.join('\n'), /doNotLogThisSecret/);
  });
});
