/**
 * Where the device token lives: an IndexedDB database of the extension's own origin, which
 * only Keycard's pages and its background can open. Content scripts share `storage.local`
 * with the extension (a compromised Mews page process could read it), but IndexedDB opened
 * in a content script is the Mews page's, not this one. It survives browser restarts, so a
 * desk stays paired, unlike `storage.session`.
 *
 * Each read or write opens and closes its own connection, nothing held open that a sign-out or
 * a test's fresh database would have to wait for; the record itself is kept in memory once read.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Device } from '@/lib/contract';

/** A paired desk: the bearer token and the proxy that issued it. */
export interface StoredSession {
  token: string;
  device: Device;
  proxyUrl: string;
  pairedAt: string;
}

interface PairedDeskDb extends DBSchema {
  pairing: { key: 'desk'; value: StoredSession };
}

export const PAIRED_DESK_DATABASE = 'keycard-desk';

async function withDb<T>(use: (db: IDBPDatabase<PairedDeskDb>) => Promise<T>): Promise<T> {
  const db = await openDB<PairedDeskDb>(PAIRED_DESK_DATABASE, 1, {
    upgrade: (created) => void created.createObjectStore('pairing'),
  });
  try {
    return await use(db);
  } finally {
    db.close();
  }
}

/**
 * The record as this worker last read or wrote it (only the background reads or writes it, so
 * the copy stays true), and the IndexedDB it came from: a request no longer opens a database to
 * learn its own token (issue 19). A new factory (a test's fresh database) is read afresh.
 */
let known: { factory: IDBFactory; value: Promise<StoredSession | null> } | null = null;

/**
 * The pairing record, read and written only by the background.
 *
 * @example
 * ```ts
 * await pairedDesk.save({ token, device, proxyUrl, pairedAt: new Date().toISOString() });
 * const current = await pairedDesk.read(); // → the same record, after a restart too
 * await pairedDesk.forget();
 * ```
 */
export const pairedDesk = {
  read(): Promise<StoredSession | null> {
    if (known?.factory !== globalThis.indexedDB) {
      const factory = globalThis.indexedDB;
      const value = withDb(async (db) => (await db.get('pairing', 'desk')) ?? null);
      known = { factory, value };
      value.catch(() => {
        if (known?.value === value) known = null;
      });
    }
    return known.value;
  },
  async save(value: StoredSession): Promise<void> {
    known = null;
    await withDb(async (db) => void (await db.put('pairing', value, 'desk')));
    known = { factory: globalThis.indexedDB, value: Promise.resolve(value) };
  },
  async forget(): Promise<void> {
    known = null;
    await withDb((db) => db.delete('pairing', 'desk'));
    known = { factory: globalThis.indexedDB, value: Promise.resolve(null) };
  },
};
