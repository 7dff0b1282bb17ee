/**
 * The cached members, as the background (and the popup's search, through the background)
 * reads them, and the writes that keep them: sync pages, online lookups, purge.
 */
import type { GuestLoyalty, GuestSummary, MemberRecord, Membership } from '@/lib/contract';
import { isNewer } from '@/lib/contract/desk-cache';
import { cacheDb, type CachedMember, type CacheDb } from './db';
import { blockView, dropFromBlocks, type BlockView } from './member-blocks';

/** Members not listed by the proxy for this long are dropped from the cache. */
export const DEFAULT_PURGE_AFTER_DAYS = 30;
const RECENT_GUESTS_KEPT = 50;

/** `reset`: the whole cache was wiped (sign-out); drop everything you derived from it. */
export type MembersChange = { updated: string[]; deleted: string[]; reset?: boolean };
type MembersListener = (change: MembersChange) => void;
const listeners = new Set<MembersListener>();

/**
 * Calls `fn` after cached members changed (sync page, lookup, purge, wipe). Background only.
 * Returns the function that stops listening.
 *
 * @example
 * ```ts
 * const stop = onMembersChanged(({ updated, deleted }) => index.update(updated, deleted));
 * ```
 */
export function onMembersChanged(fn: MembersListener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Tells listeners what changed; a listener that throws does not stop the others. */
export function notifyMembersChanged(updated: string[], deleted: string[], reset = false): void {
  if (updated.length === 0 && deleted.length === 0 && !reset) return;
  for (const fn of listeners) {
    try {
      fn(reset ? { updated, deleted, reset } : { updated, deleted });
    } catch (error) {
      console.error('[keycard] members listener failed', error);
    }
  }
}

const toRecord = (row: CachedMember): MemberRecord => ({ guest: row.guest, membership: row.membership });

/** A row (lookup, incremental sync) against the blocks' copy: the newer change wins, the row on a tie. */
function newest(row: CachedMember | undefined, view: BlockView, id: string): CachedMember | undefined {
  const block = view.byId.get(id)?.member;
  return row && isNewer(row.membership, block) ? row : (block ?? row);
}

/**
 * Every cached member, as the popup's search indexes them.
 *
 * @example
 * ```ts
 * const members = await allMembers(); // [{ guest, membership }, …]
 * ```
 */
export async function allMembers(): Promise<MemberRecord[]> {
  const db = await cacheDb();
  const [rows, view] = await Promise.all([db.getAll('members'), blockView(db)]);
  if (rows.length === 0) return [...view.byId.values()].map((entry) => toRecord(entry.member));
  const merged = new Map<string, CachedMember>();
  for (const [id, entry] of view.byId) merged.set(id, entry.member);
  for (const row of rows) merged.set(row.id, newest(row, view, row.id)!);
  return [...merged.values()].map(toRecord);
}

/**
 * The cached members with these ids, rows and blocks merged; ids not cached are left out.
 *
 * @example
 * ```ts
 * const changed = await membersById(['mem-1', 'mem-2']);
 * ```
 */
export async function membersById(ids: readonly string[]): Promise<MemberRecord[]> {
  const db = await cacheDb();
  const store = db.transaction('members').store;
  const [rows, view] = await Promise.all([Promise.all(ids.map((id) => store.get(id))), blockView(db)]);
  return ids.flatMap((id, i) => {
    const row = newest(rows[i], view, id);
    return row ? [toRecord(row)] : [];
  });
}

/**
 * The cached members one at a time, without holding them all in memory.
 *
 * @example
 * ```ts
 * for await (const member of eachMember()) index.add(member);
 * ```
 */
export async function* eachMember(batch = 500): AsyncGenerator<MemberRecord> {
  const db = await cacheDb();
  let after: string | undefined;
  for (;;) {
    // Short read transactions in batches: a generator must not keep a transaction open across awaits.
    const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
    const rows = await db.getAll('members', range, batch);
    for (const row of rows) yield toRecord(row);
    if (rows.length < batch) return;
    after = rows.at(-1)!.id;
  }
}

/** One cached member by membership id. */
export async function getMember(membershipId: string): Promise<MemberRecord | null> {
  return (await membersById([membershipId]))[0] ?? null;
}

/** How many members the cache holds: the blocks' members and the rows no block lists. */
export async function countMembers(): Promise<number> {
  const db = await cacheDb();
  const view = await blockView(db);
  if (view.byId.size === 0) return db.count('members');
  const keys = await db.getAllKeys('members');
  return view.byId.size + keys.filter((id) => !view.byId.has(id)).length;
}

/** The cached rows of one guest's memberships, rows and blocks merged. */
export async function membersOfAccount(accountId: string, db?: CacheDb): Promise<CachedMember[]> {
  const cache = db ?? (await cacheDb());
  const [rows, view] = await Promise.all([cache.getAllFromIndex('members', 'byAccount', accountId), blockView(cache)]);
  const merged = new Map<string, CachedMember>();
  for (const id of view.byAccount.get(accountId) ?? []) merged.set(id, view.byId.get(id)!.member);
  for (const row of rows) merged.set(row.id, newest(row, view, row.id)!);
  return [...merged.values()];
}

/** A member row as the cache keeps it. */
export function cachedMember(guest: GuestSummary, membership: Membership, asOf: string, seenAt: number): CachedMember {
  return { id: membership.id, accountId: membership.accountId, guest, membership, asOf, seenAt };
}

/** The cache's rule for which of two copies of a membership wins (lib/contract/desk-cache.ts). */
export { isNewer };

/**
 * Keeps what an online lookup returned: the guest's memberships (the complete list, so
 * cached ones missing from it are dropped), the guest as recently viewed, and for a
 * reservation page which guest owns the reservation.
 *
 * @example
 * ```ts
 * await rememberGuest(loyalty, { reservationId: 'res-1' });
 * ```
 */
export async function rememberGuest(
  loyalty: GuestLoyalty,
  options: { reservationId?: string; now?: number } = {},
): Promise<void> {
  const now = options.now ?? Date.now();
  const db = await cacheDb();
  // Loaded before the transaction opens: awaiting anything else inside it would end it.
  const view = await blockView(db);
  const tx = db.transaction(['members', 'recentGuests', 'reservations'], 'readwrite');
  const members = tx.objectStore('members');
  const accountId = loyalty.guest.id;
  const updated: string[] = [];
  const deleted: string[] = [];
  const current = new Set(loyalty.memberships.map((membership) => membership.id));
  const goneFromBlocks = [...(view.byAccount.get(accountId) ?? [])].filter((id) => !current.has(id));
  deleted.push(...goneFromBlocks);
  for (const row of await members.index('byAccount').getAll(accountId)) {
    if (!current.has(row.id)) {
      await members.delete(row.id);
      if (!deleted.includes(row.id)) deleted.push(row.id);
    }
  }
  for (const membership of loyalty.memberships) {
    const existing = await members.get(membership.id);
    const fresher = isNewer(membership, existing);
    const row = fresher ? cachedMember(loyalty.guest, membership, loyalty.asOf, now) : { ...existing!, seenAt: now };
    await members.put(row);
    if (fresher) updated.push(membership.id);
  }
  await tx.objectStore('recentGuests').put({ accountId, guest: loyalty.guest, asOf: loyalty.asOf, viewedAt: now });
  if (options.reservationId) {
    await tx.objectStore('reservations').put({ reservationId: options.reservationId, accountId, seenAt: now });
  }
  // Keep the recent list short: drop the oldest beyond the limit.
  const recent = tx.objectStore('recentGuests');
  const excess = (await recent.count()) - RECENT_GUESTS_KEPT;
  if (excess > 0) {
    let cursor = await recent.index('byViewed').openCursor();
    for (let i = 0; cursor && i < excess; i++) {
      await cursor.delete();
      cursor = await cursor.continue();
    }
  }
  await tx.done;
  await dropFromBlocks(db, goneFromBlocks);
  notifyMembersChanged(updated, deleted);
}

/**
 * A guest's loyalty as the cache knows it: by account, or by a reservation seen online
 * before. `asOf` is the oldest time any of it was confirmed. Null when nothing is cached.
 */
export async function cachedGuestLoyalty(kind: 'customer' | 'reservation', id: string): Promise<GuestLoyalty | null> {
  const db = await cacheDb();
  const accountId = kind === 'customer' ? id : (await db.get('reservations', id))?.accountId;
  if (!accountId) return null;
  // Side by side: this is the panel's instant first paint, every IndexedDB round trip shows.
  const [rows, recent] = await Promise.all([membersOfAccount(accountId, db), db.get('recentGuests', accountId)]);
  if (rows.length === 0 && !recent) return null;
  const times = rows.map((row) => row.asOf);
  if (recent && rows.length === 0) times.push(recent.asOf);
  const asOf = times.sort()[0]!;
  // The newest guest summary wins (a rename reaches the recent list before a sync page).
  const guest = recent && (rows.length === 0 || recent.asOf >= asOf) ? recent.guest : rows[0]!.guest;
  return { guest, memberships: rows.map((row) => row.membership), asOf };
}

/**
 * Guests this desk looked at, newest first.
 *
 * @example
 * ```ts
 * const recent = await recentGuests(10);
 * ```
 */
export async function recentGuests(limit = 20): Promise<GuestSummary[]> {
  const db = await cacheDb();
  const rows = await db.getAllFromIndex('recentGuests', 'byViewed');
  return rows.reverse().slice(0, limit).map((row) => row.guest);
}

/**
 * Drops members the proxy has not listed for `days` days (a periodic full sync lists every
 * member, so only members gone from the proxy age out). Returns the ids dropped.
 */
export async function purgeUnseen(days = DEFAULT_PURGE_AFTER_DAYS, now = Date.now()): Promise<string[]> {
  const db = await cacheDb();
  const tx = db.transaction('members', 'readwrite');
  const cutoff = now - days * 86_400_000;
  const dropped: string[] = [];
  let cursor = await tx.store.index('bySeen').openCursor(IDBKeyRange.upperBound(cutoff, true));
  while (cursor) {
    dropped.push(cursor.primaryKey);
    await cursor.delete();
    cursor = await cursor.continue();
  }
  await tx.done;
  // A purged row whose member a block still lists stays cached: the index re-reads it.
  const view = await blockView(db);
  notifyMembersChanged(dropped.filter((id) => view.byId.has(id)), dropped.filter((id) => !view.byId.has(id)));
  return dropped;
}
