import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Locator, Page } from 'playwright-core';
import { TEST_DIALECT } from '../support/database.js';
import { chooseFile, openImport, skip, startHarness, until, visible, type WizardHarness } from './import-wizard-harness.js';

const SAMPLES = path.resolve('test/fixtures/samples');
const SCREENSHOTS = path.resolve('docs/screenshots');
const APPLICATIONS = ['Customers', 'Users', 'Organizations', 'Tickets'];

/** A desktop, a tablet (or a narrow window) and a phone. */
const WIDTHS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'tablet', width: 800, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
type Width = (typeof WIDTHS)[number];

function readSample(name: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(fs.readFileSync(path.join(SAMPLES, name), 'utf8'), { header: true, skipEmptyLines: true }).data;
}

/** Whether the page is wider than the window: on a phone, a sideways-scrolling page is broken. */
async function overflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate('({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })');
}

async function assertNoOverflow(page: Page, where: string): Promise<void> {
  const { scrollWidth, innerWidth } = await overflow(page);
  assert.ok(scrollWidth <= innerWidth, `${where}: the page is ${scrollWidth}px wide in a ${innerWidth}px window`);
}

/** Whether a column's header is shown whole inside its table's panel, without scrolling the table. */
async function columnShown(table: Locator, header: string): Promise<boolean> {
  return table.getByRole('columnheader', { name: header }).evaluate((th) => {
    const wrap = th.closest('.table-wrap')!;
    const cell = th.getBoundingClientRect();
    const box = wrap.getBoundingClientRect();
    return cell.width > 0 && cell.left >= box.left - 0.5 && cell.right <= box.right + 0.5 && wrap.scrollLeft === 0;
  });
}

/** How many lines the text of an element takes. */
async function lineCount(cell: Locator): Promise<number> {
  return cell.evaluate((element) => {
    const range = element.ownerDocument.createRange();
    range.selectNodeContents(element);
    return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
  });
}

/** Every application's link is in the navigation by name, and its label is visible on screen. */
async function assertNavigationLabelled(page: Page, width: Width): Promise<void> {
  const navigation = page.getByRole('navigation', { name: 'Applications' });
  for (const application of APPLICATIONS) {
    const link = navigation.getByRole('link', { name: application, exact: true });
    await visible(link);
    const label = link.getByText(application, { exact: true });
    assert.ok(await label.isVisible(), `${width.name}: the label “${application}” is visible`);
    const box = (await label.boundingBox())!;
    assert.ok(box.x >= 0 && box.x + box.width <= width.width + 0.5, `${width.name}: the label “${application}” is inside the window`);
  }
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.ROSTER_SCREENSHOT !== '1') return;
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

