import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { Writable } from 'node:stream';
import type { Database } from '../../src/db/database.js';
import { createPerson } from '../../src/db/repositories/people.js';
import { housekeeping } from '../../src/http/server.js';
import { TEST_DIALECT, withDatabase, type TestDatabase } from '../support/database.js';

/** A real pino logger whose lines the test can read. */
function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
      done();
    },
  });
  return { log: pino(sink), lines };
}

describe(`server housekeeping (${TEST_DIALECT})`, () => {
  let db: Database;
  let test: TestDatabase;
  let close: () => Promise<void>;
  before(async () => ({ db, test, close } = await withDatabase()));
  after(() => close());

  it('removes expired sessions and keeps live ones', async () => {
    const user = await createPerson(db, 'users', { email: 'keeper@helpdesk.example', firstName: 'K', lastName: 'P' });
    const t = new Date().toISOString();
    await db.kysely
      .insertInto('sessions')
      .values([
        { tokenHash: 'expired', personId: user.id, createdAt: t, expiresAt: '2000-01-01T00:00:00.000Z' },
        { tokenHash: 'live', personId: user.id, createdAt: t, expiresAt: '2999-01-01T00:00:00.000Z' },
      ])
      .execute();
    const { log, lines } = capturingLogger();
    await housekeeping(db, log, test.config);
    const left = await db.kysely.selectFrom('sessions').select('tokenHash').execute();
    assert.deepEqual(
      left.map((s) => s.tokenHash),
      ['live'],
    );
    assert.equal(lines.filter((l) => l.level >= 50).length, 0);
  });

  it('deletes sign-in links a month after they ended, and keeps newer and live ones', async () => {
    const user = await createPerson(db, 'users', { email: 'linked@helpdesk.example', firstName: 'L', lastName: 'K' });
    const day = 86_400_000;
    const ago = (days: number) => new Date(Date.now() - days * day).toISOString();
    const link = (tokenHash: string, ended: { expiresAt?: string; usedAt?: string; revokedAt?: string }) => ({
      tokenHash,
      personId: user.id,
      purpose: 'invitation' as const,
      createdAt: ago(40),
      expiresAt: ended.expiresAt ?? ago(-3),
      usedAt: ended.usedAt ?? null,
      revokedAt: ended.revokedAt ?? null,
    });
    await db.kysely
      .insertInto('invitations')
      .values([
        link('expired long ago', { expiresAt: ago(31) }),
        link('used long ago', { usedAt: ago(33) }),
        link('revoked long ago', { revokedAt: ago(35) }),
        link('expired lately', { expiresAt: ago(2) }),
        link('used lately', { usedAt: ago(1) }),
        link('live', {}),
      ])
      .execute();
    const { log } = capturingLogger();
    await housekeeping(db, log, test.config);
    const left = await db.kysely
      .selectFrom('invitations')
      .select('tokenHash')
      .where('personId', '=', user.id)
      .orderBy('tokenHash')
      .execute();
    assert.deepEqual(
      left.map((l) => l.tokenHash),
      ['expired lately', 'live', 'used lately'],
    );
  });

  it('logs a failure instead of throwing, so a lost database never stops the server', async () => {
    const other = await withDatabase();
    await other.db.close();
    const { log, lines } = capturingLogger();
    await housekeeping(other.db, log, other.test.config);
    assert.ok(lines.some((l) => l.level >= 50 && l.msg === 'housekeeping failed'));
    await other.test.drop();
  });
});
