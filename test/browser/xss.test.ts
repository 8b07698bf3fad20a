import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { TEST_DIALECT } from '../support/database.js';
import { chooseFile, openImport, skip, startHarness, until, writeTempFile, type WizardHarness } from './import-wizard-harness.js';

/** Classic cross-site scripting probes: markup, event handlers, script URLs, template expressions and a filter evasion string. */
const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  "{{constructor.constructor('alert(1)')()}}",
  '<a href="javascript:alert(1)">x</a>',
  `'';!--"<XSS>=&{()}`,
  'javascript:alert(1)',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<details open ontoggle=alert(1)>',
  '${alert(1)}',
];

/** A website that is a valid http URL and still carries markup: stored as written. */
const MARKUP_WEBSITE = 'https://xss.example/"><img src=x onerror=alert(1)>';

/**
 * What would have run had the page turned a value into markup: an `on…` attribute, a script
 * without a src (the app's own scripts are files), a javascript: URL, a frame, a payload's own tag.
 * Scripts for the page are text: the tests compile without the DOM's types.
 */
const FIND_INJECTED = `(() => {
  const found = [];
  for (const element of document.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase();
    if (tag === 'script' && !element.getAttribute('src')) found.push('inline script');
    if (tag === 'iframe' || tag === 'xss' || (tag === 'img' && element.getAttribute('src') === 'x')) found.push('<' + tag + '>');
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith('on')) found.push('<' + tag + ' ' + attribute.name + '>');
      if (/^\\s*javascript:/i.test(attribute.value)) found.push('<' + tag + ' ' + attribute.name + '="' + attribute.value + '">');
    }
  }
  return found;
})()`;

