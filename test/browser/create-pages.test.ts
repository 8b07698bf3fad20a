import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPerson } from '../../src/db/repositories/people.js';
import { skip, startHarness, until, visible, type WizardHarness } from './import-wizard-harness.js';

describe('web UI: new organizations and tickets from where they belong', { skip }, () => {
  let h: WizardHarness;
  let customerId: number;

  before(async () => {
    h = await startHarness();
  });
  after(() => h?.close());

  it('creates an organization from the organizations list, and names a bad field', async () => {
    await h.page.goto(h.base + '/organizations');
    await visible(h.page.getByText(/No organizations yet: import them from a CSV file/));
    await h.page.getByRole('link', { name: 'New organization' }).click();
    await visible(h.page.getByRole('heading', { level: 1, name: 'New organization' }));
    await h.page.getByRole('button', { name: 'Create organization' }).click();
    await until('the name is marked invalid', async () => (await h.page.getByLabel('Name').getAttribute('aria-invalid')) === 'true');
    await h.page.getByLabel('Name').fill('Northwind Traders');
    await h.page.getByLabel('Email domains (comma-separated)').fill('northwind.example, northwind.test');
    await h.page.getByRole('button', { name: 'Create organization' }).click();
    await visible(h.page.getByRole('heading', { level: 1, name: 'Northwind Traders' }));
    assert.match(new URL(h.page.url()).pathname, /^\/organizations\/\d+$/);
    await visible(h.page.getByText('@northwind.example · @northwind.test'));
  });

  it('opens a new ticket from a customer’s page, for that customer', async () => {
    customerId = (await createPerson(h.db, 'customers', { email: 'olga@northwind.example', firstName: 'Olga', lastName: 'North' })).id;
    await h.page.goto(`${h.base}/customers/${customerId}`);
    const tickets = h.page.getByRole('region', { name: 'Tickets' });
    await visible(tickets.getByText('No tickets from this customer.'));
    await tickets.getByRole('link', { name: 'New ticket' }).click();
    await visible(h.page.getByRole('heading', { level: 1, name: 'New ticket' }));
    assert.equal(await h.page.getByLabel('Customer Email').inputValue(), 'olga@northwind.example');
    await h.page.getByLabel('Title').fill('Invoice is missing');
    await h.page.getByRole('button', { name: 'Create ticket' }).click();
    await visible(h.page.getByRole('heading', { level: 1, name: /Invoice is missing/ }));
    await h.page.goto(`${h.base}/customers/${customerId}`);
    await visible(h.page.getByRole('region', { name: 'Tickets' }).getByRole('link', { name: /Invoice is missing/ }));
  });

  it('offers New ticket on the tickets list', async () => {
    await h.page.goto(h.base + '/tickets');
    await h.page.getByRole('link', { name: 'New ticket' }).click();
    await visible(h.page.getByRole('heading', { level: 1, name: 'New ticket' }));
    assert.equal(await h.page.getByLabel('Customer Email').inputValue(), '');
    await h.page.getByRole('button', { name: 'Cancel' }).click();
    await visible(h.page.getByRole('heading', { level: 1, name: 'Tickets' }));
  });
});
