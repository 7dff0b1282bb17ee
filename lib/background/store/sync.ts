/**
 * Keeps the member cache in step with the proxy through `GET /v1/sync?cursor=`. A full sync
 * is the same walk started from the empty cursor; a delta sync continues from the cursor the
 * last page left. Each page's members, deletions and the new cursor are written in ONE
 * transaction, so a service worker killed mid-sync (MV3 kills idle workers after ~30 s)
 * resumes exactly where the last written page stopped: nothing lives only in memory.
 */
import { unwrap } from 'idb';
import type { SyncPage } from '@/lib/contract';
import type { Failure, Result } from '@/lib/contract/messages';
import { cacheDb, cacheEpoch, isQuotaError, type CacheDb, type CachedMember, type SyncMeta } from './db';
import { cachedMember, countMembers, DEFAULT_PURGE_AFTER_DAYS, isNewer, notifyMembersChanged, purgeUnseen } from './members';
import { dropFromBlocks, keepOnlyGeneration, writeMemberBlock } from './member-blocks';
import { outboxEntries, type RunAsDevice } from './outbox';
import { saidFailure } from '@/lib/background/proxy/said-failure';
import type { SyncStatus } from '../../contract/desk-cache';

/**
 * A full sync lists every member again, which refreshes their "seen" time: members deleted
 * while a delta was missed then age out through the purge. Weekly is cheap (40,000 members
 * take seconds) and well inside the 30-day purge.
 */
export const FULL_RESYNC_MS = 7 * 86_400_000;
const PURGE_EVERY_MS = 86_400_000;

/** A sync page as the proxy sends it; `remaining` is its estimate of members still to come. */
export type SyncPageWithEstimate = SyncPage & { remaining?: number };

export interface SyncDeps {
  run: RunAsDevice;
  /** Fetches one page; the proxy client's `sync`. */
  page: (run: RunAsDevice, cursor: string) => Promise<Result<SyncPageWithEstimate>>;
  /**
   * Fetches one block of a full sync (`/v1/sync/bulk`, the proxy client's `syncBlock`). Given,
   * full syncs download blocks and store each as one record; incremental syncs still use `page`.
   */
  block?: (run: RunAsDevice, cursor: string) => Promise<Result<SyncPageWithEstimate>>;
  now?: () => number;
  purgeAfterDays?: number;
}

export const EMPTY_META: SyncMeta = {
  key: 'sync',
  cursor: '',
  lastFullSyncAt: null,
  lastDeltaAt: null,
  full: null,
  lastError: null,
  lastPurgeAt: null,
};

export async function readSyncMeta(db?: CacheDb): Promise<SyncMeta> {
  return (await (db ?? (await cacheDb())).get('meta', 'sync')) ?? EMPTY_META;
}

/**
 * Writes one page and the cursor after it, atomically. Returns the meta as written.
 * Exported for tests and the benchmark.
 */
export async function writeSyncPage(db: CacheDb, meta: SyncMeta, page: SyncPageWithEstimate, now: number): Promise<SyncMeta> {
  // Relaxed (Chrome's default since 121, stated so it stays): a page is re-derivable from the
  // proxy, and the cursor commits in the same transaction, so a page lost to a power cut is
  // fetched again, never skipped. Outbox writes are strict: they exist nowhere else.
  const tx = db.transaction(['members', 'meta'], 'readwrite', { durability: 'relaxed' });
  const members = tx.objectStore('members');
  const asOf = new Date(now).toISOString();
  const incoming = page.members.map((record) => cachedMember(record.guest, record.membership, asOf, now));
  const updated: string[] = [];
  const writes: Promise<unknown>[] = [];
  // Into an empty cache nearly every row is new: add them all and read back only the few that
  // exist already (a lookup wrote them meanwhile). Otherwise read each row first. The reads
  // are ~40% of a page's time in Chromium. Requests go out at once and the transaction is
  // awaited: one round of the event loop per page, not one per member.
  // Observed from the start: if an add fails (quota), that error is the one to report.
  tx.done.catch(() => undefined);
  const collided = meta.full?.intoEmpty ? await addNew(unwrap(members), incoming) : incoming;
  if (collided !== incoming) {
    const exist = new Set(collided);
    for (const row of incoming) if (!exist.has(row)) updated.push(row.id);
  }
  const existing = await Promise.all(collided.map((row) => members.get(row.id)));
  collided.forEach((row, i) => {
    const current = existing[i];
    if (isNewer(row.membership, current)) {
      writes.push(members.put(row));
      updated.push(row.id);
    } else {
      writes.push(members.put({ ...current!, seenAt: now }));
    }
  });
  for (const id of page.deleted) writes.push(members.delete(id));
  const next = advance(meta, page);
  writes.push(tx.objectStore('meta').put(next));
  await Promise.all([...writes, tx.done]);
  if (page.deleted.length) await dropFromBlocks(db, page.deleted);
  notifyMembersChanged(updated, page.deleted);
  return next;
}

