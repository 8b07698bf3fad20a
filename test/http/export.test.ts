import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rosterOk } from '../cli/run-roster.js';
import { TEST_DIALECT } from '../support/database.js';
import { setUpAdmin, startTestServer, type TestServer } from './helpers.js';

const CUSTOMERS = [
  {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@analytical.example',
    organization: 'Analytical Engines',
    phone: '+44 20 7946 0018',
  },
  { firstName: 'Charles', lastName: 'Babbage', email: 'charles@analytical.example', organization: 'Analytical Engines' },
  // Cells that need quoting, a formula to neutralise, and text beyond ASCII: the file must match byte for byte.
  { firstName: 'Zoë, "the" =1+1', lastName: 'Müller', email: 'zoe@example.com', title: 'Line one\nline two' },
  { firstName: 'Grace', lastName: 'Hopper', email: 'grace@cobol.example', organization: 'Cobol Compilers', phone: '+1 212 555 0187' },
];

describe(`GET /api/customers/export.csv (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let cookie: string;
  const ids = new Map<string, number>();

  before(async () => {
    server = await startTestServer();
    cookie = await setUpAdmin(server);
    for (const customer of CUSTOMERS) {
      const created = await server.call('POST', '/api/customers', { cookie, body: customer });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      ids.set(customer.email, created.body.id);
    }
    const grace = ids.get('grace@cobol.example')!;
    assert.equal((await server.call('POST', `/api/customers/${grace}/deactivate`, { cookie })).status, 200);
  });
  after(async () => {
    await server.close();
  });

  async function exportCsv(query = ''): Promise<{ status: number; type: string | null; disposition: string | null; bytes: Buffer }> {
    const response = await fetch(`${server.baseUrl}/api/customers/export.csv${query}`, { headers: { cookie } });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      disposition: response.headers.get('content-disposition'),
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  }

  it('writes the very bytes `roster customers export` writes for the same records', async () => {
    const api = await exportCsv();
    assert.equal(api.status, 200);
    assert.match(api.type ?? '', /^text\/csv/);
    assert.equal(api.disposition, 'attachment; filename="customers.csv"');
    const cli = Buffer.from(await rosterOk(['customers', 'export'], server.test.env), 'utf8');
    assert.equal(api.bytes.toString('utf8').split('\r\n').length, CUSTOMERS.length + 2, 'a header, a line per customer, the final CRLF');
    assert.ok(api.bytes.equals(cli), `the API's file differs from the CLI's:\n${api.bytes.toString('utf8')}\n---\n${cli.toString('utf8')}`);
  });

  it('narrows to the list’s filters: status, organization and search', async () => {
    const active = (await exportCsv('?status=active')).bytes.toString('utf8');
    assert.doesNotMatch(active, /grace@cobol/);
    assert.match(active, /ada@analytical/);

    const ada = await server.call('GET', `/api/customers/${ids.get('ada@analytical.example')}`, { cookie });
    const byOrganization = (await exportCsv(`?organizationId=${ada.body.organizationId}`)).bytes.toString('utf8');
    assert.deepEqual(
      byOrganization.split('\r\n').flatMap((l) => /[\w.]+@[\w.]+/.exec(l) ?? []),
      ['ada@analytical.example', 'charles@analytical.example'],
    );

    const searched = (await exportCsv('?search=cobol')).bytes.toString('utf8');
    assert.equal(searched.split('\r\n').filter((l) => /@/.test(l)).length, 1);
    assert.match(searched, /grace@cobol/);
  });

  it('writes only a selection given by ids, oldest first, with the same header', async () => {
    const chosen = [ids.get('grace@cobol.example')!, ids.get('ada@analytical.example')!];
    const file = (await exportCsv(`?ids=${chosen.join(',')}`)).bytes.toString('utf8');
    const lines = file.split('\r\n');
    assert.equal(lines[0], (await exportCsv()).bytes.toString('utf8').split('\r\n')[0]);
    assert.deepEqual(
      lines.slice(1).filter((l) => l !== ''),
      [
        (await exportCsv()).bytes
          .toString('utf8')
          .split('\r\n')
          .find((l) => l.includes('ada@analytical'))!,
        (await exportCsv()).bytes
          .toString('utf8')
          .split('\r\n')
          .find((l) => l.includes('grace@cobol'))!,
      ],
    );
  });

  it('refuses ids that are not a list of numbers, naming the field', async () => {
    const answer = await server.call('GET', '/api/customers/export.csv?ids=1,two', { cookie });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.field, 'ids');
    assert.match(answer.body.error.message, /comma-separated list/);
  });

  it('is for signed-in people only', async () => {
    const answer = await server.call('GET', '/api/customers/export.csv');
    assert.equal(answer.status, 401);
  });
});
