import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECT } from '../support/database.js';
import { ADMIN, setUpAdmin, startTestServer, type TestServer } from './helpers.js';

describe(`HTTP users and customers (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let admin: string;
  const as = () => ({ cookie: admin });

  before(async () => {
    server = await startTestServer();
    admin = await setUpAdmin(server);
  });
  after(async () => {
    await server.close();
  });

  it('names the field of a bad value, and lists every problem', async () => {
    const badEmail = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'not-an-email', firstName: 'Bad', lastName: 'Email' },
    });
    assert.equal(badEmail.status, 400);
    assert.equal(badEmail.body.error.code, 'validation');
    assert.equal(badEmail.body.error.field, 'email');
    assert.match(badEmail.body.error.message, /not-an-email.*not a valid email/);

    const noLastName = await server.call('POST', '/api/users', { ...as(), body: { email: 'half@example.com', firstName: 'Half' } });
    assert.equal(noLastName.status, 400);
    assert.equal(noLastName.body.error.field, 'lastName');
    assert.deepEqual(noLastName.body.error.problems, [{ field: 'lastName', message: 'Last Name is required.' }]);

    const several = await server.call('POST', '/api/customers', { ...as(), body: { email: 'x', shoeSize: 42 } });
    assert.deepEqual(several.body.error.problems.map((p: { field: string }) => p.field).sort(), [
      'email',
      'firstName',
      'lastName',
      'shoeSize',
    ]);

    const wrongType = await server.call('POST', '/api/customers', { ...as(), body: { email: ['a@b.example'] } });
    assert.equal(wrongType.status, 400);
    assert.equal(wrongType.body.error.field, 'email');

    const badId = await server.call('GET', '/api/customers/abc', as());
    assert.equal(badId.status, 400);
    assert.equal(badId.body.error.field, 'id');

    const tooBig = await server.call('GET', '/api/customers?pageSize=501', as());
    assert.equal(tooBig.status, 400);
    assert.equal(tooBig.body.error.field, 'pageSize');
    assert.match(tooBig.body.error.message, /at most 500/);

    const badStatus = await server.call('GET', '/api/users?status=gone', as());
    assert.equal(badStatus.body.error.field, 'status');
  });

  it('refuses an email that another person has, whatever its kind or case', async () => {
    const asCustomer = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: ADMIN.email.toUpperCase(), firstName: 'Copy', lastName: 'Cat' },
    });
    assert.equal(asCustomer.status, 409);
    assert.equal(asCustomer.body.error.code, 'conflict');
    assert.equal(asCustomer.body.error.field, 'email');
    assert.match(asCustomer.body.error.message, /already belongs to a user/);

    const customer = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'Dora@Shop.example', firstName: 'Dora', lastName: 'Shop' },
    });
    assert.equal(customer.status, 201);
    const asUser = await server.call('POST', '/api/users', {
      ...as(),
      body: { email: 'dora@shop.EXAMPLE', firstName: 'D', lastName: 'S' },
    });
    assert.equal(asUser.status, 409);
    assert.match(asUser.body.error.message, /already belongs to a customer/);

    const other = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'eve@shop.example', firstName: 'Eve', lastName: 'Shop' },
    });
    const renamed = await server.call('PATCH', `/api/customers/${other.body.id}`, { ...as(), body: { email: 'DORA@shop.example' } });
    assert.equal(renamed.status, 409);
    assert.equal(renamed.body.error.field, 'email');
  });

  it('answers 404 for ids that do not exist, or that are of the other kind', async () => {
    const user = (await server.call('GET', '/api/me', as())).body.user;
    const missing: [string, string, unknown?][] = [
      ['GET', '/api/customers/99999'],
      ['GET', `/api/customers/${user.id}`],
      ['PATCH', '/api/customers/99999', { city: 'Nowhere' }],
      ['POST', '/api/customers/99999/deactivate'],
      ['DELETE', '/api/customers/99999'],
      ['GET', '/api/users/99999'],
      ['POST', '/api/users/99999/password', { password: 'long enough password' }],
    ];
    for (const [method, path, body] of missing) {
      const answer = await server.call(method, path, body === undefined ? as() : { ...as(), body });
      assert.equal(answer.status, 404, `${method} ${path}`);
      assert.equal(answer.body.error.code, 'not_found');
      assert.match(answer.body.error.message, /was not found/);
    }
  });

  it('pages through a list and searches it by name and by email', async () => {
    for (let i = 1; i <= 23; i++) {
      const n = String(i).padStart(2, '0');
      const answer = await server.call('POST', '/api/customers', {
        ...as(),
        body: { email: `page${n}@paging.example`, firstName: `Pat${n}`, lastName: `Pager${n}` },
      });
      assert.equal(answer.status, 201);
    }
    const first = await server.call('GET', '/api/customers?search=paging.example&pageSize=10&sort=lastName', as());
    assert.equal(first.body.total, 23);
    assert.equal(first.body.items.length, 10);
    const second = await server.call('GET', '/api/customers?search=paging.example&pageSize=10&page=2&sort=lastName', as());
    assert.deepEqual(
      { total: second.body.total, page: second.body.page, pageSize: second.body.pageSize },
      { total: 23, page: 2, pageSize: 10 },
    );
    assert.deepEqual(
      second.body.items.map((c: { lastName: string }) => c.lastName),
      Array.from({ length: 10 }, (_, i) => `Pager${String(i + 11).padStart(2, '0')}`),
    );
    const last = await server.call('GET', '/api/customers?search=paging.example&pageSize=10&page=3', as());
    assert.equal(last.body.items.length, 3);
    const desc = await server.call('GET', '/api/customers?search=paging.example&pageSize=1&sort=email&order=desc', as());
    assert.equal(desc.body.items[0].email, 'page23@paging.example');

    const byName = await server.call('GET', '/api/customers?search=' + encodeURIComponent('pat07 pager07'), as());
    assert.deepEqual(
      byName.body.items.map((c: { email: string }) => c.email),
      ['page07@paging.example'],
    );
    const byEmail = await server.call('GET', '/api/customers?search=PAGE19@', as());
    assert.equal(byEmail.body.total, 1);
    assert.equal(byEmail.body.items[0].firstName, 'Pat19');
    const users = await server.call('GET', '/api/users?search=paging', as());
    assert.equal(users.body.total, 0, 'customers are not users');
  });

  it('filters customers by organization and by status', async () => {
    const names = ['Ann', 'Bob', 'Cid'];
    const ids: number[] = [];
    for (const name of names) {
      const answer = await server.call('POST', '/api/customers', {
        ...as(),
        body: { email: `${name.toLowerCase()}@gmail.com`, firstName: name, lastName: 'Acme', organization: 'Acme Corp' },
      });
      assert.equal(answer.body.organization, 'Acme Corp');
      ids.push(answer.body.id);
    }
    await server.call('POST', '/api/customers', { ...as(), body: { email: 'dan@gmail.com', firstName: 'Dan', lastName: 'Acme' } });
    const orgs = await server.call('GET', '/api/organizations?search=acme', as());
    assert.equal(orgs.body.total, 1);
    const orgId = orgs.body.items[0].id;
    const members = await server.call('GET', `/api/customers?organizationId=${orgId}`, as());
    assert.deepEqual(members.body.items.map((c: { firstName: string }) => c.firstName).sort(), names);

    const deactivated = await server.call('POST', `/api/customers/${ids[1]}/deactivate`, as());
    assert.equal(deactivated.body.status, 'deactivated');
    const active = await server.call('GET', `/api/customers?organizationId=${orgId}&status=active`, as());
    assert.deepEqual(active.body.items.map((c: { firstName: string }) => c.firstName).sort(), ['Ann', 'Cid']);
  });

  it('adds a custom property, then stores and reads a customer value with it', async () => {
    const added = await server.call('POST', '/api/properties/customers', {
      ...as(),
      body: { key: 'loyaltyTier', label: 'Loyalty Tier', type: 'choice', choices: ['Gold', 'Silver'] },
    });
    assert.equal(added.status, 201);
    assert.deepEqual(added.body, {
      key: 'loyaltyTier',
      label: 'Loyalty Tier',
      type: 'choice',
      required: false,
      custom: true,
      choices: ['Gold', 'Silver'],
      hidden: false,
    });
    const listed = await server.call('GET', '/api/properties/customers', as());
    assert.ok(listed.body.properties.some((p: { key: string }) => p.key === 'loyaltyTier'));
    assert.ok(listed.body.properties.some((p: { key: string; required: boolean }) => p.key === 'email' && p.required));

    const created = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'vip@big.example', firstName: 'Vera', lastName: 'Important', loyaltyTier: 'gold' },
    });
    assert.equal(created.status, 201);
    const read = await server.call('GET', `/api/customers/${created.body.id}`, as());
    assert.equal(read.body.loyaltyTier, 'Gold');
    const wrong = await server.call('PATCH', `/api/customers/${created.body.id}`, { ...as(), body: { loyaltyTier: 'Bronze' } });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.field, 'loyaltyTier');

    const relabelled = await server.call('PATCH', '/api/properties/customers/loyaltyTier', {
      ...as(),
      body: { label: 'Tier', choices: ['Gold', 'Silver', 'Bronze'] },
    });
    assert.equal(relabelled.status, 200);
    assert.equal(relabelled.body.label, 'Tier');
    assert.equal(
      (await server.call('PATCH', `/api/customers/${created.body.id}`, { ...as(), body: { loyaltyTier: 'Bronze' } })).body.loyaltyTier,
      'Bronze',
    );

    const taken = await server.call('POST', '/api/properties/customers', { ...as(), body: { key: 'email', label: 'Mail', type: 'email' } });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.error.field, 'key');
    const badType = await server.call('POST', '/api/properties/customers', { ...as(), body: { key: 'size', label: 'Size', type: 'shoe' } });
    assert.equal(badType.status, 400);
    assert.equal(badType.body.error.field, 'type');
    const badKind = await server.call('GET', '/api/properties/planets', as());
    assert.equal(badKind.status, 400);
    assert.equal(badKind.body.error.field, 'kind');
    const unknown = await server.call('PATCH', '/api/properties/customers/nothing', { ...as(), body: { label: 'X' } });
    assert.equal(unknown.status, 404);
  });

  it('sets a password for a user who had none, who can then sign in', async () => {
    const created = await server.call('POST', '/api/users', {
      ...as(),
      body: { email: 'imported@example.com', firstName: 'Im', lastName: 'Ported' },
    });
    assert.equal(created.body.signInEnabled, false);
    const before = await server.call('POST', '/api/session', { body: { email: 'imported@example.com', password: 'whatever password' } });
    assert.equal(before.status, 401);
    const short = await server.call('POST', `/api/users/${created.body.id}/password`, { ...as(), body: { password: 'short' } });
    assert.equal(short.status, 400);
    assert.equal(short.body.error.field, 'password');
    const set = await server.call('POST', `/api/users/${created.body.id}/password`, {
      ...as(),
      body: { password: 'a brand new password' },
    });
    assert.equal(set.status, 204);
    const signIn = await server.call('POST', '/api/session', { body: { email: 'imported@example.com', password: 'a brand new password' } });
    assert.equal(signIn.status, 200);
    assert.equal(signIn.body.user.role, 'agent');
    assert.equal((await server.call('GET', `/api/users/${created.body.id}`, as())).body.signInEnabled, true);
  });

  it('deletes a person (admin), but not oneself', async () => {
    const created = await server.call('POST', '/api/customers', {
      ...as(),
      body: { email: 'gone@example.org', firstName: 'Soon', lastName: 'Gone' },
    });
    assert.equal((await server.call('DELETE', `/api/customers/${created.body.id}`, as())).status, 204);
    assert.equal((await server.call('GET', `/api/customers/${created.body.id}`, as())).status, 404);
    const me = (await server.call('GET', '/api/me', as())).body.user;
    const self = await server.call('DELETE', `/api/users/${me.id}`, as());
    assert.equal(self.status, 409);
    assert.equal((await server.call('GET', '/api/me', as())).status, 200);
  });
});
