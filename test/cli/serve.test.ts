import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { TEST_DIALECT, createTestDatabase, type TestDatabase } from '../support/database.js';
import { ROOT, runRoster } from './run-roster.js';

/** Starts `roster serve` and resolves with the URL it prints once it listens. */
async function serve(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['bin/roster.js', 'serve', ...args], {
    cwd: ROOT,
    env: { ...process.env, ROSTER_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`roster serve printed no URL: ${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+?)[\s)]/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`roster serve exited ${code}: ${output}`)));
  });
  return { child, url, output: () => output };
}

describe(`roster serve (${TEST_DIALECT})`, () => {
  let testDb: TestDatabase;

  before(async () => {
    testDb = await createTestDatabase();
  });
  after(async () => {
    await testDb.drop();
  });

  for (const [how, args, env] of [
    ['--port 0', ['--port', '0'], {}],
    ['PORT=0 from the environment', [], { PORT: '0' }],
  ] as const) {
    it(`listens (${how}), answers /api/health on the configured database, and stops on SIGTERM`, async () => {
      const { child, url } = await serve([...args], { ...testDb.env, ...env });
      try {
        assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
        assert.notEqual(url, 'http://127.0.0.1:0');
        const response = await fetch(`${url}/api/health`);
        assert.equal(response.status, 200);
        assert.deepEqual(await response.json(), { ok: true, database: TEST_DIALECT });
      } finally {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const [code] = (await exited) as [number | null];
        assert.equal(code, 0);
      }
    });
  }

  it('with --smtp-port 0, also listens for email and says where', async () => {
    const { child, url, output } = await serve(['--port', '0', '--smtp-port', '0'], testDb.env);
    try {
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      for (let waited = 0; !/Receiving email/.test(output()) && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      const match = /Receiving email \(SMTP\) at 127\.0\.0\.1:(\d+)/.exec(output());
      assert.ok(match, output());
      const smtpPort = Number(match[1]);
      assert.ok(smtpPort > 0);
      const socket = connect(smtpPort, '127.0.0.1');
      const [greeting] = (await once(socket, 'data')) as [Buffer];
      assert.match(greeting.toString(), /^220 /);
      socket.end('QUIT\r\n');
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      assert.equal(code, 0);
    }
  });

  it('refuses a PORT that is not a port number (usage error)', async () => {
    const run = await runRoster(['serve'], { ...testDb.env, PORT: 'eighty' });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'roster: the PORT environment variable must be a port number from 0 to 65535, not "eighty".\n');
  });
});
