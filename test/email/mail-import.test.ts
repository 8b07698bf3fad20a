import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listTicketMessages } from '../../src/db/repositories/ticket-messages.js';
import { listTickets } from '../../src/db/repositories/tickets.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from '../import/support.js';

// The real executable, compiled: run `npx tsc -p tsconfig.json` (npm test builds first).
const BIN = path.resolve(import.meta.dirname, '../../bin/roster.js');

const MBOX = [
  'From zoe@new.example Mon Dec  1 09:00:00 2026',
  'From: =?UTF-8?Q?Zo=C3=AB_M=C3=BCller?= <zoe@new.example>',
  'To: help@roster.example',
  'Subject: Printer broken',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'It prints nothing.',
  '>From the second floor, too.',
  '',
  'From zoe@new.example Mon Dec  1 10:00:00 2026',
  'From: zoe@new.example',
  'Subject: Re: Printer broken [#1]',
  '',
  'Still broken.',
  '',
].join('\n');

describe(`roster mail import files stored messages as tickets and replies (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  const roster = (...args: string[]) => {
    const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...t.test.env }, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  before(async () => {
    assert.ok(fs.existsSync(path.resolve(import.meta.dirname, '../../dist/cli/main.js')), 'build dist first: npx tsc -p tsconfig.json');
    t = await importContext();
  });
  after(() => t.close());

  it('an mbox: the first message opens a ticket for a new customer, the reply joins it', async () => {
    const run = roster('mail', 'import', t.file('archive.mbox', MBOX));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /archive\.mbox, message 1: filed as ticket #1/);
    assert.match(run.stdout, /archive\.mbox, message 2: added to ticket #1/);
    const [ticket, ...others] = (await listTickets(t.db)).items;
    assert.equal(others.length, 0);
    assert.equal(ticket!.title, 'Printer broken');
    assert.equal(ticket!.customerEmail, 'zoe@new.example');
    assert.equal(ticket!.customerName, 'Zoë Müller');
    const messages = await listTicketMessages(t.db, ticket!.id);
    assert.deepEqual(
      messages.map((m) => m.body.trim()),
      ['It prints nothing.\nFrom the second floor, too.', 'Still broken.'],
    );
  });

  it('a message without a sender is named and not filed; the exit code says so', async () => {
    const run = roster('mail', 'import', t.file('nobody.eml', 'Subject: Who am I\n\nNo From header.\n'), '--json');
    assert.equal(run.code, 1);
    assert.deepEqual(JSON.parse(run.stdout), {
      file: path.join(t.dir, 'nobody.eml'),
      message: 1,
      ok: false,
      reason: 'it names no sender (no From address)',
    });
  });
});
