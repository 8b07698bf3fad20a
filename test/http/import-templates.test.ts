import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECT } from '../support/database.js';
import { setUpAdmin, signInAgent, startTestServer, type Answer, type TestServer, uploadFile } from './helpers.js';

/** Waits for a committed import to stop running (the commit answers 202 at once). */
async function finished(server: TestServer, cookie: string, id: number): Promise<Answer> {
  for (;;) {
    const answer = await server.call('GET', `/api/imports/${id}`, { cookie });
    if (answer.body.status !== 'running') return answer;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe(`GET /api/imports/template.csv (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
    for (const body of [
      { key: 'customerSince', label: 'Customer Since', type: 'date' },
      { key: 'score', label: '=Score', type: 'number' },
    ]) {
      const added = await server.call('POST', '/api/properties/customers', { cookie: admin, body });
      assert.equal(added.status, 201, JSON.stringify(added.body));
    }
  });
  after(() => server.close());

  it('answers every property label, required first, with a BOM, neutralised cells and a file name', async () => {
    const response = await fetch(`${server.baseUrl}/api/imports/template.csv?entity=customers`, { headers: { cookie: admin } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(response.headers.get('content-disposition'), 'attachment; filename="roster-customers-template.csv"');
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(
      bytes.subarray(3).toString('utf8'),
      "Email,First Name,Last Name,Organization,Title,Phone,Mobile,Address,City,Region,Postal Code,Country,Website,Language,Time Zone,Notes,Status,Customer Since,'=Score\r\n",
    );

    const orgs = await fetch(`${server.baseUrl}/api/imports/template.csv?entity=organizations`, { headers: { cookie: admin } });
    assert.equal(Buffer.from(await orgs.arrayBuffer()).toString('utf8'), '\uFEFFName,Email Domains\r\n');
  });

  it('imports back with every column mapped by the suggestion', async () => {
    for (const entity of ['customers', 'users', 'organizations']) {
      const response = await fetch(`${server.baseUrl}/api/imports/template.csv?entity=${entity}`, { headers: { cookie: admin } });
      const template = Buffer.from(await response.arrayBuffer());
      // A file needs a data row to be read; its values do not matter here.
      const row =
        template
          .toString('utf8')
          .split(',')
          .map(() => 'x')
          .join(',') + '\n';
      const uploaded = await uploadFile(server.baseUrl, admin, Buffer.concat([template, Buffer.from(row)]), { query: `entity=${entity}` });
      assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
      const labels = uploaded.body.headers.map((h: { label: string }) => h.label);
      assert.equal(labels.length, uploaded.body.properties.length, entity);
      for (const label of labels) assert.notEqual(uploaded.body.suggestions[label].key, null, `${entity}: ${label}`);
      assert.deepEqual(
        new Set(Object.values(uploaded.body.suggestedMapping)),
        new Set(uploaded.body.properties.map((p: { key: string }) => p.key)),
      );
      assert.equal(uploaded.body.mappingProblem, null);
    }
  });

  it('is for admins, and names the entity', async () => {
    const agent = await signInAgent(server, admin);
    assert.equal((await server.call('GET', '/api/imports/template.csv?entity=users', { cookie: agent.cookie })).status, 403);
    assert.equal((await server.call('GET', '/api/imports/template.csv?entity=users')).status, 401);
    const bad = await server.call('GET', '/api/imports/template.csv?entity=messages', { cookie: admin });
    assert.equal(bad.status, 400);
  });
});

describe(`saved mappings at /api/import-templates (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
  });
  after(() => server.close());

  const CRM = 'Mail,Name,Town\nann@crm.example,Ann Lee,Paris\nbo@crm.example,"Berg, Bo van den",Delft\n';

  it('saves, replaces, lists, offers for the same headers, applies to a dry run and deletes', async () => {
    const first = await uploadFile(server.baseUrl, admin, CRM);
    assert.equal(first.status, 201);
    assert.deepEqual(first.body.templates, []);
    assert.match(first.body.fullNameRule, /^A full name is split before its last word/);
    assert.equal(first.body.suggestedMapping.Name, 'fullName');

    const body = {
      entity: 'customers',
      name: 'CRM export',
      headers: ['Mail', 'Name', 'Town'],
      mapping: { Mail: 'email', Name: 'fullName' },
    };
    const saved = await server.call('POST', '/api/import-templates', { cookie: admin, body: { ...body, onExisting: 'skip' } });
    assert.equal(saved.status, 201, JSON.stringify(saved.body));
    assert.deepEqual(
      { ...saved.body, id: 0, createdAt: '', updatedAt: '' },
      {
        id: 0,
        entity: 'customers',
        name: 'CRM export',
        headers: ['Mail', 'Name', 'Town'],
        mapping: { Mail: 'email', Name: 'fullName', Town: null },
        dateFormats: {},
        onExisting: 'skip',
        allOrNothing: false,
        valueMaps: {},
        createMissingCustomers: false,
        createdBy: 'admin@example.com',
        createdAt: '',
        updatedAt: '',
      },
    );
    const replaced = await server.call('POST', '/api/import-templates', {
      cookie: admin,
      body: { ...body, mapping: { ...body.mapping, Town: 'city' }, onExisting: 'skip' },
    });
    assert.equal(replaced.status, 200);
    assert.equal(replaced.body.id, saved.body.id);
    assert.equal(replaced.body.mapping.Town, 'city');
    const list = await server.call('GET', '/api/import-templates?entity=customers', { cookie: admin });
    assert.deepEqual(
      list.body.items.map((t: { name: string; mapping: unknown }) => [t.name, t.mapping]),
      [['CRM export', { Mail: 'email', Name: 'fullName', Town: 'city' }]],
    );
    assert.deepEqual((await server.call('GET', '/api/import-templates?entity=users', { cookie: admin })).body.items, []);

    // The same headers in another order and case: offered; one column more: not; another entity: not.
    const same = await uploadFile(server.baseUrl, admin, 'town,MAIL,name\nLyon,cy@crm.example,Cy Dee\n');
    assert.deepEqual(same.body.templates, [
      {
        id: saved.body.id,
        name: 'CRM export',
        matches: 'exact',
        // On the file's own labels, ready for a form to show.
        applied: {
          mapping: { MAIL: 'email', name: 'fullName', town: 'city' },
          dateFormats: {},
          valueMaps: {},
          onExisting: 'skip',
          allOrNothing: false,
          createMissingCustomers: false,
        },
      },
    ]);
    assert.deepEqual((await uploadFile(server.baseUrl, admin, 'Mail,Name,Town,Phone\ndi@crm.example,Di,Rome,\n')).body.templates, []);
    assert.deepEqual((await uploadFile(server.baseUrl, admin, CRM, { query: 'entity=users' })).body.templates, []);
    // Re-reading the file answers the same.
    const again = await server.call('GET', `/api/imports/${same.body.id}/analysis`, { cookie: admin });
    assert.deepEqual(again.body.templates, same.body.templates);

    const dry = await server.call('POST', `/api/imports/${same.body.id}/dry-run`, { cookie: admin, body: { template: 'CRM export' } });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.deepEqual(dry.body.mapping, { town: 'city', MAIL: 'email', name: 'fullName' });
    assert.equal(dry.body.options.onExisting, 'skip');
    const over = await server.call('POST', `/api/imports/${same.body.id}/dry-run`, {
      cookie: admin,
      body: { template: 'CRM export', mapping: { town: null }, onExisting: 'update' },
    });
    assert.deepEqual(over.body.mapping, { MAIL: 'email', name: 'fullName' });
    assert.equal(over.body.options.onExisting, 'update');
    const unknown = await server.call('POST', `/api/imports/${same.body.id}/dry-run`, { cookie: admin, body: { template: 'Nope' } });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.message, 'No import template "Nope" is saved for customers.');

    const committed = await server.call('POST', `/api/imports/${dry.body.id}/commit`, { cookie: admin });
    assert.equal(committed.status, 202);
    const done = await finished(server, admin, dry.body.id);
    assert.equal(done.body.status, 'completed');
    assert.equal(done.body.created, 1);
    const people = await server.call('GET', '/api/customers?search=crm.example', { cookie: admin });
    assert.deepEqual(
      people.body.items.map((p: Record<string, unknown>) => [p.email, p.firstName, p.lastName, p.city]),
      [['cy@crm.example', 'Cy', 'Dee', 'Lyon']],
    );

    const deleted = await server.call('DELETE', `/api/import-templates/${saved.body.id}`, { cookie: admin });
    assert.equal(deleted.status, 204);
    assert.equal((await server.call('DELETE', `/api/import-templates/${saved.body.id}`, { cookie: admin })).status, 404);
    assert.deepEqual((await server.call('GET', '/api/import-templates', { cookie: admin })).body.items, []);
  });

  it('keeps a tickets import’s values and “create missing customers”, and applies them to the next file', async () => {
    const headers = ['Title', 'State', 'Requester'];
    const saved = await server.call('POST', '/api/import-templates', {
      cookie: admin,
      body: {
        entity: 'tickets',
        name: 'Old desk',
        headers,
        mapping: { Title: 'title', State: 'status', Requester: 'customerEmail' },
        valueMaps: { State: { Triage: 'Pending', 'Waiting On Parts': 'pending' } },
        createMissingCustomers: true,
      },
    });
    assert.equal(saved.status, 201, JSON.stringify(saved.body));
    assert.deepEqual(saved.body.valueMaps, { State: { triage: 'pending', 'waiting on parts': 'pending' } });
    assert.equal(saved.body.createMissingCustomers, true);
    const listed = await server.call('GET', '/api/import-templates?entity=tickets', { cookie: admin });
    assert.deepEqual(
      listed.body.items.map((t: Record<string, unknown>) => [t.name, t.valueMaps, t.createMissingCustomers]),
      [['Old desk', { State: { triage: 'pending', 'waiting on parts': 'pending' } }, true]],
    );

    // The next export: other case, another order; the template maps the values and creates the customer.
    const next = await uploadFile(
      server.baseUrl,
      admin,
      'requester,state,title\nnew@desk.example,triage,Printer jammed\n,Open,VPN down\n',
      { query: 'entity=tickets' },
    );
    assert.deepEqual(
      next.body.templates.map((x: Record<string, unknown>) => [x.id, x.applied]),
      [
        [
          saved.body.id,
          {
            mapping: { title: 'title', state: 'status', requester: 'customerEmail' },
            dateFormats: {},
            valueMaps: { state: { triage: 'pending', 'waiting on parts': 'pending' } },
            onExisting: 'update',
            allOrNothing: false,
            createMissingCustomers: true,
          },
        ],
      ],
    );
    const dry = await server.call('POST', `/api/imports/${next.body.id}/dry-run`, { cookie: admin, body: { template: 'Old desk' } });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.deepEqual([dry.body.created, dry.body.failed], [2, 0], JSON.stringify(dry.body.errors));
    assert.deepEqual(dry.body.options.valueMaps, { state: { triage: 'pending', 'waiting on parts': 'pending' } });
    assert.equal(dry.body.options.createMissingCustomers, true);
    assert.equal(dry.body.links.customersCreated, 1);

    // The body's own values win per value, and its own createMissingCustomers over the template's.
    const own = await server.call('POST', `/api/imports/${next.body.id}/dry-run`, {
      cookie: admin,
      body: { template: 'Old desk', valueMaps: { state: { Triage: 'open' } }, createMissingCustomers: false },
    });
    assert.equal(own.status, 200, JSON.stringify(own.body));
    assert.deepEqual(own.body.options.valueMaps, { state: { triage: 'open', 'waiting on parts': 'pending' } });
    assert.equal(own.body.options.createMissingCustomers ?? false, false);
    assert.equal(own.body.links.customersCreated, 0);

    // A column the body maps elsewhere leaves the template's values for it behind.
    const elsewhere = await server.call('POST', `/api/imports/${next.body.id}/dry-run`, {
      cookie: admin,
      body: { template: 'Old desk', mapping: { state: null } },
    });
    assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.body));
    assert.equal(elsewhere.body.options.valueMaps, undefined);
    assert.deepEqual(elsewhere.body.mapping, { requester: 'customerEmail', title: 'title' });

    const committed = await server.call('POST', `/api/imports/${dry.body.id}/commit`, { cookie: admin });
    assert.equal(committed.status, 202);
    assert.equal((await finished(server, admin, dry.body.id)).body.status, 'completed');
    const jammed = await server.call('GET', '/api/tickets?search=Printer', { cookie: admin });
    assert.equal(jammed.body.items[0].status, 'pending');
    const created = await server.call('GET', '/api/customers?search=new@desk.example', { cookie: admin });
    assert.equal(created.body.items.length, 1);
    assert.equal((await server.call('DELETE', `/api/import-templates/${saved.body.id}`, { cookie: admin })).status, 204);
  });

  it('refuses values that cannot apply, and “create missing customers” for people', async () => {
    const base = { entity: 'tickets', name: 'Bad values', headers: ['Title', 'State'], mapping: { Title: 'title', State: 'status' } };
    const notChoice = await server.call('POST', '/api/import-templates', {
      cookie: admin,
      body: { ...base, valueMaps: { Title: { x: 'open' } } },
    });
    assert.deepEqual([notChoice.status, notChoice.body.error.code], [400, 'import_mapping']);
    assert.match(notChoice.body.error.message, /Values are mapped for "Title", but it goes to Title, which is not a choice of values\./);
    const unknownValue = await server.call('POST', '/api/import-templates', {
      cookie: admin,
      body: { ...base, valueMaps: { State: { Triage: 'urgent' } } },
    });
    assert.deepEqual([unknownValue.status, unknownValue.body.error.code], [400, 'import_mapping']);
    assert.match(unknownValue.body.error.message, /"Triage" in "State" is mapped to "urgent".*use one of open, pending, resolved, closed/);
    const stranger = await server.call('POST', '/api/import-templates', {
      cookie: admin,
      body: { ...base, valueMaps: { Priority: { Hi: 'high' } } },
    });
    assert.deepEqual([stranger.status, stranger.body.error.field], [400, 'valueMaps']);
    const people = await server.call('POST', '/api/import-templates', {
      cookie: admin,
      body: {
        entity: 'customers',
        name: 'People',
        headers: ['Email', 'Name'],
        mapping: { Email: 'email', Name: 'fullName' },
        createMissingCustomers: true,
      },
    });
    assert.deepEqual([people.status, people.body.error.field], [400, 'createMissingCustomers']);
    const names = (await server.call('GET', '/api/import-templates', { cookie: admin })).body.items.map((t: { name: string }) => t.name);
    assert.ok(!names.includes('Bad values') && !names.includes('People'), JSON.stringify(names));
  });

  it('refuses a mapping that cannot import, with a sentence naming the field or column', async () => {
    const base = { entity: 'customers', name: 'Bad', headers: ['Mail', 'Name', 'Surname'] };
    const both = await server.call('POST', '/api/import-templates', {
      cookie: admin,
      body: { ...base, mapping: { Mail: 'email', Name: 'fullName', Surname: 'lastName' } },
    });
    assert.equal(both.status, 400);
    assert.equal(both.body.error.code, 'import_mapping');
    assert.match(both.body.error.message, /so column "Surname" cannot go to Last Name as well/);
    const stranger = await server.call('POST', '/api/import-templates', {
      cookie: admin,
      body: { ...base, mapping: { Mail: 'email', Name: 'fullName', Phone: 'phone' } },
    });
    assert.deepEqual([stranger.status, stranger.body.error.code, stranger.body.error.field], [400, 'validation', 'mapping']);
    const missing = await server.call('POST', '/api/import-templates', { cookie: admin, body: { ...base, mapping: { Name: 'fullName' } } });
    assert.equal(missing.body.error.code, 'import_mapping');
    assert.match(missing.body.error.message, /no column is mapped to Email/);
    const unnamed = await server.call('POST', '/api/import-templates', { cookie: admin, body: { ...base, name: '  ', mapping: {} } });
    assert.deepEqual([unnamed.status, unnamed.body.error.field], [400, 'name']);
    assert.deepEqual((await server.call('GET', '/api/import-templates', { cookie: admin })).body.items, []);
  });

  it('is for admins', async () => {
    const agent = await signInAgent(server, admin);
    assert.equal((await server.call('GET', '/api/import-templates', { cookie: agent.cookie })).status, 403);
    const post = await server.call('POST', '/api/import-templates', {
      cookie: agent.cookie,
      body: { entity: 'users', name: 'X', headers: ['Email'], mapping: {} },
    });
    assert.equal(post.status, 403);
    assert.equal((await server.call('DELETE', '/api/import-templates/1', { cookie: agent.cookie })).status, 403);
  });
});
