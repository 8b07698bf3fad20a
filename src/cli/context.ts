import { once } from 'node:events';
import { configFromEnv, type RosterConfig } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';

/** What every command needs from the outside world, passed to each `register` function. */
export interface CliContext {
  env: NodeJS.ProcessEnv;
  /** The configuration the environment describes (configFromEnv), read on first use and kept. */
  config(): RosterConfig;
  /** Opens the database (migrating it if needed), runs `work`, and closes it whatever happens. */
  withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T>;
  /** Writes to stdout, waiting while the pipe is full so that long exports keep memory flat. */
  print(text: string): Promise<void>;
}

/** The context of a real run: process.stdout and the database the environment names. */
export function createContext(env: NodeJS.ProcessEnv = process.env, stdout: NodeJS.WritableStream = process.stdout): CliContext {
  let read: RosterConfig | undefined;
  const config = (): RosterConfig => (read ??= configFromEnv(env));
  return {
    env,
    config,
    async withDatabase(work) {
      const db = await openDatabase(config());
      try {
        return await work(db);
      } finally {
        await db.close();
      }
    },
    async print(text) {
      if (!stdout.write(text)) await once(stdout, 'drain');
    },
  };
}
