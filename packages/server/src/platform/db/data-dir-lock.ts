/**
 * One process per PGlite data directory: two PGlite instances writing the same files corrupt them. The lock
 * is a file `<dataDir>.lock` holding the owner's pid; a lock whose process is gone is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A second process wants a data directory that is in use. */
export class DataDirLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirLockedError';
  }
}

/** Takes the lock of `dataDir`; throws DataDirLockedError naming the holder when another live process has it. */
export function lockDataDir(dataDir: string): () => void {
  const file = `${dataDir}.lock`;
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
      // our own pid counts too: two PGlite instances in one process corrupt the files just the same
      if (Number.isFinite(holder) && (holder === process.pid || alive(holder))) {
        throw new DataDirLockedError(
          `the database in ${dataDir} is in use by process ${holder} (an 'outbreak serve' or another command); stop it first`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`cannot lock ${dataDir}`);
}
