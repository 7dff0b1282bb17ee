/**
 * The popup's own copy of the member index, so a keystroke is answered inside its input event
 * and its rows are in the very next frame (issue 19: an answer from the service worker came
 * back after Chromium had drawn that frame, and waited for the next one, ~16 ms later).
 *
 * The popup reads the background's member cache itself (an extension page shares its origin
 * and IndexedDB), after its first frame: one block of members per task, then builds the index
 * in slices of a few ms, so the box takes typing meanwhile (those keystrokes still go to the
 * background). While the popup is open, the background's news (`MEMBER_NEWS`) keeps it current;
 * a sign-out's news wipes it. The popup never creates or upgrades the cache: that is the
 * background's (lib/background/store/db.ts).
 */
import type { CachedMember, MemberBlockRecord, OutboxEntry } from '@/lib/background/store/db';
import type { MemberRecord } from '@/lib/contract';
import { MEMBER_COPY_HELD, MEMBER_NEWS, WHO_HOLDS_A_COPY, type LocalSearchAnswer, type MemberNews } from '@/lib/contract/member-search';
import { DESK_CACHE_DATABASE, isNewer } from '@/lib/contract/desk-cache';
import { createMemberIndex, REBUILD_THRESHOLD } from '@/lib/search/member-index';
import { markStep } from '@/lib/trace/marks';

/** Longest stretch of index building between two chances for the page to draw or take a key. */
const SLICE_MS = 6;

export interface MemberCopy {
  /** The copy's matches for `query`, or null until the copy is read (then ask the background). */
  search(query: string): Omit<LocalSearchAnswer, 'query'> | null;
  /** Resolves when the copy answers (or could not be read); for tests and the bench's mark. */
  readonly ready: Promise<void>;
  dispose(): void;
}

export interface MemberCopyOptions {
  indexedDB?: IDBFactory;
  /** Where the background's news arrives; a `BroadcastChannel` on `MEMBER_NEWS` by default. */
  news?: { onmessage: ((event: MessageEvent) => void) | null; postMessage(message: unknown): void; close(): void };
}

const asked = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

/** The cache as it is, or null where the background never made one (never created from here). */
function openCache(factory: IDBFactory): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    const opening = factory.open(DESK_CACHE_DATABASE);
    opening.onupgradeneeded = () => opening.transaction?.abort();
    opening.onsuccess = () => {
      // A sign-out's delete (or the background's upgrade) must not wait for the popup.
      opening.result.onversionchange = () => opening.result.close();
      resolve(opening.result);
    };
    opening.onerror = () => resolve(null);
  });
}

/** A turn of the event loop, without a timer's clamping. */
const pause = () =>
  new Promise<void>((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });

/** Members the outbox holds writes for (their rows say "pending"). */
async function pendingIn(db: IDBDatabase): Promise<Set<string>> {
  const entries = await asked(db.transaction('outbox').objectStore('outbox').getAll() as IDBRequest<OutboxEntry[]>);
  return new Set(entries.flatMap((entry) => (entry.status === 'pending' && entry.membershipId ? [entry.membershipId] : [])));
}

/**
 * @example
 * ```ts
 * const copy = openMemberCopy();
 * copy.search('novak'); // null while it is read, then { results, cachedMembers } at once
 * ```
 */
