/**
 * The offline cache: one IndexedDB database in the extension's own origin, opened by the
 * background only (a content script would open it in the Mews page's origin). Versioned:
 * each version's upgrade step runs in order, so a browser that skipped versions catches up.
 *
 * Stores (v4):
 * - `members`: one row per membership, the guest's summary beside it; indexes by account
 *   and by when the proxy last listed it (purge).
 * - `context`: the desk context (enterprise, programs, tiers) for offline pages.
 * - `meta`: sync state (cursor, full-sync progress, last sync times).
 * - `outbox`: writes made while the proxy was unreachable, in the order the desk made them.
 * - `recentGuests`: guests this desk looked at lately (for the popup), members or not.
 * - `reservations` (v2): reservation → account, learned from online lookups.
 * - `memberBlocks` (v4): a full sync's members, one record per block of up to 10,000
 *   (`/v1/sync/bulk`); `member-blocks.ts` keeps them in memory. Rows in `members` (lookups,
 *   incremental syncs) sit beside them, and the newer of the two wins.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { DeskContext, GuestSummary, MemberRecord, Membership } from '@/lib/contract';
import type { Failure } from '@/lib/contract/messages';
import { DESK_CACHE_DATABASE, type WaitingFor } from '@/lib/contract/desk-cache';

/** Same name as `session.ts` deletes on sign-out. */
export const CACHE_DATABASE = DESK_CACHE_DATABASE;
export const CACHE_VERSION = 4;

export interface CachedMember {
  /** The membership id. */
  id: string;
  accountId: string;
  guest: GuestSummary;
  membership: Membership;
  /** ISO UTC: when the proxy last vouched for these facts (lookup `asOf` or sync page time). */
  asOf: string;
  /** Epoch ms: when the proxy last listed this member (sync page or lookup). Added in v2. */
  seenAt: number;
}

export interface FullSyncProgress {
  startedAt: string;
  /** Members written so far in this full sync. */
  received: number;
  /** The proxy's estimate of the whole (received + remaining), when it gives one. */
  estimatedTotal: number | null;
  /** Set when this full sync downloads blocks (`/v1/sync/bulk`): the generation they belong to. */
  bulk?: { generation: string };
  /**
   * The cache held no members when this full sync began (a newly paired desk): pages add
   * their rows without reading each one first, and read back only the few that exist.
   */
  intoEmpty?: boolean;
}

export interface SyncMeta {
  key: 'sync';
  /** The proxy's cursor after the last page written; '' means "from the start". */
  cursor: string;
  lastFullSyncAt: string | null;
  lastDeltaAt: string | null;
  /** Set while a full sync is under way (survives the service worker's death). */
  full: FullSyncProgress | null;
  lastError: Failure | null;
  lastPurgeAt: string | null;
}

export type OutboxStatus = 'pending' | 'refused';

export interface OutboxEntry {
  /** Order of the desk's actions (auto-increment). */
  seq?: number;
  kind: 'enroll' | 'adjust';
  accountId: string;
  /** Null for an enrollment (the membership does not exist yet). */
  membershipId: string | null;
  programId?: string;
  delta?: number;
  reason?: string;
  note?: string;
  /** The key the desk's action was given; replays reuse it so the proxy applies it once. */
  idempotencyKey: string;
  createdAt: string;
  status: OutboxStatus;
  /** Why the proxy refused the replay (status `refused`). */
  failure?: Failure;
  /** Why it waits (status `pending`): see `PendingWrite.waitingFor`. */
  waitingFor?: WaitingFor;
  attempts: number;
}

/** One block of a full sync as stored: its members, all vouched for at the same time. */
export interface MemberBlockRecord {
  /** `generation:cursor`, the cursor zero-padded: a generation's blocks sort in download order. */
  key: string;
  /** The full sync that wrote it (its start time); a finished full sync drops older generations. */
  generation: string;
  members: MemberRecord[];
  /** ISO UTC: when the proxy sent the block. */
  asOf: string;
  /** Epoch ms, as `CachedMember.seenAt`. */
  seenAt: number;
}

export interface RecentGuest {
  accountId: string;
  guest: GuestSummary;
  asOf: string;
  viewedAt: number;
}

export interface ReservationOwner {
  reservationId: string;
  accountId: string;
  seenAt: number;
}

