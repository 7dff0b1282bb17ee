/**
 * The key pairing codes are hashed with (auth/secrets.ts). It must not be in the database:
 * with a copy of the store and an unkeyed hash, all 31^8 codes are tried offline in minutes.
 *
 * - `PAIRING_SECRET` when given (at least 32 characters). Several proxy instances, and the CLI
 *   wherever it runs, must share it, or a code minted on one is unknown to another.
 * - Otherwise a random key made once and kept in a 0600 file: beside the SQLite store
 *   (`keycard.sqlite.pairing-key`), or `data/keycard.pairing-key` for PostgreSQL, where the
 *   proxy and the CLI find it when they run from the same folder.
 * - An in-memory SQLite store (tests) gets a key of its own that dies with it.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readOrCreatePrivateFile } from './private-files';

/** The shortest secret accepted: 32 characters of a password manager's output is ~190 bits. */
export const PAIRING_SECRET_MIN_LENGTH = 32;

/** Where the key file lives when the store is PostgreSQL. */
export const POSTGRES_PAIRING_KEY_FILE = join('data', 'keycard.pairing-key');

/** The key file of a store: `sqlitePath` for SQLite, undefined for PostgreSQL. */
export const pairingKeyFile = (sqlitePath: string | undefined) => (sqlitePath === undefined ? POSTGRES_PAIRING_KEY_FILE : `${sqlitePath}.pairing-key`);

/**
 * The pairing key of a store.
 *
 * @example
 * pairingKey({ secret: process.env.PAIRING_SECRET, sqlitePath: 'data/keycard.sqlite' });
 */
export function pairingKey(options: { secret?: string | undefined; sqlitePath?: string | undefined }): Buffer {
  const given = options.secret?.trim();
  if (given) {
    if (given.length < PAIRING_SECRET_MIN_LENGTH) {
      throw new Error(`PAIRING_SECRET: must be at least ${PAIRING_SECRET_MIN_LENGTH} characters, got ${given.length}`);
    }
    return Buffer.from(given, 'utf8');
  }
  if (options.sqlitePath === ':memory:') return randomBytes(32);
  const file = pairingKeyFile(options.sqlitePath);
  let text: string;
  try {
    text = readOrCreatePrivateFile(file, () => `${randomBytes(32).toString('base64url')}\n`);
  } catch (error) {
    throw new Error(`Cannot read or create the pairing key file ${file} (${(error as Error).message}); set PAIRING_SECRET instead.`, { cause: error });
  }
  if (text.length < PAIRING_SECRET_MIN_LENGTH) {
    throw new Error(`The pairing key file ${file} is damaged (${text.length} characters); delete it to make a new one (unused pairing codes stop working).`);
  }
  return Buffer.from(text, 'utf8');
}
