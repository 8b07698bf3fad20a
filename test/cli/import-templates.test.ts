import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createContext } from '../../src/cli/context.js';
import { buildProgram } from '../../src/cli/main.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from '../import/support.js';

// The commands run in this process (the program `bin/roster.js` runs), against the source, so
// they need no build of dist/.
async function roster(t: ImportTestContext, ...args: string[]): Promise<string> {
  let out = '';
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString('utf8');
      done();
    },
  });
  await buildProgram(createContext({ ...process.env, ...t.test.env }, stdout)).parseAsync(['node', 'roster', ...args]);
  return out;
}

describe(`roster import template, --map Name=fullName, --save-template, --template and roster imports templates (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
  });
  after(() => t.close());

  it('prints the template CSV of a kind', async () => {
    const out = await roster(t, 'import', 'template', 'users');
    assert.equal(out, '\uFEFFEmail,First Name,Last Name,Title,Phone,Mobile,Department,Role,Language,Time Zone,Status\r\n');
  });

  it('imports a full-name column, saves the mapping, uses it for the next file, lists and deletes it', async () => {
    const first = t.file('june.csv', 'Mail,Contact,Town\nann@cli.example,Ann Lee,Paris\ncher@cli.example,Cher,Nice\n');
    const out = await roster(
      t,
      'import',
      'customers',
      first,
      '--map',
      'Contact=fullName',
      '--on-existing',
      'skip',
      '--save-template',
      'CRM',
    );
    assert.match(out, /Mapping: Mail → email, Contact → fullName, Town → city/);
    assert.match(out, /Saved the template "CRM" for customers \(roster import customers FILE --template "CRM"\)\.\n$/);
    const people = await t.people('customer');
    assert.deepEqual(
      [...people.values()].map((p) => [p.email, p.first_name, p.last_name, p.city]),
      [
        ['ann@cli.example', 'Ann', 'Lee', 'Paris'],
        ['cher@cli.example', 'Cher', '', 'Nice'],
      ],
    );

    const listed = JSON.parse(await roster(t, 'imports', 'templates', 'list', '--json'));
    assert.deepEqual(
      listed.map((x: Record<string, unknown>) => [x.entity, x.name, x.headers, x.mapping, x.onExisting]),
      [['customers', 'CRM', ['Mail', 'Contact', 'Town'], { Mail: 'email', Contact: 'fullName', Town: 'city' }, 'skip']],
    );
    assert.match(
      await roster(t, 'imports', 'templates', 'list'),
      /^ID\s+Kind\s+Name\s+Columns\s+Mapped\s+On existing\s+Updated\n1\s+customers\s+CRM\s+3\s+3\s+skip/,
    );

    // "Contact" alone would not be suggested; the template maps it, and --map wins over it.
    const july = t.file('july.csv', 'town,contact,mail\nLyon,"Dee, Cy",cy@cli.example\nRome,Ann Other,ann@cli.example\n');
    const report = JSON.parse(await roster(t, 'import', 'customers', july, '--template', 'CRM', '--map', 'town=', '--dry-run', '--json'));
    assert.deepEqual(report.mapping, { contact: 'fullName', mail: 'email' });
    assert.deepEqual({ created: report.created, skipped: report.skipped }, { created: 1, skipped: 1 });

    await assert.rejects(
      roster(t, 'import', 'customers', july, '--template', 'Nope'),
      /No import template "Nope" is saved for customers\./,
    );
    await assert.rejects(roster(t, 'imports', 'templates', 'delete', 'CRM'), /required option '--entity <kind>' not specified/);
    assert.equal(
      await roster(t, 'imports', 'templates', 'delete', 'CRM', '--entity', 'customers'),
      'Deleted the template "CRM" for customers.\n',
    );
    await assert.rejects(roster(t, 'imports', 'templates', 'delete', 'CRM', '--entity', 'customers'), /No import template "CRM"/);
    assert.equal(await roster(t, 'imports', 'templates', 'list', '--json'), '[]\n');
  });

  it('saves a tickets import’s values and --create-missing-customers, and --template applies them', async () => {
    const first = t.file('desk.csv', 'Title,State,Requester\nPrinter jammed,Triage,ann@desk.example\n');
    await roster(
      t,
      'import',
      'tickets',
      first,
      '--map',
      'State=status',
      '--map',
      'Requester=customerEmail',
      '--value',
      'State:Triage=pending',
      '--create-missing-customers',
      '--save-template',
      'Desk',
    );
    const [saved] = JSON.parse(await roster(t, 'imports', 'templates', 'list', '--entity', 'tickets', '--json'));
    assert.deepEqual([saved.valueMaps, saved.createMissingCustomers], [{ State: { triage: 'pending' } }, true]);

    const next = t.file('desk-2.csv', 'Title,State,Requester\nVPN down,triage,bo@desk.example\n');
    const report = JSON.parse(await roster(t, 'import', 'tickets', next, '--template', 'Desk', '--json'));
    assert.deepEqual([report.created, report.failed, report.customersCreated], [1, 0, 1]);
    const statuses = await t.db.kysely.selectFrom('tickets').select(['title', 'status']).orderBy('id').execute();
    assert.deepEqual(
      statuses.map((x) => [x.title, x.status]),
      [
        ['Printer jammed', 'pending'],
        ['VPN down', 'pending'],
      ],
    );
    const emails = [...(await t.people('customer')).values()].map((p) => p.email).filter((e) => String(e).endsWith('@desk.example'));
    assert.deepEqual(emails.sort(), ['ann@desk.example', 'bo@desk.example']);
  });
});
