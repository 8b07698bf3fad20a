import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { configFromEnv } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { TEST_DIALECT } from '../support/database.js';
import { callServer, setUpAdmin, signInAgent, startTestServer, type TestServer, uploadFile } from './helpers.js';
import { SAMPLES } from '../support/samples.js';

const sample = (name: string) => fs.readFileSync(path.join(SAMPLES, name));

interface ServerEvent {
  event: string;
  data: unknown;
}

/** Reads a text/event-stream to its end (the server ends it after `done`). */
async function readEvents(url: string, cookie: string): Promise<{ contentType: string | null; events: ServerEvent[] }> {
  const response = await fetch(url, { headers: { cookie, accept: 'text/event-stream' } });
  assert.equal(response.status, 200);
  const events: ServerEvent[] = [];
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
    }
  }
  return { contentType: response.headers.get('content-type'), events };
}

/** A CSV of `n` customers, with one organization per 100 rows. */
function customersCsv(n: number, domain = 'bulk.example'): string {
  const lines = ['Email,First Name,Last Name,Organization'];
  for (let i = 1; i <= n; i++) lines.push(`person${i}@${domain},First${i},Last${i},Bulk ${Math.ceil(i / 100)}`);
  return lines.join('\n') + '\n';
}

describe(`HTTP imports (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;
  let agent: string;
  const as = () => ({ cookie: admin });

  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
    agent = (await signInAgent(server, admin)).cookie;
  });
  after(async () => {
    await server.close();
  });

  it('analyses the French Excel file: Windows-1252, semicolons, French headers and suggestions', async () => {
    const answer = await uploadFile(server.baseUrl, admin, sample('customers-fr-semicolon-latin1.csv'), { fileName: 'clients.csv' });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    const a = answer.body;
    assert.equal(a.status, 'analysed');
    assert.equal(a.fileName, 'clients.csv');
    assert.equal(a.size, sample('customers-fr-semicolon-latin1.csv').length);
    assert.match(a.sha256, /^[0-9a-f]{64}$/);
    assert.equal(a.encoding, 'windows-1252');
    assert.equal(a.delimiter, ';');
    assert.deepEqual(
      a.headers.map((h: { label: string }) => h.label),
      ['E-mail', 'Prénom', 'Nom', 'Société', 'Téléphone', 'Client depuis'],
    );
    assert.equal(a.suggestions['E-mail'].key, 'email');
    assert.equal(a.suggestions['Prénom'].key, 'firstName');
    assert.equal(a.suggestions['Nom'].key, 'lastName');
    assert.equal(a.suggestions['Société'].key, 'organization');
    assert.ok(a.suggestions['E-mail'].reason.length > 0);
    assert.equal(a.mappingProblem, null);
    assert.deepEqual(a.previewRows[0], {
      row: 2,
      cells: ['anne.lefort@exemple.fr', 'Anne', 'Lefort', 'Café du Coin', '01 23 45 67 89', '2019-05-14'],
    });
    // Row 6 is blank: the preview skips it and keeps the spreadsheet's numbering.
    assert.deepEqual(
      a.previewRows.map((r: { row: number }) => r.row),
      [2, 3, 4, 5, 7],
    );
    assert.equal(a.previewRows[4].cells[3], 'Dupont; Frères');
    assert.ok(a.properties.some((p: { key: string }) => p.key === 'email'));

    const listed = await server.call('GET', `/api/imports/${a.id}`, as());
    assert.equal(listed.status, 200);
    assert.equal(listed.body.status, 'analysed');
    assert.equal(listed.body.encoding, 'windows-1252');
  });

  it('suggests a date format from the first values and says when it is ambiguous', async () => {
    const csv = 'Email,First Name,Last Name,Since,Renewal\na@d.example,A,A,03/04/2020,31.12.2024\nb@d.example,B,B,05/06/2021,01.02.2025\n';
    const answer = await uploadFile(server.baseUrl, admin, csv, { fileName: 'dates.csv' });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    const since = answer.body.dateFormatSuggestions.Since;
    assert.equal(since.ambiguous, true);
    assert.deepEqual([since.format, ...since.alternatives].sort(), ['dd/mm/yyyy', 'mm/dd/yyyy']);
    assert.match(since.message, /pick the format/);
    assert.deepEqual(
      { format: answer.body.dateFormatSuggestions.Renewal.format, ambiguous: answer.body.dateFormatSuggestions.Renewal.ambiguous },
      { format: 'dd.mm.yyyy', ambiguous: false },
    );
    assert.equal(answer.body.dateFormatSuggestions.Email, undefined);
  });

  it('dry-runs the French file with the outcomes its README states, writing nothing', async () => {
    const uploaded = await uploadFile(server.baseUrl, admin, sample('customers-fr-semicolon-latin1.csv'), { fileName: 'clients.csv' });
    const dry = await server.call('POST', `/api/imports/${uploaded.body.id}/dry-run`, {
      ...as(),
      body: { newProperties: [{ header: 'Client depuis', key: 'clientSince', type: 'date' }] },
    });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    const r = dry.body;
    assert.notEqual(r.id, uploaded.body.id, 'a dry run is an import of its own');
    assert.equal(r.status, 'dry-run');
    assert.equal(r.dryRun, true);
    assert.equal(r.fileName, 'clients.csv');
    assert.equal(r.sha256, uploaded.body.sha256);
    assert.deepEqual(
      { rows: r.rows, created: r.created, duplicates: r.duplicates, failed: r.failed },
      { rows: 5, created: 1, duplicates: 1, failed: 3 },
    );
    assert.deepEqual([...new Set(r.errors.map((e: { row: number }) => e.row))], [3, 4, 5, 7]);
    assert.equal(r.errors.find((e: { row: number }) => e.row === 3).code, 'duplicate');
    assert.equal((await server.call('GET', '/api/customers', as())).body.total, 0, 'a dry run writes no record');

    // The same upload dry-runs again with day/month/year picked for the column: row 7 then reads too.
    const again = await server.call('POST', `/api/imports/${uploaded.body.id}/dry-run`, {
      ...as(),
      body: {
        newProperties: [{ header: 'Client depuis', key: 'clientSince', type: 'date' }],
        dateFormats: { 'Client depuis': 'dd/mm/yyyy' },
      },
    });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.deepEqual([...new Set(again.body.errors.map((e: { row: number }) => e.row))], [3, 4, 5]);
    assert.deepEqual({ created: again.body.created, failed: again.body.failed }, { created: 2, failed: 2 });
    assert.equal(again.body.options.dateFormats['Client depuis'], 'dd/mm/yyyy');

    const limited = await server.call('GET', `/api/imports/${again.body.id}?errors=1`, as());
    assert.equal(limited.body.errors.length, 1, '?errors=1 limits the errors carried');
    assert.ok(limited.body.errorCount > 1);
  });

  it('refuses a mapping without a required property, naming it (400 import_mapping)', async () => {
    const uploaded = await uploadFile(server.baseUrl, admin, sample('customers.csv'), { fileName: 'customers.csv' });
    const answer = await server.call('POST', `/api/imports/${uploaded.body.id}/dry-run`, {
      ...as(),
      body: { mapping: { Email: null } },
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.code, 'import_mapping');
    assert.match(answer.body.error.message, /no column is mapped to Email/);
    assert.match(answer.body.error.message, /"First Name"/, 'names the file’s columns');

    const noLastName = await uploadFile(server.baseUrl, admin, 'Email,First Name\nx@y.example,X\n', { fileName: 'short.csv' });
    assert.equal(noLastName.status, 201);
    assert.match(noLastName.body.mappingProblem, /Last Name/);

    const badBody = await server.call('POST', `/api/imports/${uploaded.body.id}/dry-run`, { ...as(), body: { onExisting: 'merge' } });
    assert.equal(badBody.status, 400);
    assert.equal(badBody.body.error.field, 'onExisting');
  });

  it('refuses unreadable files with a sentence and cleans up after them', async () => {
    const empty = await uploadFile(server.baseUrl, admin, '', { fileName: 'empty.csv' });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.error.code, 'import_unreadable');
    assert.equal(empty.body.error.message, 'The file is empty.');
    const headerOnly = await uploadFile(server.baseUrl, admin, 'Email,First Name,Last Name\n', { fileName: 'header.csv' });
    assert.equal(headerOnly.status, 400);
    assert.match(headerOnly.body.error.message, /no data rows/);
    const uploads = path.join(server.test.config.dataDir, 'uploads');
    const before = fs.existsSync(uploads) ? fs.readdirSync(uploads).length : 0;
    await uploadFile(server.baseUrl, admin, new Uint8Array([0, 1, 2, 3, 0, 0, 255, 254, 0, 7]), { fileName: 'binary.csv' });
    assert.equal(fs.readdirSync(uploads).length, before, 'a refused upload leaves no file behind');
    const noEntity = await uploadFile(server.baseUrl, admin, 'a\n1\n', { fileName: 'x.csv', query: 'entity=messages' });
    assert.equal(noEntity.status, 400);
    assert.equal(noEntity.body.error.field, 'entity');
  });

  it('commits in the background, streams progress from the database to another instance, and undoes', async () => {
    const uploaded = await uploadFile(server.baseUrl, admin, customersCsv(3000), { fileName: 'bulk.csv' });
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
    const dry = await server.call('POST', `/api/imports/${uploaded.body.id}/dry-run`, { ...as(), body: {} });
    assert.equal(dry.body.created, 3000);
    const id = dry.body.id;

    // A second instance on the same database runs the commit in small batches, so that it takes
    // many steps and the stream has progress to report; the first runs nothing of it, and reads
    // its progress from the records.
    const smallBatches = { ...server.test.config, importTuning: { ...server.test.config.importTuning, batchRows: 100 } };
    const other: FastifyInstance = await buildApp({ db: server.db, config: smallBatches });
    await other.listen({ port: 0, host: '127.0.0.1' });
    const address = other.server.address();
    const otherUrl = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
    try {
      const started = await callServer(otherUrl, 'POST', `/api/imports/${id}/commit`, as());
      assert.equal(started.status, 202, JSON.stringify(started.body));
      assert.ok(['running', 'completed'].includes(started.body.status), started.body.status);
      assert.equal(started.body.dryRun, false);

      const { contentType, events } = await readEvents(`${server.baseUrl}/api/imports/${id}/events`, admin);
      assert.match(contentType ?? '', /^text\/event-stream/);
      const last = events[events.length - 1]!;
      assert.equal(last.event, 'done');
      const report = last.data as Record<string, unknown>;
      assert.equal(report.status, 'completed');
      assert.equal(report.created, 3000);
      for (const e of events.filter((x) => x.event === 'progress')) {
        const p = e.data as Record<string, unknown>;
        assert.equal(p.id, id);
        assert.ok(['staging', 'planning', 'merging'].includes(String(p.phase)));
        assert.equal(typeof p.rowsDone, 'number');
        assert.ok('etaSeconds' in p && 'rowsPerSec' in p && 'totalRows' in p);
      }
    } finally {
      await other.close();
    }

    const customers = await server.call('GET', '/api/customers?pageSize=1&search=person2999%40bulk.example', as());
    assert.equal(customers.body.total, 1);
    assert.equal(customers.body.items[0].lastName, 'Last2999');
    assert.equal((await server.call('GET', '/api/customers?pageSize=1', as())).body.total, 3000);
    const again = await server.call('POST', `/api/imports/${id}/commit`, as());
    assert.equal(again.status, 409, 'a finished import is not committed twice');

    const list = await server.call('GET', '/api/imports?limit=5', as());
    assert.equal(list.status, 200);
    assert.equal(list.body.items[0].id, id);
    assert.equal(list.body.items[0].created, 3000);

    const undone = await server.call('POST', `/api/imports/${id}/undo`, as());
    assert.equal(undone.status, 200, JSON.stringify(undone.body));
    assert.equal(undone.body.status, 'undone');
    assert.equal(undone.body.undo.removed, 3000);
    assert.equal((await server.call('GET', '/api/customers?pageSize=1', as())).body.total, 0);
    assert.equal((await server.call('POST', `/api/imports/${id}/undo`, as())).status, 409);

    // The upload still holds its file after one of its dry runs was committed: it can be tried again.
    const retry = await server.call('POST', `/api/imports/${uploaded.body.id}/dry-run`, { ...as(), body: {} });
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
    assert.equal(retry.body.created, 3000);
  });

  it('imports the clean sample: events end with the report and the records are in the database', async () => {
    const uploaded = await uploadFile(server.baseUrl, admin, sample('customers.csv'), { fileName: 'customers.csv' });
    const dry = await server.call('POST', `/api/imports/${uploaded.body.id}/dry-run`, {
      ...as(),
      body: { newProperties: [{ header: 'Customer Since', key: 'customerSince', type: 'date' }] },
    });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.deepEqual({ rows: dry.body.rows, created: dry.body.created, failed: dry.body.failed }, { rows: 20, created: 20, failed: 0 });
    const started = await server.call('POST', `/api/imports/${dry.body.id}/commit`, as());
    assert.equal(started.status, 202);
    const { events } = await readEvents(`${server.baseUrl}/api/imports/${dry.body.id}/events`, admin);
    const done = events.find((e) => e.event === 'done');
    assert.ok(done, 'the stream ends with a done event');
    assert.equal((done.data as { created: number }).created, 20);

    const alice = await server.call('GET', '/api/customers?search=alice.anders%40northwind.example', as());
    assert.equal(alice.body.total, 1);
    assert.equal(alice.body.items[0].organization, 'Northwind Traders');
    assert.equal(alice.body.items[0].customerSince, '2015-02-27');
    assert.equal((await server.call('GET', '/api/organizations?pageSize=1', as())).body.total, 5);

    const shown = await server.call('GET', `/api/imports/${dry.body.id}`, as());
    assert.equal(shown.body.status, 'completed');
    assert.equal(shown.body.actor, 'admin@example.com');
    const undone = await server.call('POST', `/api/imports/${dry.body.id}/undo`, as());
    assert.equal(undone.body.undo.removed, 20);
  });

  it('downloads the error report with the failed rows and formula cells neutralised', async () => {
    const csv = "Email,First Name,Last Name,City\nok@report.example,Ok,Fine,Paris\nnot-an-email,=cmd|' /C calc'!A0,Bad,@SUM(1)\n";
    const uploaded = await uploadFile(server.baseUrl, admin, csv, { fileName: 'evil.csv' });
    const dry = await server.call('POST', `/api/imports/${uploaded.body.id}/dry-run`, { ...as(), body: {} });
    assert.deepEqual({ created: dry.body.created, failed: dry.body.failed }, { created: 1, failed: 1 });
    const started = await server.call('POST', `/api/imports/${dry.body.id}/commit`, as());
    assert.equal(started.status, 202);
    await readEvents(`${server.baseUrl}/api/imports/${dry.body.id}/events`, admin);

    const response = await fetch(`${server.baseUrl}/api/imports/${dry.body.id}/errors.csv`, { headers: { cookie: admin } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
    assert.equal(response.headers.get('content-disposition'), `attachment; filename="import-${dry.body.id}-errors.csv"`);
    const text = (await response.text()).replace(/^\uFEFF/, '');
    const lines = text.trim().split('\r\n');
    assert.equal(lines[0], 'Row,Email,First Name,Last Name,City,Problem');
    assert.equal(lines.length, 2, 'only the failed row');
    assert.match(lines[1]!, /^3,not-an-email,'=cmd\|' \/C calc'!A0,Bad,'@SUM\(1\),/);
    assert.match(lines[1]!, /Email/);
    assert.doesNotMatch(text, /ok@report\.example/);
  });

  it('answers unknown imports with 404 and commits only a dry run', async () => {
    assert.equal((await server.call('GET', '/api/imports/999999', as())).status, 404);
    assert.equal((await server.call('POST', '/api/imports/999999/dry-run', { ...as(), body: {} })).status, 404);
    assert.equal((await server.call('POST', '/api/imports/999999/commit', as())).status, 404);
    const events = await server.call('GET', '/api/imports/999999/events', as());
    assert.equal(events.status, 404);
    assert.equal(events.body.error.code, 'not_found');
    assert.equal((await fetch(`${server.baseUrl}/api/imports/999999/errors.csv`, { headers: { cookie: admin } })).status, 404);

    const uploaded = await uploadFile(server.baseUrl, admin, sample('users.csv'), { fileName: 'users.csv', query: 'entity=users' });
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
    const commit = await server.call('POST', `/api/imports/${uploaded.body.id}/commit`, as());
    assert.equal(commit.status, 409);
    assert.equal(commit.body.error.code, 'import_state');
    assert.equal(
      (await server.call('GET', `/api/imports/${uploaded.body.id}`, as())).body.status,
      'analysed',
      'the refused commit changed nothing',
    );
  });

  it('is for admins only: agents get 403, anonymous callers 401', async () => {
    const agentUpload = await uploadFile(server.baseUrl, agent, sample('customers.csv'), { fileName: 'customers.csv' });
    assert.equal(agentUpload.status, 403);
    assert.equal(agentUpload.body.error.code, 'forbidden');
    assert.equal((await uploadFile(server.baseUrl, undefined, sample('customers.csv'), { fileName: 'customers.csv' })).status, 401);
    assert.equal((await server.call('GET', '/api/imports', { cookie: agent })).status, 403);
    assert.equal((await server.call('GET', '/api/imports')).status, 401);
    const list = await server.call('GET', '/api/imports', as());
    const id = list.body.items[0].id;
    for (const [method, route] of [
      ['GET', `/api/imports/${id}`],
      ['POST', `/api/imports/${id}/dry-run`],
      ['POST', `/api/imports/${id}/commit`],
      ['POST', `/api/imports/${id}/undo`],
      ['GET', `/api/imports/${id}/events`],
      ['GET', `/api/imports/${id}/errors.csv`],
      ['GET', `/api/imports/${id}/analysis`],
    ] as const) {
      const body = method === 'POST' ? {} : undefined;
      assert.equal((await server.call(method, route, { cookie: agent, ...(body ? { body } : {}) })).status, 403, `${method} ${route}`);
      assert.equal((await callServer(server.baseUrl, method, route, body ? { body } : {})).status, 401, `${method} ${route}`);
    }
  });

  it('reads an upload again with another encoding, and refuses files over ROSTER_MAX_UPLOAD_MB', async () => {
    const uploaded = await uploadFile(server.baseUrl, admin, sample('customers-fr-semicolon-latin1.csv'), { fileName: 'clients.csv' });
    const utf8 = await server.call('GET', `/api/imports/${uploaded.body.id}/analysis?encoding=utf-8`, as());
    assert.equal(utf8.status, 400, 'Latin-1 bytes are not valid UTF-8');
    const latin1 = await server.call('GET', `/api/imports/${uploaded.body.id}/analysis?encoding=iso-8859-1`, as());
    assert.equal(latin1.status, 200, JSON.stringify(latin1.body));
    assert.equal(latin1.body.headers[1].label, 'Prénom');

    const { maxUploadBytes } = configFromEnv({ ROSTER_MAX_UPLOAD_MB: '0.001' });
    const small: FastifyInstance = await buildApp({ db: server.db, config: { ...server.test.config, maxUploadBytes } });
    try {
      await small.listen({ port: 0, host: '127.0.0.1' });
      const address = small.server.address();
      const url = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
      const uploads = path.join(server.test.config.dataDir, 'uploads');
      const kept = fs.readdirSync(uploads).length;
      const tooBig = await uploadFile(url, admin, customersCsv(100), { fileName: 'big.csv' });
      assert.equal(tooBig.status, 413);
      assert.match(tooBig.body.error.message, /big\.csv is larger than the upload limit of 0\.001 MB/);
      assert.equal(fs.readdirSync(uploads).length, kept, 'the partial file is removed');
      assert.equal((await uploadFile(url, admin, 'Email,First Name,Last Name\na@b.example,A,B\n', { fileName: 'small.csv' })).status, 201);
    } finally {
      await small.close();
    }
  });
});