export function openMemberCopy(options: MemberCopyOptions = {}): MemberCopy {
  const factory = options.indexedDB ?? indexedDB;
  const news = options.news ?? new BroadcastChannel(MEMBER_NEWS);
  let index = createMemberIndex();
  /** Every member, as the copy's index holds them; a large change rebuilds from it. */
  const members = new Map<string, MemberRecord>();
  let pending = new Set<string>();
  /** Reading the cache, building an index, or neither; the copy answers once its first index is built. */
  let phase: 'reading' | 'building' | 'idle' = 'reading';
  let answering = false;
  let disposed = false;
  /** News heard while the cache is read or an index built; applied once it is. */
  let heard: MemberNews[] = [];

  const update = (change: MemberNews) => {
    if (change.reset) members.clear();
    for (const id of change.deleted ?? []) members.delete(id);
    for (const record of change.upserted ?? []) members.set(record.membership.id, record);
  };
  const sizeOf = (changes: MemberNews[]) => changes.reduce((sum, change) => sum + (change.upserted?.length ?? 0) + (change.deleted?.length ?? 0), 0);

  /** Builds a new index from `members` in slices; the one it replaces answers meanwhile. */
  async function rebuild(): Promise<void> {
    phase = 'building';
    for (;;) {
      heard = [];
      let next = createMemberIndex();
      const steps = next.replaceAllInSteps([...members.values()]);
      for (let done = false; !done; ) {
        if (disposed) return;
        const until = performance.now() + SLICE_MS;
        while (!(done = Boolean(steps.next().done)) && performance.now() < until);
        if (!done) await pause();
      }
      // A large change heard meanwhile (a full sync's block) is in `members`: build again.
      if (sizeOf(heard) > REBUILD_THRESHOLD) continue;
      for (const change of heard) {
        if (change.reset) next = createMemberIndex();
        else next.apply(change);
      }
      index = next;
      phase = 'idle';
      return;
    }
  }

  async function readPending(): Promise<void> {
    const db = await openCache(factory);
    if (!db) return;
    try {
      pending = await pendingIn(db);
    } finally {
      db.close();
    }
  }

  news.onmessage = (event) => {
    // A background that started while this popup was open asks who needs its news.
    if (event.data === WHO_HOLDS_A_COPY) return news.postMessage(MEMBER_COPY_HELD);
    if (typeof event.data !== 'object' || event.data === null) return;
    const change = event.data as MemberNews;
    if (phase === 'reading') return void heard.push(change);
    update(change);
    if (phase === 'building') return void heard.push(change);
    if (change.reset) index = createMemberIndex();
    else if (sizeOf([change]) > REBUILD_THRESHOLD) void rebuild();
    else index.apply(change);
    void readPending().catch(() => undefined);
  };

  async function read(): Promise<void> {
    const db = await openCache(factory);
    if (!db) return;
    try {
      if (!db.objectStoreNames.contains('memberBlocks')) return;
      // A block at a time (10,000 members, one task each), oldest first: the later of equal changes wins.
      const keys = await asked(db.transaction('memberBlocks').objectStore('memberBlocks').getAllKeys());
      for (const key of keys) {
        if (disposed) return;
        const block = await asked(db.transaction('memberBlocks').objectStore('memberBlocks').get(key) as IDBRequest<MemberBlockRecord | undefined>);
        for (const record of block?.members ?? []) {
          const known = members.get(record.membership.id);
          if (isNewer(record.membership, known)) members.set(record.membership.id, record);
        }
        await pause();
      }
      // Rows (lookups, incremental syncs) beside the blocks: the newer wins, the row on a tie.
      const rows = await asked(db.transaction('members').objectStore('members').getAll() as IDBRequest<CachedMember[]>);
      for (const { guest, membership } of rows) {
        const known = members.get(membership.id);
        if (isNewer(membership, known)) members.set(membership.id, { guest, membership });
      }
      pending = await pendingIn(db);
    } finally {
      db.close();
    }
  }

  markStep('memberCopyOpened');
  const ready = read()
    .then(() => {
      for (const change of heard) update(change);
      return rebuild();
    })
    .then(
      () => {
        answering = !disposed;
        markStep('memberCopyReady');
      },
      () => undefined,
    );

  return {
    ready,
    search(query) {
      if (!answering) return null;
      const hits = query.trim() ? index.search(query) : [];
      markStep('searchAnsweredHere');
      return {
        cachedMembers: index.size,
        results: hits.map(({ record, match }) => ({ ...record, origin: match, pending: pending.has(record.membership.id) })),
      };
    },
    dispose() {
      disposed = true;
      answering = false;
      news.onmessage = null;
      news.close();
    },
  };
}
