import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Route } from 'playwright-core';
import { createPerson } from '../../src/db/repositories/people.js';
import { rowTexts, skip, startHarness, until, visible, type WizardHarness } from './import-wizard-harness.js';

/** The pager's summary ("Showing 1–25 of 60 customers"). */
async function summary(h: WizardHarness): Promise<string> {
  return (await h.page.getByRole('navigation', { name: 'Pages' }).locator('.pager-summary').innerText()).trim();
}

describe('web UI: the customer directory searches as you type and pages by cursor', { skip }, () => {
  let h: WizardHarness;

  before(async () => {
    h = await startHarness();
    for (const [firstName, lastName] of [
      ['Anders', 'Holm'],
      ['Andrea', 'Costa'],
      ['Sandra', 'Andersson'],
      ['Bo', 'Lund'],
    ] as const) {
      await createPerson(h.db, 'customers', { email: `${firstName.toLowerCase()}@search.example`, firstName, lastName });
    }
    for (let i = 0; i < 56; i++) {
      await createPerson(h.db, 'customers', {
        email: `walker${String(i).padStart(2, '0')}@paging.example`,
        firstName: 'Wanda',
        lastName: `Walker${String(i).padStart(2, '0')}`,
      });
    }
    await h.page.goto(h.base + '/customers');
    await visible(h.page.getByRole('heading', { level: 1, name: 'Customers' }));
  });
  after(() => h?.close());

  it('pages through every customer with Next and Previous', async () => {
    await until('the first page is listed', async () => (await summary(h)) === 'Showing 1–25 of 60 customers');
    const first = await rowTexts(h.page, 'Customers');
    assert.equal(first.length, 25);
    const next = h.page.getByRole('button', { name: 'Next' });
    const previous = h.page.getByRole('button', { name: 'Previous' });
    assert.equal(await previous.isDisabled(), true);
    await next.click();
    await until('the second page is listed', async () => (await summary(h)) === 'Showing 26–50 of 60 customers');
    const second = await rowTexts(h.page, 'Customers');
    await next.click();
    await until('the last page is listed', async () => (await summary(h)) === 'Showing 51–60 of 60 customers');
    const third = await rowTexts(h.page, 'Customers');
    assert.equal(third.length, 10);
    assert.equal(await next.isDisabled(), true, 'no page after the last');
    assert.equal(new Set([...first, ...second, ...third]).size, 60, 'every customer once');
    await previous.click();
    await until('back on the second page', async () => (await summary(h)) === 'Showing 26–50 of 60 customers');
    assert.deepEqual(await rowTexts(h.page, 'Customers'), second);
  });

  it('searches as you type, names first, and starts again at the first page', async () => {
    const box = h.page.getByRole('searchbox', { name: 'Search customers' });
    await box.pressSequentially('and', { delay: 40 });
    await until('only the people with a word starting "and" are left', async () => (await rowTexts(h.page, 'Customers')).length === 3);
    const rows = await rowTexts(h.page, 'Customers');
    assert.match(rows[0]!, /Anders Holm/, 'ranked: a first name, oldest first');
    assert.match(rows[1]!, /Andrea Costa/);
    assert.match(rows[2]!, /Sandra Andersson/);
    assert.equal(await summary(h), 'Showing 1–3 of 3 customers');
    await box.fill('walker5');
    await until('the search narrows to Walker50–55', async () => (await summary(h)) === 'Showing 1–6 of 6 customers');
    await box.fill('');
    await until('the whole list is back, at its first page', async () => (await summary(h)) === 'Showing 1–25 of 60 customers');
  });

  it('cancels a search typed over, and never shows its late answer', async () => {
    // The answer to "bo" is held back until the answer to "bo lund" has been shown: if the page
    // still listened for it, it would replace the newer list when released.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const aborted: string[] = [];
    const ended: string[] = [];
    const searchOf = (url: string) => new URL(url).searchParams.get('search') ?? '';
    h.page.on('requestfailed', (request) => {
      aborted.push(searchOf(request.url()));
      ended.push(searchOf(request.url()));
    });
    h.page.on('requestfinished', (request) => ended.push(searchOf(request.url())));
    const heldSearch = (url: URL) => url.pathname === '/api/customers' && url.searchParams.get('search') === 'bo';
    const hold = async (route: Route) => {
      await released;
      await route.continue().catch(() => undefined);
    };
    await h.page.route(heldSearch, hold);
    const box = h.page.getByRole('searchbox', { name: 'Search customers' });
    const sent = h.page.waitForRequest((r) => searchOf(r.url()) === 'bo');
    await box.fill('bo');
    await sent;
    await box.fill('bo lund');
    await until('the newer search is shown', async () => {
      const rows = await rowTexts(h.page, 'Customers');
      return rows.length === 1 && rows[0]!.includes('Bo Lund');
    });
    release();
    await until('the older request has ended', async () => ended.includes('bo'));
    await h.page.unroute(heldSearch, hold);
    assert.ok(aborted.includes('bo'), 'the older request was cancelled');
    const rows = await rowTexts(h.page, 'Customers');
    assert.equal(rows.length, 1);
    assert.match(rows[0]!, /Bo Lund/);
    assert.equal(await h.page.getByRole('searchbox', { name: 'Search customers' }).inputValue(), 'bo lund');
  });
});