/** The meta after a page or block: its cursor, and the full sync's progress. */
function advance(meta: SyncMeta, page: SyncPageWithEstimate): SyncMeta {
  return {
    ...meta,
    cursor: page.cursor,
    lastError: null,
    full: meta.full
      ? {
          ...meta.full,
          received: meta.full.received + page.members.length,
          estimatedTotal:
            typeof page.remaining === 'number' ? meta.full.received + page.members.length + page.remaining : meta.full.estimatedTotal,
        }
      : null,
  };
}

/**
 * Writes one block of a full sync as one record, with the cursor after it. Exported for the
 * benchmark and tests.
 */
export async function writeSyncBlock(db: CacheDb, meta: SyncMeta, block: SyncPageWithEstimate, now: number): Promise<SyncMeta> {
  const next = advance(meta, block);
  await writeMemberBlock(db, next, block, now);
  notifyMembersChanged(block.members.map((record) => record.membership.id), block.deleted);
  return next;
}

/**
 * Adds each row; resolves with the rows whose key already existed, leaving them untouched.
 * A refused add is kept from aborting the transaction; any other failure (quota) aborts it
 * and rejects with its own error.
 */
function addNew(store: IDBObjectStore, rows: CachedMember[]): Promise<CachedMember[]> {
  const outcomes = rows.map(
    (row) =>
      new Promise<CachedMember | null>((resolve, reject) => {
        const request = store.add(row);
        request.onsuccess = () => resolve(null);
        request.onerror = (event) => {
          if (request.error?.name !== 'ConstraintError') return reject(request.error);
          event.preventDefault();
          event.stopPropagation();
          resolve(row);
        };
      }),
  );
  return Promise.all(outcomes).then((found) => found.filter((row): row is CachedMember => row !== null));
}

export interface SyncOutcome {
  ok: boolean;
  pages: number;
  members: number;
  error?: Failure;
  /** The cache was wiped (sign-out) while syncing; nothing more was written. */
  aborted?: boolean;
}

let running: Promise<SyncOutcome> | null = null;

/** Whether a sync is running in this worker now. */
export const isSyncing = () => running !== null;

/**
 * Runs a sync now, or joins the one already running. Starts a full sync when the cache has
 * never had one (or the last is older than {@link FULL_RESYNC_MS}); resumes one that was
 * interrupted; otherwise fetches the changes since the cursor.
 *
 * @example
 * ```ts
 * const outcome = await syncMembers({ run, page: (run, cursor) => run((c) => c.sync(cursor)) });
 * ```
 */
export function syncMembers(deps: SyncDeps): Promise<SyncOutcome> {
  running ??= syncOnce(deps).finally(() => (running = null));
  return running;
}

