import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildResult } from './run-roster-import.js';

/** A child import's own result plus what the parent measured from outside. */
export interface ChildImportRun extends ChildResult {
  /** The child's VmHWM (peak resident set) read from /proc just before it exited, in KiB. */
  vmHwmKiB: number;
  /** Spawn to exit, including Node's start-up and the database's migrations. */
  processSeconds: number;
}

/** The child as TypeScript, run through tsx (`--tsx`); the bench normally runs its compiled form. */
export const CHILD_TS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run-roster-import.ts');

/**
 * Runs one Roster import in a child Node process (so its peak memory is its own, not the
 * benchmark's), with `env` pointing it at its database. `script` is the compiled child (.js) or
 * CHILD_TS (run through tsx); `nodeFlags` go before it (e.g. `--cpu-prof`). Rejects when the
 * child fails or prints no result.
 */
export function runChildImport(
  file: string,
  options: { script: string; dryRun: boolean; env: Record<string, string>; nodeFlags?: string[] },
): Promise<ChildImportRun> {
  const loader = options.script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const args = [...(options.nodeFlags ?? []), ...loader, options.script, file, ...(options.dryRun ? ['--dry-run'] : [])];
  const env = { ...process.env, ...options.env };
  if (!options.env.DATABASE_URL) delete env.DATABASE_URL;
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buffered = '';
    let result: ChildResult | undefined;
    let vmHwmKiB = 0;
    child.on('error', reject);
    child.stdout.setEncoding('utf8').on('data', (data: string) => {
      buffered += data;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (!line.startsWith('{')) {
          process.stderr.write(`[child] ${line}\n`);
          continue;
        }
        result = JSON.parse(line) as ChildResult;
        // The child has finished its work and waits for us: its peak is final, and it still exists.
        vmHwmKiB = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        child.stdin.end();
      }
    });
    child.on('close', (code, signal) => {
      const processSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0 || !result) {
        reject(new Error(`The Roster import child failed (exit ${code ?? signal})${result ? '' : ' without printing a result'}.`));
      } else {
        resolve({ ...result, vmHwmKiB, processSeconds });
      }
    });
  });
}