describe(`stored text renders as text, never as markup (${TEST_DIALECT})`, { skip }, () => {
  let harness: WizardHarness;
  let page: Page;
  const dialogs: string[] = [];
  const violations: string[] = [];
  const ids: Record<'customers' | 'users' | 'organizations' | 'tickets', number[]> = {
    customers: [],
    users: [],
    organizations: [],
    tickets: [],
  };

  async function post(collection: string, data: Record<string, unknown>): Promise<{ status: number; body: { id: number } }> {
    // The page's request context shares its session cookie; it says where it comes from, as the page's own fetches do.
    const response = await page.request.post(`${harness.base}/api/${collection}`, { headers: { origin: harness.base }, data });
    return { status: response.status(), body: await response.json() };
  }

  async function create(collection: keyof typeof ids, data: Record<string, unknown>): Promise<void> {
    const answer = await post(collection, data);
    assert.equal(answer.status, 201, `${collection}: ${JSON.stringify(answer.body)}`);
    ids[collection].push(answer.body.id);
  }

  /** Opens `path`, waits until every text is on the page as written, and checks nothing became markup. */
  async function expectLiteral(pagePath: string, texts: string[]): Promise<void> {
    await page.goto(harness.base + pagePath);
    await expectShown(pagePath, texts);
  }

  async function expectShown(where: string, texts: string[]): Promise<void> {
    const main = page.locator('main');
    // A text may also stand in a hidden place (a filter's option), so some visible place must show it.
    // Both are waited for together: a list may render once, then again while a later request settles.
    await until(`${where} shows ${JSON.stringify(texts)} as visible text`, async () => {
      const shown = await main.innerText().catch(() => '');
      if (!texts.every((text) => shown.includes(text))) return false;
      for (const text of texts) if (!(await page.getByText(text).filter({ visible: true }).first().isVisible())) return false;
      return true;
    });
    assert.deepEqual(await page.evaluate(FIND_INJECTED), [], `${where}: no markup made from stored text`);
    assert.deepEqual(dialogs, [], `${where}: no dialog opened`);
    assert.deepEqual(violations, [], `${where}: no script was attempted and blocked`);
  }

  before(async () => {
    harness = await startHarness();
    page = harness.page;
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (event) => reportViolation(event.violatedDirective + ' ' + event.blockedURI));",
    );

    for (const [i, payload] of PAYLOADS.entries()) {
      await create('organizations', { name: payload });
      await create('customers', {
        email: `customer${i}@xss.example`,
        firstName: payload,
        lastName: `Customer${i}`,
        organization: payload,
        title: `Title ${payload}`,
        city: `City ${payload}`,
        notes: `Notes ${payload}`,
        website: i === 0 ? MARKUP_WEBSITE : null,
      });
      await create('users', {
        email: `agent${i}@xss.example`,
        firstName: payload,
        lastName: `User${i}`,
        title: `Title ${payload}`,
        department: `Department ${payload}`,
        role: 'agent',
      });
      await create('tickets', { title: payload, description: `Description ${payload}`, customerEmail: `customer${i}@xss.example` });
    }
  });

  after(async () => {
    await harness?.close();
  });

  it('refuses a javascript: website', async () => {
    for (const website of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(document.domain)//https://x.example']) {
      const answer = await post('customers', { email: 'website@xss.example', firstName: 'Web', lastName: 'Site', website });
      assert.equal(answer.status, 400, `${website}: ${JSON.stringify(answer.body)}`);
    }
  });

  it('shows every payload literally in the lists of customers, users, organizations and tickets', async () => {
    await expectLiteral('/customers', [...PAYLOADS]);
    await expectLiteral('/users', [...PAYLOADS]);
    await expectLiteral('/organizations', [...PAYLOADS]);
    await expectLiteral('/tickets', [...PAYLOADS]);
  });

  it('shows every payload literally on each customer, user, organization and ticket page', async () => {
    for (const [i, payload] of PAYLOADS.entries()) {
      const website = i === 0 ? [MARKUP_WEBSITE] : [];
      await expectLiteral(`/customers/${ids.customers[i]}`, [
        `${payload} Customer${i}`,
        `Title ${payload}`,
        `City ${payload}`,
        `Notes ${payload}`,
        ...website,
      ]);
      await expectLiteral(`/users/${ids.users[i]}`, [`${payload} User${i}`, `Title ${payload}`, `Department ${payload}`]);
      await expectLiteral(`/organizations/${ids.organizations[i]}`, [payload]);
      // The customer is shown by name (the payload again), linked to their page.
      await expectLiteral(`/tickets/${ids.tickets[i]}`, [payload, `Description ${payload}`, `${payload} Customer${i}`]);
    }
  });

  it('shows payloads in a CSV literally in the import preview', async () => {
    const quote = (cell: string) => `"${cell.replaceAll('"', '""')}"`;
    const lines = [
      ['Email', 'First Name', 'Last Name', PAYLOADS[0]!].map(quote).join(','),
      ...PAYLOADS.map((payload, i) => [`import${i}@xss.example`, payload, `Imported${i}`, payload].map(quote).join(',')),
    ];
    const file = writeTempFile(path.join(os.tmpdir(), `roster-xss-${process.pid}`), 'payloads.csv', lines.join('\r\n') + '\r\n');
    await page.goto(harness.base + '/customers');
    await openImport(page, 'Customers');
    await chooseFile(page, file);
    await expectShown('the import preview', [...PAYLOADS.slice(0, 5)]);
  });

  it('would notice markup made from a value: the check finds each kind it looks for', async () => {
    const scratch = await harness.context.newPage();
    await scratch.setContent(
      '<p>text</p><img src=x onerror="void 0"><svg onload="void 0"></svg><a href="javascript:void 0">x</a><xss></xss><script>void 0</script>',
    );
    const found = await scratch.evaluate<string[]>(FIND_INJECTED);
    await scratch.close();
    for (const expected of ['<img onerror>', '<svg onload>', '<a href="javascript:void 0">', '<xss>', 'inline script', '<img>'])
      assert.ok(found.includes(expected), `${expected} in ${JSON.stringify(found)}`);
  });
});
