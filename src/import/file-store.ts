import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A file kept for an import: its key in the store, size and SHA-256 (hex). */
export interface StoredFile {
  key: string;
  size: number;
  sha256: string;
}

/**
 * Where uploaded files wait until their import is finished. The default keeps them under the data
 * directory; a deployment with several app instances (PostgreSQL) can plug in a store every
 * instance reaches (a shared volume, an object store) by implementing these four methods.
 */
export interface FileStore {
  /** Copies a file (or a stream) into the store, hashing it on the way. */
  save(source: string | NodeJS.ReadableStream, fileName: string): Promise<StoredFile>;
  /** A local path the import can read; for a remote store, a downloaded copy. */
  localPath(key: string): Promise<string>;
  exists(key: string): Promise<boolean>;
  remove(key: string): Promise<void>;
}

/** Hashes a file without holding it: the import records every file's SHA-256. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

/** The default store: files under `<dataDir>/uploads/`, named by a random key. */
export function localFileStore(dataDir: string): FileStore {
  const dir = path.join(dataDir, 'uploads');
  const pathOf = (key: string) => {
    if (!/^[0-9a-f-]{36}\.upload$/.test(key)) throw new Error(`"${key}" is not a key of this file store.`);
    return path.join(dir, key);
  };
  return {
    async save(source, _fileName) {
      fs.mkdirSync(dir, { recursive: true });
      const key = `${randomUUID()}.upload`;
      const hash = createHash('sha256');
      let size = 0;
      const input = typeof source === 'string' ? fs.createReadStream(source) : source;
      const tee = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      try {
        await pipeline(input, tee, fs.createWriteStream(pathOf(key)));
      } catch (error) {
        fs.rmSync(pathOf(key), { force: true });
        throw error;
      }
      return { key, size, sha256: hash.digest('hex') };
    },
    localPath: async (key) => pathOf(key),
    exists: async (key) => fs.existsSync(pathOf(key)),
    remove: async (key) => fs.rmSync(pathOf(key), { force: true }),
  };
}