async function syncOnce(deps: SyncDeps): Promise<SyncOutcome> {
  const now = deps.now ?? Date.now;
  const epoch = cacheEpoch();
  const outcome: SyncOutcome = { ok: false, pages: 0, members: 0 };
  const db = await cacheDb();
  let meta = await readSyncMeta(db);
  const fullDue = !meta.lastFullSyncAt || now() - Date.parse(meta.lastFullSyncAt) > FULL_RESYNC_MS;
  if (!meta.full && fullDue) {
    const intoEmpty = (await db.count('members')) === 0;
    const startedAt = new Date(now()).toISOString();
    const bulk = deps.block ? { generation: startedAt } : undefined;
    meta = { ...meta, cursor: '', full: { startedAt, received: 0, estimatedTotal: null, intoEmpty, ...(bulk && { bulk }) } };
    await db.put('meta', meta);
  }
  // A full sync begun in blocks goes on in blocks (one record per 10,000 members); changes
  // after it come page by page, as rows.
  const bulk = meta.full?.bulk && deps.block ? meta.full.bulk : null;
  const fetch = bulk ? deps.block! : deps.page;
  const write = bulk ? writeSyncBlock : writeSyncPage;
  // The next page is fetched while this one is written: the proxy's answer and IndexedDB's
  // write overlap instead of taking turns. The cursor is still saved only with its page.
  let nextAnswer = fetch(deps.run, meta.cursor);
  for (;;) {
    const answer = await nextAnswer;
    if (cacheEpoch() !== epoch) return { ...outcome, aborted: true };
    if (answer.ok && answer.data.hasMore) {
      nextAnswer = fetch(deps.run, answer.data.cursor);
      // Left unawaited if this page fails to write; awaiting it later still sees any error.
      nextAnswer.catch(() => undefined);
    }
    if (!answer.ok) {
      if (answer.error.kind !== 'unauthorized') await db.put('meta', { ...meta, lastError: answer.error });
      return { ...outcome, error: answer.error };
    }
    try {
      meta = await write(db, meta, answer.data, now());
    } catch (error) {
      if (cacheEpoch() !== epoch) return { ...outcome, aborted: true };
      if (!isQuotaError(error)) throw error;
      const full = saidFailure('server', 'failure.storageFullMembers').error;
      await db.put('meta', { ...meta, lastError: full }).catch(() => undefined);
      return { ...outcome, error: full };
    }
    outcome.pages++;
    outcome.members += answer.data.members.length;
    if (!answer.data.hasMore) break;
  }
  // Blocks of the previous full sync go: members it listed and this one did not have left.
  if (bulk) notifyMembersChanged([], await keepOnlyGeneration(db, bulk.generation));
  const finished = new Date(now()).toISOString();
  meta = meta.full ? { ...meta, full: null, lastFullSyncAt: finished, lastDeltaAt: finished } : { ...meta, lastDeltaAt: finished };
  if (!meta.lastPurgeAt || now() - Date.parse(meta.lastPurgeAt) > PURGE_EVERY_MS) {
    await purgeUnseen(deps.purgeAfterDays ?? DEFAULT_PURGE_AFTER_DAYS, now());
    meta = { ...meta, lastPurgeAt: finished };
  }
  await db.put('meta', meta);
  return { ...outcome, ok: true };
}

/**
 * The sync's state for the options page and the popup.
 *
 * @example
 * ```ts
 * const { phase, received, estimatedTotal } = await syncStatus(true);
 * ```
 */
export async function syncStatus(paired: boolean): Promise<SyncStatus> {
  const db = await cacheDb();
  const meta = await readSyncMeta(db);
  // Counting walks every row in Chromium and holds up the page being written; while a new
  // desk's first download runs, the rows so far are the ones it received.
  const counting = meta.full?.intoEmpty ? Promise.resolve(meta.full.received) : countMembers();
  const [cachedMembers, entries, context] = await Promise.all([counting, outboxEntries(), db.get('context', 'desk')]);
  return {
    paired,
    phase: meta.full ? 'full' : meta.lastFullSyncAt ? 'ready' : 'never',
    running: isSyncing(),
    cachedMembers,
    received: meta.full?.received ?? 0,
    estimatedTotal: meta.full?.estimatedTotal ?? null,
    lastFullSyncAt: meta.lastFullSyncAt,
    lastDeltaAt: meta.lastDeltaAt,
    lastError: meta.lastError,
    outbox: {
      pending: entries.filter((entry) => entry.status === 'pending').length,
      refused: entries.filter((entry) => entry.status === 'refused').length,
    },
    timeZone: context?.context.enterprise.timeZone ?? null,
  };
}
