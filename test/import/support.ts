import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/database.js';
import { importTuningFromEnv } from '../../src/config.js';
import { localFileStore, type FileStore } from '../../src/import/file-store.js';
import { runImport, type RunImportOptions } from '../../src/import/use-cases/run-import.js';
import { withDatabase, type TestDatabase } from '../support/database.js';

export { SAMPLES } from '../support/samples.js';

export interface ImportTestContext {
  db: Database;
  test: TestDatabase;
  store: FileStore;
  dir: string;
  /** Writes `content` to a file in `encoding` (utf-8 unless told), optionally with a BOM. */
  file(name: string, content: string, options?: { encoding?: string; bom?: boolean }): string;
  /** runImport with this context's file store, tuned as the CLI would be by this process's ROSTER_IMPORT_* (read at each call). */
  run(options: Omit<RunImportOptions, 'fileStore'>): ReturnType<typeof runImport>;
  /** People of one kind by email, with every column (snake_case). */
  people(kind: 'user' | 'customer'): Promise<Map<string, Record<string, unknown>>>;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

/** A fresh database (SQLite, or PostgreSQL when DATABASE_URL is set) and a temp dir for files. */
export async function importContext(): Promise<ImportTestContext> {
  const { db, test, close } = await withDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-import-'));
  const store = localFileStore(test.config.dataDir);
  const raw = db.kysely.withoutPlugins() as unknown as Kysely<Record<string, Record<string, unknown>>>;
  return {
    db,
    test,
    store,
    dir,
    file(name, content, options = {}) {
      const file = path.join(dir, name);
      const encoding = options.encoding ?? 'utf-8';
      fs.writeFileSync(file, iconv.encode(content, encoding, { addBOM: options.bom === true }));
      return file;
    },
    run: (options) => runImport(db, { ...options, tuning: { ...importTuningFromEnv(process.env), ...options.tuning }, fileStore: store }),
    async people(kind) {
      const rows = await sql<Record<string, unknown>>`SELECT * FROM people WHERE kind = ${kind} ORDER BY id`.execute(raw);
      return new Map(rows.rows.map((r) => [String(r.email), r]));
    },
    async count(table) {
      const rows = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(raw);
      return Number(rows.rows[0]?.n ?? 0);
    },
    async close() {
      fs.rmSync(dir, { recursive: true, force: true });
      await close();
    },
  };
}
