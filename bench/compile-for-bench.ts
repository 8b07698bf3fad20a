import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, '..');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/**
 * Compiles src/ and bench/ with tsc into .tmp/bench/build (bench/tsconfig.json) and returns the
 * compiled child script. The child runs as plain JavaScript, as the `roster` command does from
 * dist/: under tsx its resident memory would carry tsx's loader thread too (about 40 MB more),
 * and its CPU profile would point into one-line esbuild output. Type errors elsewhere in a
 * checkout being edited do not stop the emit; a missing output does.
 */
export async function compileForBench(): Promise<string> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [TSC, '-p', path.join(BENCH, 'tsconfig.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (text += d));
    child.on('error', reject);
    child.on('close', () => resolve(text));
  });
  const script = path.join(ROOT, '.tmp', 'bench', 'build', 'bench', 'run-roster-import.js');
  if (!fs.existsSync(script)) throw new Error(`tsc did not write ${script}:\n${output.slice(0, 4000)}`);
  const errors = output.split('\n').filter((line) => line.includes('error TS')).length;
  if (errors > 0) console.log(`(tsc reported ${errors} type error(s) in the checkout; running the emitted JavaScript anyway)`);
  return script;
}
