/**
 * Verified device tokens, remembered for a moment: a desk's every request (a lookup, a
 * search keystroke) authenticated by a store query, which under load was one of the two
 * queries of a warm lookup. A cached entry holds the device's row as the store gave it.
 *
 * When a device is revoked the entry must go at once, wherever the revocation happened:
 * - in this process (`revokeDevice`): `forgetDeviceTokens`;
 * - in another process on PostgreSQL (another instance, the CLI): its NOTIFY
 *   (`announceDeviceChange`) reaches `listenForDeviceChanges`; until that listener is up, or
 *   after it was lost, nothing is cached;
 * - on SQLite the only other process is the CLI: its revocation takes effect when the entry
 *   expires (`DEVICE_TOKEN_CACHE_MS`, 2 s by default; 0 turns caching off).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';
import type { Store } from '../store/db';
import type { DeviceRow } from '../store/device-repository';

export interface TokenCache {
  get(tokenHash: string): DeviceRow | undefined;
  set(tokenHash: string, row: DeviceRow): void;
  /** A device changed (revoked): its entries go. */
  forgetDevice(deviceId: string): void;
}

/** At most this many tokens are remembered (a hotel has tens of desks; a flood of bad tokens is never cached). */
const MAX_ENTRIES = 1_000;

/** The caches of each open store's apps (tests build several on one store), so a revocation in this process reaches them. */
const caches = new WeakMap<Kysely<Database>, Set<TokenCache>>();

/** A device changed in this process: every token cache on `db`'s store forgets it. */
export function forgetDeviceTokens(db: Kysely<Database>, deviceId: string): void {
  for (const cache of caches.get(db) ?? []) cache.forgetDevice(deviceId);
}

/**
 * @example
 * const cache = createTokenCache(store, { ttlMs: 2_000, now: () => Date.now() });
 * cache.get(hash) ?? cache.set(hash, await deviceByTokenHash(store.db, hash));
 */
export function createTokenCache(store: Pick<Store, 'db' | 'listenForDeviceChanges'>, options: { ttlMs: number; now: () => number }): TokenCache {
  const entries = new Map<string, { row: DeviceRow; at: number }>();
  // On PostgreSQL, cache only while other processes' revocations can be heard.
  let hearing = store.listenForDeviceChanges === undefined;
  if (store.listenForDeviceChanges && options.ttlMs > 0) {
    store
      .listenForDeviceChanges(
        (deviceId) => cache.forgetDevice(deviceId),
        () => {
          hearing = false;
          entries.clear();
        },
      )
      .then(() => (hearing = true), () => (hearing = false));
  }
  const cache: TokenCache = {
    get(tokenHash) {
      const entry = entries.get(tokenHash);
      if (!entry) return undefined;
      if (options.now() - entry.at >= options.ttlMs) {
        entries.delete(tokenHash);
        return undefined;
      }
      return entry.row;
    },
    set(tokenHash, row) {
      if (!hearing || options.ttlMs <= 0 || row.revoked_at) return;
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      entries.set(tokenHash, { row, at: options.now() });
    },
    forgetDevice(deviceId) {
      for (const [hash, entry] of entries) if (entry.row.id === deviceId) entries.delete(hash);
    },
  };
  caches.set(store.db, (caches.get(store.db) ?? new Set()).add(cache));
  return cache;
}
