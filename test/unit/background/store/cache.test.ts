import { beforeEach, describe, expect, it } from 'vitest';
import { session } from '@/lib/background/store/session';
import { cacheDb, CACHE_DATABASE, CACHE_VERSION, closeCache, openCacheAt } from '@/lib/background/store/db';
import {
  allMembers,
  cachedGuestLoyalty,
  eachMember,
  getMember,
  onMembersChanged,
  purgeUnseen,
  rememberGuest,
  type MembersChange,
} from '@/lib/background/store/members';
import { EMPTY_META, readSyncMeta, writeSyncPage } from '@/lib/background/store/sync';
import { guestLoyalty, membership } from '../../support/fixtures';
import { freshCache, member } from './support';

const DAY = 86_400_000;

describe('offline cache schema', () => {
  beforeEach(freshCache);

  it('upgrades v1 to the current version keeping members and the outbox, stamping seenAt, adding reservations, dropping the number index', async () => {
    const v1 = await openCacheAt(1);
    const record = member('mem-1');
    // A v1 row: no seenAt yet.
    await v1.put('members', { id: 'mem-1', accountId: 'cus-mem-1', number: 'KR-mem-1', guest: record.guest, membership: record.membership, asOf: '2026-03-02T11:00:00Z' } as never);
    await v1.add('outbox', { kind: 'adjust', accountId: 'cus-mem-1', membershipId: 'mem-1', delta: 10, reason: 'bonus', idempotencyKey: 'k1', createdAt: 'x', status: 'pending', attempts: 0 });
    expect(v1.objectStoreNames.contains('reservations')).toBe(false);
    v1.close();

    const before = Date.now();
    const db = await cacheDb();
    expect(db.version).toBe(CACHE_VERSION);
    expect(db.name).toBe(CACHE_DATABASE);
    expect([...db.objectStoreNames].sort()).toEqual(['context', 'memberBlocks', 'members', 'meta', 'outbox', 'recentGuests', 'reservations']);
    const row = await db.get('members', 'mem-1');
    expect(row?.membership).toEqual(record.membership);
    expect(row?.seenAt).toBeGreaterThanOrEqual(before);
    expect(await db.countFromIndex('members', 'bySeen')).toBe(1);
    expect([...db.transaction('members').store.indexNames].sort()).toEqual(['byAccount', 'bySeen']);
    expect(await db.getAll('outbox')).toMatchObject([{ seq: 1, idempotencyKey: 'k1', delta: 10 }]);
    await db.put('reservations', { reservationId: 'res-1', accountId: 'cus-mem-1', seenAt: 1 });
  });

  it('reads members back one by one and all at once, for the panel and the popup', async () => {
    await rememberGuest(guestLoyalty());
    expect(await getMember('mem-1')).toEqual({ guest: guestLoyalty().guest, membership: membership() });
    expect(await allMembers()).toHaveLength(1);
    const seen = [];
    for await (const record of eachMember(1)) seen.push(record.membership.id);
    expect(seen).toEqual(['mem-1']);
  });
});

describe('sync pages merge into the cache', () => {
  beforeEach(freshCache);

  it('upserts changed members and removes deleted ones, with the cursor in the same write', async () => {
    const db = await cacheDb();
    const changes: MembersChange[] = [];
    const stop = onMembersChanged((change) => changes.push(change));
    let meta = await writeSyncPage(db, EMPTY_META, { members: [member('a'), member('b')], deleted: [], cursor: '2', hasMore: false }, 1_000);
    meta = await writeSyncPage(
      db,
      meta,
      { members: [member('a', { points: 250, updatedAt: '2026-03-02T12:00:00Z' })], deleted: ['b'], cursor: '4', hasMore: false },
      2_000,
    );
    stop();
    expect((await getMember('a'))?.membership.points).toBe(250);
    expect(await getMember('b')).toBeNull();
    expect((await readSyncMeta()).cursor).toBe('4');
    expect(changes).toEqual([
      { updated: ['a', 'b'], deleted: [] },
      { updated: ['a'], deleted: ['b'] },
    ]);
  });

  it('never lets an older sync row overwrite a fresher lookup', async () => {
    await rememberGuest(guestLoyalty({ memberships: [membership({ points: 500, updatedAt: '2026-03-02T12:00:00Z' })] }));
    const db = await cacheDb();
    const stale = { guest: guestLoyalty().guest, membership: membership({ points: 100, updatedAt: '2026-03-02T11:00:00Z' }) };
    await writeSyncPage(db, EMPTY_META, { members: [stale], deleted: [], cursor: '1', hasMore: false }, 5_000);
    expect((await getMember('mem-1'))?.membership.points).toBe(500);
    expect((await db.get('members', 'mem-1'))?.seenAt).toBe(5_000);
  });
});

describe('offline guest answers', () => {
  beforeEach(freshCache);

  it('answers a customer page from cache, and a reservation page only if its owner was seen online', async () => {
    await rememberGuest(guestLoyalty(), { reservationId: 'res-1' });
    expect(await cachedGuestLoyalty('customer', 'cus-1')).toEqual(guestLoyalty());
    expect((await cachedGuestLoyalty('reservation', 'res-1'))?.guest.id).toBe('cus-1');
    expect(await cachedGuestLoyalty('reservation', 'res-unknown')).toBeNull();
    expect(await cachedGuestLoyalty('customer', 'cus-unknown')).toBeNull();
  });

  it('remembers a guest without memberships, and drops memberships a lookup no longer lists', async () => {
    await rememberGuest(guestLoyalty());
    await rememberGuest(guestLoyalty({ memberships: [] }));
    expect(await cachedGuestLoyalty('customer', 'cus-1')).toMatchObject({ memberships: [], guest: { id: 'cus-1' } });
    expect(await getMember('mem-1')).toBeNull();
  });
});

describe('purge and sign-out', () => {
  beforeEach(freshCache);

  it('purges members the proxy has not listed for 30 days, keeps the rest', async () => {
    const db = await cacheDb();
    const now = 100 * DAY;
    await writeSyncPage(db, EMPTY_META, { members: [member('old')], deleted: [], cursor: '1', hasMore: false }, now - 31 * DAY);
    await writeSyncPage(db, EMPTY_META, { members: [member('recent')], deleted: [], cursor: '2', hasMore: false }, now - 29 * DAY);
    expect(await purgeUnseen(30, now)).toEqual(['old']);
    expect((await allMembers()).map((m) => m.membership.id)).toEqual(['recent']);
    expect(await purgeUnseen(7, now)).toEqual(['recent']);
  });

  it('sign-out wipes the whole cache, even with the connection open', async () => {
    await rememberGuest(guestLoyalty(), { reservationId: 'res-1' });
    const db = await cacheDb();
    await db.add('outbox', { kind: 'adjust', accountId: 'cus-1', membershipId: 'mem-1', delta: 10, reason: 'bonus', idempotencyKey: 'k', createdAt: 'x', status: 'pending', attempts: 0 });
    const changes: MembersChange[] = [];
    onMembersChanged((change) => changes.push(change));
    await session.signOut();
    expect(changes.at(-1)).toMatchObject({ reset: true });
    expect(await allMembers()).toEqual([]);
    const fresh = await cacheDb();
    expect(await fresh.count('outbox')).toBe(0);
    expect(await fresh.count('reservations')).toBe(0);
    expect(await fresh.count('recentGuests')).toBe(0);
    await closeCache();
  });
});
