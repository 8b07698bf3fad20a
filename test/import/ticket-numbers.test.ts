import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTicket } from '../../src/db/repositories/tickets.js';
import { submitTicket } from '../../src/db/repositories/ticket-submission.js';
import { TEST_DIALECT } from '../support/database.js';
import { importContext, type ImportTestContext } from './support.js';

// Tickets are numbered one more than the highest so far, by an import's ranges, by the API and by
// submissions (the form, email), which on PostgreSQL all run at once from any number of app
// instances. None may take a number another is taking: the loser's whole transaction would fail.
describe(`ticket numbers while an import and new tickets number at once (${TEST_DIALECT})`, () => {
  let t: ImportTestContext;
  before(async () => {
    t = await importContext();
  });
  after(() => t.close());

  it('the import keeps every ticket, and the tickets made meanwhile all get numbers too', async () => {
    const rows = 1_200;
    const lines = ['Title,Description,Customer Email'];
    for (let i = 1; i <= rows; i++) lines.push(`Imported ${i},Old ticket ${i},imported${i}@numbers.example`);
    const file = t.file('tickets.csv', lines.join('\n') + '\n');

    let importing = true;
    const made: number[] = [];
    const failures: unknown[] = [];
    const meanwhile = async (which: number) => {
      for (let i = 0; importing; i++) {
        // As requests arrive, between the import's own reads: SQLite's driver answers without
        // I/O, so a loop that never waited for the event loop would starve the import.
        await new Promise((resolve) => setImmediate(resolve));
        try {
          const ticket =
            which % 2 === 0
              ? await createTicket(t.db, { title: `By the API ${which}.${i}` })
              : (
                  await submitTicket(t.db, {
                    requesterEmail: `form${which}.${i}@numbers.example`,
                    title: `By the form ${which}.${i}`,
                    source: 'ticket_form',
                  })
                ).ticket;
          made.push(Number(ticket.number));
        } catch (error) {
          failures.push(error);
        }
      }
    };
    // Ranges of 25 rows: 48 merge transactions, each numbering its tickets, between the others' tickets.
    const others = [0, 1, 2, 3].map(meanwhile);
    const report = await t.run({ entity: 'tickets', filePath: file, tuning: { batchRows: 25, mergeRows: 25 } }).finally(() => {
      importing = false;
    });
    await Promise.all(others);

    assert.deepEqual(failures, [], 'no ticket made during the import failed');
    assert.equal(report.status, 'completed', JSON.stringify(report.errors?.slice(0, 3)));
    assert.equal(report.created, rows);
    assert.equal(report.failed, 0);
    assert.ok(made.length > 0, 'tickets were made while the import ran');
    const numbers = (await sql<{ number: number; title: string }>`SELECT number, title FROM tickets ORDER BY number`.execute(t.db.kysely))
      .rows;
    assert.equal(numbers.length, rows + made.length);
    assert.equal(new Set(numbers.map((n) => n.number)).size, numbers.length, 'every number once');
    // The imported tickets keep the file's order among themselves.
    const imported = numbers.filter((n) => n.title.startsWith('Imported ')).map((n) => Number(n.title.slice('Imported '.length)));
    assert.deepEqual(
      imported,
      Array.from({ length: rows }, (_, i) => i + 1),
    );
  });
});
