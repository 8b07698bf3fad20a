import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { skip, startHarness, until, visible, type WizardHarness } from './import-wizard-harness.js';

describe('web UI: language and time zone in the edit form', { skip }, () => {
  let h: WizardHarness;
  let page: Page;
  let id = 0;

  before(async () => {
    h = await startHarness();
    page = h.page;
    const created = await page.request.post(h.base + '/api/users', {
      data: { email: 'lin@roster.example', firstName: 'Lin', lastName: 'Berg', language: 'sv' },
      headers: { origin: h.base },
    });
    assert.ok(created.ok(), await created.text());
    id = ((await created.json()) as { id: number }).id;
  });
  after(async () => {
    await h?.close();
  });

  it('shows a stored language by its name, and suggests languages and time zones to pick', async () => {
    await page.goto(`${h.base}/users/${id}`);
    const properties = page.getByRole('region', { name: 'Properties' });
    await visible(properties.getByText('Swedish', { exact: true }));

    await page.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('region', { name: 'Edit user' });
    const language = form.getByLabel('Language', { exact: true });
    assert.equal(await language.inputValue(), 'sv');
    const languageList = await language.getAttribute('list');
    assert.ok(languageList, 'the language input offers suggestions');
    const swedish = page.locator(`[id="${languageList}"] option[value="sv"]`);
    assert.equal(await swedish.textContent(), 'Swedish');
    const suggested = await page.locator(`[id="${languageList}"] option`).count();
    // The browser's own list: Chromium names some 130 of the ISO 639-1 languages the server reads.
    assert.ok(suggested > 100, `the languages the browser can name are suggested: ${suggested}`);
    await until('the name of the language is shown under it', async () =>
      ((await page.locator(`[id="${await language.getAttribute('aria-describedby')}"]`).textContent()) ?? '').includes('Swedish'),
    );

    const zone = form.getByLabel('Time Zone', { exact: true });
    const zoneList = await zone.getAttribute('list');
    assert.ok(zoneList, 'the time zone input offers suggestions');
    assert.equal(await page.locator(`[id="${zoneList}"] option[value="Europe/Stockholm"]`).count(), 1);

    await language.fill('Klingon');
    await zone.fill('europe/stockholm');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await until('the language field is marked invalid', async () => (await language.getAttribute('aria-invalid')) === 'true');
    await visible(form.getByText(/"Klingon" is not a language Roster knows/));

    await language.fill('Portuguese (Brazil)');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await visible(properties.getByText('Portuguese (Brazil)', { exact: true }));
    await visible(properties.getByText('Europe/Stockholm', { exact: true }));
    const stored = await h.db.kysely.selectFrom('people').select(['language', 'timeZone']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(stored, { language: 'pt-BR', timeZone: 'Europe/Stockholm' });
  });
});
