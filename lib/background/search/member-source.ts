/**
 * Where the search index gets its members: the background's offline member cache. Kept to a
 * small interface so the index neither knows IndexedDB nor waits for it in tests.
 */
import type { MemberRecord } from '@/lib/contract';
import type { MemberNews } from '@/lib/contract/member-search';

/** Members that changed in the cache since the last notice (what pages hear as `MemberNews`). */
export type MemberChange = MemberNews;

/** How fresh the member cache is, for the popup's empty state. */
export interface CacheStatus {
  /** ISO UTC of the last completed sync with the proxy; null before the first. */
  lastSyncAt: string | null;
  /** True while a sync is under way. */
  syncing: boolean;
}

/**
 * @example
 * ```ts
 * const source: MemberSource = {
 *   all: async () => records,
 *   onChange: (listener) => { listeners.add(listener); return () => listeners.delete(listener); },
 * };
 * ```
 */
export interface MemberSource {
  /** Every cached member (one per membership), read once when the index is built. */
  all(): Promise<Iterable<MemberRecord>> | AsyncIterable<MemberRecord>;
  /** Calls `listener` after each write to the cache; returns a function that stops listening. */
  onChange(listener: (change: MemberChange) => void): () => void;
  /** Sync freshness, if the cache knows it. */
  status?(): Promise<CacheStatus>;
  /** Memberships with writes queued in the outbox, waiting for the proxy. */
  pendingMemberships?(): Promise<ReadonlySet<string>>;
}

/**
 * A source held in memory: the default until a cache is wired in, and the tests' fake.
 *
 * @example
 * ```ts
 * const source = memoryMemberSource([record]);
 * source.write({ upserted: [changed] }); // the index hears about it
 * ```
 */
export function memoryMemberSource(initial: Iterable<MemberRecord> = []) {
  const members = new Map<string, MemberRecord>();
  for (const record of initial) members.set(record.membership.id, record);
  const listeners = new Set<(change: MemberChange) => void>();
  return {
    all: async () => [...members.values()],
    onChange(listener: (change: MemberChange) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    write(change: MemberChange) {
      if (change.reset) members.clear();
      for (const id of change.deleted ?? []) members.delete(id);
      for (const record of change.upserted ?? []) members.set(record.membership.id, record);
      for (const listener of listeners) listener(change);
    },
  } satisfies MemberSource & { write(change: MemberChange): void };
}
