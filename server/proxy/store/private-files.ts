/**
 * The store's files on disk (the SQLite database, its -wal and -shm, the pairing key) hold
 * guests, the ledger and what pairs a device: readable by the proxy's own account only (0600),
 * whatever the umask, and tightened when an older Keycard left them 0644.
 */
import { chmodSync, closeSync, existsSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_DIR_MODE = 0o700;

/** Creates the folder of `path` if it is missing, for this account only (an existing one is left as it is). */
export function ensurePrivateFolder(path: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Sets `path` to 0600 if it exists. Not fatal: a file owned by another account stays as the operator made it. */
function tighten(path: string): void {
  try {
    if (existsSync(path)) chmodSync(path, PRIVATE_FILE_MODE);
  } catch {
    // EPERM on a file the operator owns and shared on purpose; opening it will say if it cannot be used.
  }
}

/**
 * Makes sure the SQLite file exists as 0600 before SQLite opens it: SQLite creates its -wal
 * and -shm with the database file's permissions, so they follow. Files left looser by an
 * older Keycard are tightened.
 */
export function prepareSqliteFiles(path: string): void {
  ensurePrivateFolder(path);
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) tighten(file);
}

/**
 * The text of a private file, created with `make()` if missing. Several processes (proxies,
 * the CLI) may race to create it: the content is written to a temporary file and linked into
 * place, which fails for all but one, so every process reads the same complete value.
 */
export function readOrCreatePrivateFile(path: string, make: () => string): string {
  if (!existsSync(path)) {
    ensurePrivateFolder(path);
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temporary, make(), { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    try {
      linkSync(temporary, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temporary);
    }
  }
  tighten(path);
  return readFileSync(path, 'utf8').trim();
}
