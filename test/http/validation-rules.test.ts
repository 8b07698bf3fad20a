import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECT } from '../support/database.js';
import { setUpAdmin, startTestServer, type TestServer } from './helpers.js';

const SWEDISH_12 = 'Phone: "12" is not a phone number in Sweden (+46); write it with its country code, e.g. +46 70 123 45 67.';

describe(`HTTP phone, language and time zone rules (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;
  const as = () => ({ cookie: admin });

  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
    const settings = await server.call('PATCH', '/api/settings', { ...as(), body: { defaultCountry: 'SE' } });
    assert.equal(settings.status, 200, JSON.stringify(settings.body));
  });
  after(async () => {
    await server.close();
  });

  it('refuses a phone that is no number of the default country, with a sentence naming the field', async () => {
    const answer = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'short@example.com', firstName: 'Short', lastName: 'Number', phone: '12' },
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.code, 'validation');
    assert.equal(answer.body.error.field, 'phone');
    assert.equal(answer.body.error.message, SWEDISH_12);
    assert.equal((await server.call('GET', '/api/customers?search=short%40example.com', as())).body.total, 0);
  });

  it('reports a bad mobile, language and time zone at once, each by its field', async () => {
    const answer = await server.call('POST', '/api/users', {
      ...as(),
      body: {
        email: 'klingon@example.com',
        firstName: 'Worf',
        lastName: 'Rozhenko',
        mobile: '+46 12',
        language: 'Klingon',
        timeZone: 'Mars/Olympus',
      },
    });
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body.error.problems, [
      { field: 'mobile', message: 'Mobile: "+46 12" is not a phone number in Sweden (+46): it has too few digits.' },
      {
        field: 'language',
        message: 'Language: "Klingon" is not a language Roster knows; write its code (sv, pt-BR) or its English name (Swedish).',
      },
      {
        field: 'timeZone',
        message: 'Time Zone: "Mars/Olympus" is not a time zone; write its IANA name, such as Europe/Stockholm or America/New_York.',
      },
    ]);
  });

  it('stores a language as its tag and a time zone by its IANA name, and the phone as written', async () => {
    const created = await server.call('POST', '/api/users', {
      ...as(),
      body: {
        email: 'sara@example.com',
        firstName: 'Sara',
        lastName: 'Lind',
        phone: '08 123 456 78',
        mobile: '+44 7400 123456',
        language: 'swedish',
        timeZone: 'europe/stockholm',
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { id, phone, mobile, language, timeZone } = created.body;
    assert.deepEqual(
      { phone, mobile, language, timeZone },
      {
        phone: '08 123 456 78',
        mobile: '+44 7400 123456',
        language: 'sv',
        timeZone: 'Europe/Stockholm',
      },
    );
    const e164 = await server.db.kysely
      .selectFrom('people')
      .select(['phoneE164', 'mobileE164'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(e164, { phoneE164: '+46812345678', mobileE164: '+447400123456' });

    const changed = await server.call('PATCH', `/api/users/${id}`, {
      ...as(),
      body: { language: 'Portuguese (Brazil)', timeZone: 'Asia/Calcutta' },
    });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.deepEqual([changed.body.language, changed.body.timeZone], ['pt-BR', 'Asia/Kolkata']);
    const aliases = await server.call('PATCH', `/api/users/${id}`, { ...as(), body: { language: 'pt_br', timeZone: 'US/Eastern' } });
    assert.deepEqual([aliases.body.language, aliases.body.timeZone], ['pt-BR', 'America/New_York']);
  });

  it('keeps a record with values stored before the rules editable, and checks a value once it changes', async () => {
    const created = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'legacy@example.com', firstName: 'Old', lastName: 'Data' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as number;
    // What an earlier version let through.
    await server.db.kysely
      .updateTable('people')
      .set({ phone: '12', mobile: 'n/a', language: 'Klingon', timeZone: 'Mars/Olympus' })
      .where('id', '=', id)
      .execute();

    const title = await server.call('PATCH', `/api/customers/${id}`, { ...as(), body: { title: 'Captain' } });
    assert.equal(title.status, 200, JSON.stringify(title.body));
    assert.deepEqual(
      [title.body.title, title.body.phone, title.body.language, title.body.timeZone],
      ['Captain', '12', 'Klingon', 'Mars/Olympus'],
    );

    // A client that sends the record's fields back, changed in one, is not refused for the others.
    const { email, firstName, lastName, phone, mobile, language, timeZone } = title.body;
    const whole = { email, firstName, lastName, phone, mobile, language, timeZone };
    const resent = await server.call('PATCH', `/api/customers/${id}`, { ...as(), body: { ...whole, city: 'Malmö' } });
    assert.equal(resent.status, 200, JSON.stringify(resent.body));
    assert.deepEqual([resent.body.city, resent.body.phone, resent.body.mobile], ['Malmö', '12', 'n/a']);

    const changed = await server.call('PATCH', `/api/customers/${id}`, { ...as(), body: { phone: '13' } });
    assert.equal(changed.status, 400);
    assert.equal(changed.body.error.field, 'phone');
    assert.match(changed.body.error.message, /^Phone: "13" is not a phone number in Sweden \(\+46\)/);

    const fixed = await server.call('PATCH', `/api/customers/${id}`, { ...as(), body: { language: 'sv', timeZone: null } });
    assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
    assert.deepEqual([fixed.body.language, fixed.body.timeZone, fixed.body.phone], ['sv', null, '12']);
  });

  it('checks the values of an import dry run, and of a corrected cell, by the same rules', async () => {
    const form = new FormData();
    const csv = [
      'Email,First Name,Last Name,Phone,Language,Time Zone',
      'a@rules.test,Ann,One,08 123 456 78,Swedish,Europe/Stockholm',
      'b@rules.test,Bo,Two,12,Klingon,Mars/Olympus',
    ].join('\n');
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'people.csv');
    const response = await fetch(`${server.baseUrl}/api/imports/uploads?entity=customers`, {
      method: 'POST',
      headers: { cookie: admin, origin: server.baseUrl },
      body: form,
    });
    const uploaded = (await response.json()) as { id: number };
    assert.equal(response.status, 201, JSON.stringify(uploaded));
    const dry = await server.call('POST', `/api/imports/${uploaded.id}/dry-run`, { ...as(), body: {} });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.deepEqual([dry.body.created, dry.body.failed], [1, 1]);
    assert.deepEqual(
      dry.body.errors.map((e: { row: number; column: string; code: string; message: string }) => [e.row, e.column, e.code, e.message]),
      [
        [
          3,
          'Phone',
          'invalid_value',
          'Row 3, column "Phone": "12" is not a phone number in Sweden (+46); write it with its country code, e.g. +46 70 123 45 67.',
        ],
        [
          3,
          'Language',
          'invalid_value',
          'Row 3, column "Language": "Klingon" is not a language Roster knows; write its code (sv, pt-BR) or its English name (Swedish).',
        ],
        [
          3,
          'Time Zone',
          'invalid_value',
          'Row 3, column "Time Zone": "Mars/Olympus" is not a time zone; write its IANA name, such as Europe/Stockholm or America/New_York.',
        ],
      ],
    );
    const problems = await server.call('GET', `/api/imports/${dry.body.id}/problems`, as());
    assert.deepEqual(
      problems.body.items.map((p: { row: number; column: string }) => [p.row, p.column]),
      [
        [3, 'Phone'],
        [3, 'Language'],
        [3, 'Time Zone'],
      ],
    );

    const correct = (column: string, value: string) =>
      server.call('PUT', `/api/imports/${dry.body.id}/corrections`, { ...as(), body: { row: 3, column, value } });
    const stillBad = await correct('Language', 'Vulcan');
    assert.equal(stillBad.status, 200, JSON.stringify(stillBad.body));
    assert.equal(stillBad.body.row.action, 'failed');
    assert.ok(stillBad.body.row.problems.some((p: { message: string }) => /"Vulcan" is not a language Roster knows/.test(p.message)));
    await correct('Language', 'en');
    await correct('Time Zone', 'us/eastern');
    const good = await correct('Phone', '+46 70 123 45 67');
    assert.equal(good.body.row.action, 'create', JSON.stringify(good.body.row));
    assert.deepEqual(good.body.counts.failed, 0);
    assert.deepEqual([good.body.row.values.language, good.body.row.values.timeZone], ['en', 'America/New_York']);
  });
});
