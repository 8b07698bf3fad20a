// A child process for the crash test: runs one import (or resumes one) against the database the
// environment names, so the test can kill it with SIGKILL in the middle.
import { configFromEnv } from '../../../src/config.js';
import { openDatabase } from '../../../src/db/database.js';
import { localFileStore } from '../../../src/import/file-store.js';
import { resumeImport } from '../../../src/import/use-cases/resume-import.js';
import { runImport } from '../../../src/import/use-cases/run-import.js';

const [command, entity, file] = process.argv.slice(2);
const config = configFromEnv();
const db = await openDatabase(config);
// The tests tune the import through the child's environment (ROSTER_IMPORT_BATCH_ROWS, …), as the CLI does.
const run = { fileStore: localFileStore(config.dataDir), tuning: config.importTuning };
try {
  const report =
    command === 'resume'
      ? await resumeImport(db, Number(entity), run)
      : await runImport(db, { entity: entity as 'customers', filePath: file!, ...run });
  process.stdout.write(JSON.stringify({ id: report.id, status: report.status, rows: report.rows, created: report.created }) + '\n');
} finally {
  await db.close();
}