export interface KeycardCache extends DBSchema {
  members: { key: string; value: CachedMember; indexes: { byAccount: string; bySeen: number } };
  context: { key: string; value: { key: 'desk'; context: DeskContext; fetchedAt: number } };
  meta: { key: string; value: SyncMeta };
  outbox: { key: number; value: OutboxEntry; indexes: { byAccount: string } };
  recentGuests: { key: string; value: RecentGuest; indexes: { byViewed: number } };
  reservations: { key: string; value: ReservationOwner };
  memberBlocks: { key: string; value: MemberBlockRecord };
}

export type CacheDb = IDBPDatabase<KeycardCache>;
type UpgradeTx = IDBPTransaction<KeycardCache, StoreNames<KeycardCache>[], 'versionchange'>;

/**
 * One step per version, run in order on upgrade. Never edit a shipped step: add the next one.
 */
export const MIGRATIONS: Record<number, (db: CacheDb, tx: UpgradeTx, now: number) => Promise<void> | void> = {
  1(db) {
    const members = db.createObjectStore('members', { keyPath: 'id' });
    members.createIndex('byAccount', 'accountId');
    members.createIndex('byNumber' as never, 'number'); // dropped in v3
    db.createObjectStore('context', { keyPath: 'key' });
    db.createObjectStore('meta', { keyPath: 'key' });
    const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
    outbox.createIndex('byAccount', 'accountId');
    const recent = db.createObjectStore('recentGuests', { keyPath: 'accountId' });
    recent.createIndex('byViewed', 'viewedAt');
  },
  // v2: purge needs "last listed" per member, and offline reservation pages need the owner.
  async 2(db, tx, now) {
    const members = tx.objectStore('members');
    members.createIndex('bySeen', 'seenAt');
    let cursor = await members.openCursor();
    while (cursor) {
      // v1 rows had no seenAt: count them as seen now, so the first purge keeps them.
      if (typeof cursor.value.seenAt !== 'number') await cursor.update({ ...cursor.value, seenAt: now });
      cursor = await cursor.continue();
    }
    db.createObjectStore('reservations', { keyPath: 'reservationId' });
  },
  // v3: the popup finds numbers in its in-memory index; the IndexedDB index by number only
  // slowed every write (a first download writes 100,000 rows).
  3(_db, tx) {
    const members = tx.objectStore('members');
    if ((members.indexNames as DOMStringList).contains('byNumber')) members.deleteIndex('byNumber' as never);
  },
  // v4: a first download stores blocks of 10,000 members as single records (100,000 indexed
  // rows took 30 s); existing rows stay where they are and keep being read.
  4(db) {
    db.createObjectStore('memberBlocks', { keyPath: 'key' });
  },
};

let connection: Promise<CacheDb> | null = null;
/** Bumped whenever the cache is closed or wiped; long jobs compare it to know they must stop. */
let epoch = 0;

/**
 * Opens a cache database at a given version (tests open v1 to exercise the upgrade path).
 *
 * @example
 * ```ts
 * const db = await openCacheAt(1); // then close it and open the current version
 * ```
 */
export function openCacheAt(version: number, name = CACHE_DATABASE, now = Date.now()): Promise<CacheDb> {
  return openDB<KeycardCache>(name, version, {
    async upgrade(db, oldVersion, newVersion, tx) {
      for (let step = oldVersion + 1; step <= (newVersion ?? version); step++) await MIGRATIONS[step]?.(db, tx, now);
    },
  });
}

/**
 * The background's shared connection, opened on first use. Gives way to sign-out's delete
 * (or a newer version in another context) by closing itself.
 *
 * @example
 * ```ts
 * const db = await cacheDb();
 * const member = await db.get('members', 'mem-1');
 * ```
 */
export function cacheDb(): Promise<CacheDb> {
  if (!connection) {
    const opening = openDB<KeycardCache>(CACHE_DATABASE, CACHE_VERSION, {
      async upgrade(db, oldVersion, newVersion, tx) {
        const now = Date.now();
        for (let step = oldVersion + 1; step <= (newVersion ?? CACHE_VERSION); step++) await MIGRATIONS[step]?.(db, tx, now);
      },
      blocking: () => void closeCache(),
      terminated: () => {
        if (connection === opening) connection = null;
      },
    });
    connection = opening;
    opening.catch(() => {
      if (connection === opening) connection = null;
    });
  }
  return connection;
}

/** Closes the shared connection (sign-out, tests); jobs holding the old epoch stop. */
export async function closeCache(): Promise<void> {
  epoch++;
  const open = connection;
  connection = null;
  if (open) (await open.catch(() => null))?.close();
}

/** The current epoch, for a long job to check it is still wanted. */
export const cacheEpoch = () => epoch;

/** Whether an error is the browser refusing to store more (disk or quota full). */
export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}