describe(`web UI: layouts at desktop, tablet and phone widths (${TEST_DIALECT})`, { skip }, () => {
  let harness: WizardHarness;
  let page: Page;
  let base: string;
  let personId = 0;
  let ticketId = 0;

  async function post(apiPath: string, data: Record<string, unknown>): Promise<{ id: number }> {
    // The page's request context shares the browser's session; like the page, it says where it comes from.
    const response = await page.request.post(base + apiPath, { headers: { origin: base }, data });
    assert.equal(response.status(), 201, await response.text());
    return (await response.json()) as { id: number };
  }

  async function at(width: Width): Promise<void> {
    await page.setViewportSize({ width: width.width, height: width.height });
    await until(`the window is ${width.width}px wide`, async () => (await overflow(page)).innerWidth === width.width);
  }

  before(async () => {
    harness = await startHarness();
    page = harness.page;
    base = harness.base;
    const known = new Set<string>();
    for (const row of readSample('users.csv')) {
      known.add(row.Email!);
      await post('/api/users', {
        email: row.Email,
        firstName: row['First Name'],
        lastName: row['Last Name'],
        title: row.Title,
        role: 'agent',
      });
    }
    for (const row of readSample('customers.csv')) {
      const { id } = await post('/api/customers', {
        email: row.Email,
        firstName: row['First Name'],
        lastName: row['Last Name'],
        organization: row.Organization,
        phone: row.Phone,
        title: row.Title,
      });
      known.add(row.Email!);
      if (row.Email === 'chloe.castro@fabrikam.example') personId = id;
    }
    for (const row of readSample('tickets.csv')) {
      ({ id: ticketId } = await post('/api/tickets', {
        title: row.Title,
        description: row.Description,
        status: row.Status!.toLowerCase(),
        priority: row.Priority!.toLowerCase(),
        // The sample names a customer and an assignee that do not exist, for the import to report.
        customerEmail: known.has(row['Customer Email']!) ? row['Customer Email'] : undefined,
        assigneeEmail: known.has(row['Assignee Email']!) ? row['Assignee Email'] : undefined,
      }));
    }
  });

  after(async () => {
    await harness?.close();
  });

  it('the customers list fits every width, labels its navigation, and keeps phone numbers on one line', async () => {
    await page.goto(base + '/customers');
    const table = page.getByRole('table', { name: 'Customers' });
    await until('the customers are listed', async () => (await table.locator('tbody tr').count()) >= 20);
    for (const width of WIDTHS) {
      await at(width);
      await assertNoOverflow(page, `customers list, ${width.name}`);
      await assertNavigationLabelled(page, width);
      const phone = table.locator('tbody td.cell-phone').first();
      assert.equal(await phone.innerText(), '+1 555 0100');
      assert.equal(await lineCount(phone), 1, `${width.name}: the phone number is on one line`);
      if (width.name !== 'phone') {
        assert.ok(await columnShown(table, 'Status'), `${width.name}: the Status column is shown whole`);
        assert.ok(await columnShown(table, 'Email'), `${width.name}: the Email column is shown whole`);
      }
      await screenshot(page, `customers-${width.name}`);
    }
  });

  it('the users list keeps the Status and Sign-in columns at tablet width', async () => {
    await page.goto(base + '/users');
    const table = page.getByRole('table', { name: 'Users' });
    await until('the users are listed', async () => (await table.locator('tbody tr').count()) === 5);
    for (const width of WIDTHS) {
      await at(width);
      await assertNoOverflow(page, `users list, ${width.name}`);
      if (width.name === 'phone') continue;
      assert.ok(await columnShown(table, 'Status'), `${width.name}: the Status column is shown whole`);
      assert.ok(await columnShown(table, 'Sign-in'), `${width.name}: the Sign-in column is shown whole`);
    }
  });

  it('the tickets list keeps the Assignee and Status columns at tablet width', async () => {
    await page.goto(base + '/tickets');
    const table = page.getByRole('table', { name: 'Tickets' });
    await visible(table.locator('tbody tr').filter({ hasText: 'Refund request' }));
    for (const width of WIDTHS) {
      await at(width);
      await assertNoOverflow(page, `tickets list, ${width.name}`);
      if (width.name === 'phone') continue;
      assert.ok(await columnShown(table, 'Assignee'), `${width.name}: the Assignee column is shown whole`);
      assert.ok(await columnShown(table, 'Status'), `${width.name}: the Status column is shown whole`);
      assert.ok(await columnShown(table, 'Title'), `${width.name}: the Title column is shown whole`);
    }
  });

  it('a person’s page and its edit form fit every width; the form is one column on a phone', async () => {
    await page.goto(`${base}/customers/${personId}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Chloé Castro' }));
    for (const width of WIDTHS) {
      await at(width);
      await assertNoOverflow(page, `person page, ${width.name}`);
      await assertNavigationLabelled(page, width);
      for (const action of ['Edit', 'Deactivate', 'Delete']) {
        const box = (await page.getByRole('button', { name: action, exact: true }).boundingBox())!;
        assert.ok(box.x + box.width <= width.width, `${width.name}: the ${action} button is inside the window`);
      }
      await screenshot(page, `person-${width.name}`);
    }
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const form = page.getByRole('region', { name: 'Edit customer' });
    await visible(form.getByLabel('First name'));
    const first = (await form.getByLabel('First name').boundingBox())!;
    const last = (await form.getByLabel('Last name').boundingBox())!;
    assert.ok(last.y > first.y + first.height, 'on a phone, Last name is under First name');
    await assertNoOverflow(page, 'edit form, phone');
  });

  it('the other pages fit every width: organizations, a ticket, a new customer’s form', async () => {
    const pages = [
      { path: '/organizations', heading: 'Organizations' },
      { path: `/tickets/${ticketId}`, heading: /Refund request/ },
      { path: '/customers/new', heading: 'New customer' },
    ];
    for (const { path: pagePath, heading } of pages) {
      await page.goto(base + pagePath);
      await visible(page.getByRole('heading', { level: 1, name: heading }));
      for (const width of WIDTHS) {
        await at(width);
        await assertNoOverflow(page, `${pagePath}, ${width.name}`);
      }
    }
    const first = (await page.getByLabel('First name').boundingBox())!;
    const last = (await page.getByLabel('Last name').boundingBox())!;
    assert.ok(last.y > first.y + first.height, 'on a phone, the new customer’s Last name is under First name');
  });

  it('the import wizard’s map step fits every width', async () => {
    await at(WIDTHS[0]);
    await openImport(page, 'Customers');
    await chooseFile(page, path.join(SAMPLES, 'customers.csv'));
    for (const width of WIDTHS) {
      await at(width);
      await assertNoOverflow(page, `what Roster found, ${width.name}`);
    }
    await page.getByRole('button', { name: 'Next: map columns' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Map columns' }));
    for (const width of WIDTHS) {
      await at(width);
      await assertNoOverflow(page, `map step, ${width.name}`);
      const select = page.getByLabel('Property for column Email', { exact: true });
      const box = (await select.boundingBox())!;
      assert.ok(box.x >= 0 && box.x + box.width <= width.width, `${width.name}: the column’s property choice is inside the window`);
      await screenshot(page, `import-map-${width.name}`);
    }
  });
});
