import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { TEST_DIALECT } from '../support/database.js';
import * as hostile from '../support/hostile-files.js';
import {
  assertDatabaseConsistent,
  assertGoodFileImports,
  CrashWatch,
  DEFAULT_LIMITS,
  describeResult,
  importHostileFile,
  writeGoodFile,
  type HostileLimits,
  type HostileResult,
} from '../support/hostile-import.js';
import { importContext, SAMPLES, type ImportTestContext } from './support.js';

/**
 * A bounded fuzz test of the import: hostile files, each of which must end in a clear refusal or
 * a correct import (see hostile-import.ts), within 60 s and 300 MB of RSS growth, leaving a
 * consistent database in which a known good file still imports. The longer run, with more
 * iterations, bigger files and a seed of one's choice, is bench/fuzz-import.ts.
 */

const SEED = 20261207;
const MUTATIONS = 30;
const MB = 1024 * 1024;

describe(`fuzz: hostile files get a clear message or a correct import (${TEST_DIALECT})`, { timeout: 300_000 }, () => {
  let t: ImportTestContext;
  let good: string;
  const watch = new CrashWatch();
  before(async () => {
    t = await importContext();
    good = writeGoodFile(t.dir);
    watch.start();
  });
  after(async () => {
    watch.stop();
    await t.close();
  });

  /** Writes the file, imports it, deletes it, then checks the database and the good file. */
  async function fuzz(
    ctx: TestContext,
    name: string,
    bytes: hostile.Bytes | Buffer,
    options: { dryRun?: boolean; limits?: HostileLimits } = {},
  ): Promise<HostileResult> {
    const file = path.join(t.dir, `${name}.csv`);
    if (Buffer.isBuffer(bytes)) fs.writeFileSync(file, bytes);
    else await hostile.writeHostileFile(file, bytes);
    let result: HostileResult;
    try {
      result = await importHostileFile(t, name, file, options);
    } finally {
      fs.rmSync(file, { force: true });
    }
    ctx.diagnostic(describeResult(name, result));
    await watch.assertNone(name);
    await assertDatabaseConsistent(t, name);
    await assertGoodFileImports(t, name, good);
    return result;
  }

  const refused = (r: HostileResult, code: string, message?: RegExp): string => {
    assert.equal(r.outcome.kind, 'refused', `refused, not ${r.outcome.kind === 'report' ? r.outcome.report.status : ''}`);
    assert.equal(r.outcome.code, code);
    if (message) assert.match(r.outcome.message, message);
    return r.outcome.message;
  };
  const reported = (r: HostileResult) => {
    assert.equal(r.outcome.kind, 'report', r.outcome.kind === 'refused' ? r.outcome.message : '');
    return r.outcome.report;
  };
  const parseRows = (r: HostileResult) =>
    reported(r)
      .errors.filter((e) => e.code === 'parse')
      .map((e) => e.row);
  const customers = async (prefix: string) => [...(await t.people('customer')).keys()].filter((e) => e.startsWith(prefix)).sort();

  it('random bytes are refused as binary; random text is refused or read row by row', async (ctx) => {
    const rng = hostile.seededRng(SEED);
    refused(await fuzz(ctx, 'random-bytes', hostile.randomBytesFile(rng, 256 * 1024)), 'import_unreadable', /looks binary/);
    await fuzz(ctx, 'random-text', hostile.randomTextFile(rng, 256 * 1024));
  });

  it('unbalanced quotes fail their own rows, never the rows after them', async (ctx) => {
    const r = await fuzz(ctx, 'unbalanced-quotes', hostile.unbalancedQuotesFile());
    assert.deepEqual(parseRows(r), [3, 5, 8, 10]);
    assert.deepEqual(
      await customers('q'),
      ['q1', 'q3', 'q5', 'q6', 'q8'].map((q) => `${q}@fuzz.example`),
    );
    refused(await fuzz(ctx, 'broken-header', hostile.brokenHeaderFile()), 'import_unreadable', /^The header row \(row 1\)/);
  });

  it('a header of 100,000 columns imports, and without the required columns is refused in a sentence of readable length', async (ctx) => {
    const r = await fuzz(ctx, 'wide-header', hostile.wideHeaderFile(100_000, 2));
    assert.deepEqual([reported(r).rows, reported(r).created], [2, 2]);
    const message = refused(await fuzz(ctx, 'wide-header-unmapped', hostile.wideHeaderFile(100_000, 2, false)), 'import_mapping');
    assert.match(message, /"Mail box", "Given", "Family", "Extra 4", .* and 99,\d{3} more\./);
  });

  it('a 50 MB cell without a line break is refused, naming its row, quoted or not', async (ctx) => {
    // Past the cap of 16 Mi characters a record may run without a line break (src/import/parse); the
    // quoted cell is smaller, only to keep the test short: it is refused at the same cap.
    for (const [quoted, size] of [
      [false, 50 * MB],
      [true, 20 * MB],
    ] as const) {
      // The parser holds up to 16 Mi characters of the cell (32 MB as a JavaScript string) and the
      // strings it joins them from until the collector runs: about 200–300 MB at the peak, which a
      // busy machine's late collection pushes past the 300 MB of the other cases. The bound here is
      // the import's own peak-RSS target; what it guards against is a parser that keeps reading.
      const limits = { ...DEFAULT_LIMITS, maxRssGrowthMb: 400 };
      const r = await fuzz(ctx, `huge-cell${quoted ? '-quoted' : ''}`, hostile.hugeCellFile(size, quoted), { limits });
      refused(r, 'import_unreadable', /^Row 3 runs over \d+ characters without a line break/);
    }
  });

  it('a million blank lines read as no rows, and the rows after them keep their numbers', async (ctx) => {
    refused(
      await fuzz(ctx, 'blank-lines', hostile.emptyLinesFile(1_000_000, 0)),
      'import_unreadable',
      /^The file has a header row but no data rows\.$/,
    );
    const r = await fuzz(ctx, 'blank-lines-then-rows', hostile.emptyLinesFile(1_000_000, 2));
    assert.deepEqual([reported(r).rows, reported(r).created], [2, 2]);
  });

  it('encodings mixed mid-file fail the rows in the other encodings, naming them', async (ctx) => {
    const utf8First = await fuzz(ctx, 'mixed-encodings', hostile.mixedEncodingsFile());
    assert.equal(reported(utf8First).encoding, 'utf-8');
    assert.equal(reported(utf8First).created, 809);
    // The Windows-1252 rows (802–811) and the UTF-16 ones, whose zero bytes read as NULs.
    assert.deepEqual(parseRows(utf8First).slice(0, 11), [802, 803, 804, 805, 806, 807, 808, 809, 810, 811, 812]);
    const r = await fuzz(ctx, 'mixed-encodings-1252-first', hostile.mixedEncodings1252FirstFile());
    assert.equal(reported(r).encoding, 'windows-1252');
    assert.ok(parseRows(r).includes(212), 'the first UTF-16 row fails');
  });

  it('NUL bytes: in the head the file is binary, further on their rows fail', async (ctx) => {
    refused(await fuzz(ctx, 'nul-head', hostile.nulBytesFile(true)), 'import_unreadable', /looks binary/);
    const r = await fuzz(ctx, 'nul-cells', hostile.nulBytesFile(false));
    assert.deepEqual([reported(r).created, reported(r).failed], [301, 5]);
    assert.ok(reported(r).errors.every((e) => e.code === 'parse' && /NUL character/.test(e.message)));
  });

  it('byte order marks repeated at the start, inside cells and at line starts', async (ctx) => {
    const r = await fuzz(ctx, 'repeated-boms', hostile.repeatedBomsFile());
    assert.deepEqual(
      await customers('bom'),
      ['bom1', 'bom2', 'bom3', 'bom5', 'bom6'].map((b) => `${b}@fuzz.example`),
    );
    assert.equal(reported(r).failed, 3);
    const wide = await fuzz(ctx, 'repeated-boms-utf16', hostile.repeatedBomsUtf16File());
    assert.deepEqual([reported(wide).encoding, reported(wide).created], ['utf-16le', 3]);
  });

  it(`${MUTATIONS} seeded mutations of the customers sample (seed ${SEED})`, async (ctx) => {
    ctx.diagnostic(`seed ${SEED}`);
    const sample = fs.readFileSync(path.join(SAMPLES, 'customers.csv'));
    const rng = hostile.seededRng(SEED);
    for (let i = 0; i < MUTATIONS; i++) {
      const { bytes, edits } = hostile.mutate(sample, rng);
      try {
        await fuzz(ctx, `mutation-${i}`, bytes, { dryRun: i % 3 === 2 });
      } catch (error) {
        // The seed and the edits are what it takes to make the same file again.
        throw new Error(`mutation-${i} (seed ${SEED}; ${edits.join(', ')}) failed: ${(error as Error).message}`, { cause: error });
      }
    }
  });
});
