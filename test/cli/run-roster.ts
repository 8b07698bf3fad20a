import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RosterRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `bin/roster.js` (the compiled CLI in dist/, built by `npm test`) with the test
 * database's environment and waits for it to exit. stdin is closed, as in a script.
 */
export function runRoster(args: string[], env: Record<string, string>, options: { timeoutMs?: number } = {}): Promise<RosterRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/roster.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`roster ${args.join(' ')} did not finish in time. stderr: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs roster and fails with its stderr unless it exits 0. */
export async function rosterOk(args: string[], env: Record<string, string>): Promise<string> {
  const run = await runRoster(args, env);
  if (run.code !== 0) throw new Error(`roster ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run.stdout;
}

export { ROOT };
