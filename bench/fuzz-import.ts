/**
 * The import's fuzzing at length: the hostile files of test/import/fuzz.test.ts, bigger, and as
 * many seeded mutations of the customers sample (and of a 5 MB file made from it) as asked.
 * Each file must end in a clear refusal or a correct import within the time and memory bounds,
 * and leave a database where a known good file still imports (test/support/hostile-import.ts).
 * A file that fails is kept in .tmp/fuzz/ with the seed and the edits, to reproduce it.
 *
 *   node --import tsx bench/fuzz-import.ts [--seed N] [--iterations N] [--cell-mb N] [--columns N]
 *     [--blank-lines N] [--random-mb N] [--timeout-s N] [--rss-mb N]
 *   DATABASE_URL=postgres://root@127.0.0.1:5432/test node --import tsx bench/fuzz-import.ts …
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importContext, SAMPLES, type ImportTestContext } from '../test/import/support.js';
import { TEST_DIALECT } from '../test/support/database.js';
import * as hostile from '../test/support/hostile-files.js';
import {
  assertDatabaseConsistent,
  assertGoodFileImports,
  CrashWatch,
  describeResult,
  importHostileFile,
  writeGoodFile,
  type HostileLimits,
} from '../test/support/hostile-import.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const KEPT = path.join(ROOT, '.tmp', 'fuzz');
const MB = 1024 * 1024;

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    iterations: { type: 'string', default: '500' },
    'cell-mb': { type: 'string', default: '200' },
    columns: { type: 'string', default: '100000' },
    'blank-lines': { type: 'string', default: '5000000' },
    'random-mb': { type: 'string', default: '16' },
    'timeout-s': { type: 'string', default: '60' },
    'rss-mb': { type: 'string', default: '300' },
  },
});

function whole(name: string, value: string | undefined, min = 0): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number of at least ${min}, not "${value}".`);
  return n;
}

const seed = values.seed === undefined ? Date.now() % 2 ** 32 : whole('seed', values.seed);
const iterations = whole('iterations', values.iterations);
const cellMb = whole('cell-mb', values['cell-mb'], 1);
const columns = whole('columns', values.columns, 4);
const blankLines = whole('blank-lines', values['blank-lines']);
const randomMb = whole('random-mb', values['random-mb'], 1);
const limits: HostileLimits = {
  timeoutMs: whole('timeout-s', values['timeout-s'], 1) * 1000,
  maxRssGrowthMb: whole('rss-mb', values['rss-mb'], 1),
};

console.log(`fuzz-import on ${TEST_DIALECT}: seed ${seed}, ${iterations} mutations (rerun with --seed ${seed})`);

const t: ImportTestContext = await importContext();
const watch = new CrashWatch().start();
const good = writeGoodFile(t.dir);
let failures = 0;

/** Writes, imports and checks one file; a failure is printed and its file kept, and the run goes on. */
async function fuzz(name: string, bytes: hostile.Bytes | Buffer, options: { dryRun?: boolean; detail?: string } = {}): Promise<void> {
  const file = path.join(t.dir, `${name}.csv`);
  if (Buffer.isBuffer(bytes)) fs.writeFileSync(file, bytes);
  else await hostile.writeHostileFile(file, bytes);
  try {
    const result = await importHostileFile(t, name, file, { ...(options.dryRun ? { dryRun: true } : {}), limits });
    console.log(describeResult(name, result));
    await watch.assertNone(name);
    await assertDatabaseConsistent(t, name);
    await assertGoodFileImports(t, name, good);
  } catch (error) {
    failures++;
    console.error(`FAILED ${name} (seed ${seed}${options.detail ? `; ${options.detail}` : ''}):`, error);
    if (fs.statSync(file).size <= 64 * MB) {
      fs.mkdirSync(KEPT, { recursive: true });
      const kept = path.join(KEPT, `seed-${seed}-${name}.csv`);
      fs.copyFileSync(file, kept);
      console.error(`  the file is kept as ${path.relative(ROOT, kept)}`);
    }
  } finally {
    fs.rmSync(file, { force: true });
  }
}

try {
  const rng = hostile.seededRng(seed);
  await fuzz('random-bytes', hostile.randomBytesFile(rng, randomMb * MB));
  await fuzz('random-text', hostile.randomTextFile(rng, randomMb * MB));
  await fuzz('unbalanced-quotes', hostile.unbalancedQuotesFile());
  await fuzz('broken-header', hostile.brokenHeaderFile());
  await fuzz('wide-header', hostile.wideHeaderFile(columns, 5));
  await fuzz('wide-header-unmapped', hostile.wideHeaderFile(columns, 5, false));
  await fuzz('huge-cell', hostile.hugeCellFile(cellMb * MB, false));
  await fuzz('huge-cell-quoted', hostile.hugeCellFile(cellMb * MB, true));
  await fuzz('blank-lines', hostile.emptyLinesFile(blankLines, 0));
  await fuzz('blank-lines-then-rows', hostile.emptyLinesFile(blankLines, 3));
  await fuzz('mixed-encodings', hostile.mixedEncodingsFile());
  await fuzz('mixed-encodings-1252-first', hostile.mixedEncodings1252FirstFile());
  await fuzz('nul-head', hostile.nulBytesFile(true));
  await fuzz('nul-cells', hostile.nulBytesFile(false));
  await fuzz('repeated-boms', hostile.repeatedBomsFile());
  await fuzz('repeated-boms-utf16', hostile.repeatedBomsUtf16File());

  const sample = fs.readFileSync(path.join(SAMPLES, 'customers.csv'));
  // 50,000 rows, about 5 MB: past the size from which SQLite reads on a worker thread.
  const large = hostile.repeatedSample(sample, 2_500);
  for (let i = 0; i < iterations; i++) {
    const { bytes, edits } = hostile.mutate(i % 25 === 24 ? large : sample, rng);
    await fuzz(`mutation-${i}${i % 25 === 24 ? '-large' : ''}`, bytes, { dryRun: i % 3 === 2, detail: edits.join(', ') });
  }
} finally {
  watch.stop();
  await t.close();
}

console.log(failures === 0 ? `fuzz-import: no failure (seed ${seed})` : `fuzz-import: ${failures} failed (seed ${seed})`);
process.exitCode = failures === 0 ? 0 : 1;
