/**
 * The bulk first download: a full sync stores each block of members as one IndexedDB record
 * (not one row per member), the desk reads them from the first block on, and the later
 * incremental syncs (rows, `/v1/sync`) change and delete block members.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { MemberRecord } from '@/lib/contract';
import type { Result } from '@/lib/contract/messages';
import { CACHE_DATABASE, cacheDb, closeCache, openCacheAt } from '@/lib/background/store/db';
import { allMembers, cachedGuestLoyalty, cachedMember, countMembers, getMember, onMembersChanged, purgeUnseen, rememberGuest } from '@/lib/background/store/members';
import { readSyncMeta, syncMembers, syncStatus, type SyncPageWithEstimate } from '@/lib/background/store/sync';
import { offlineMemberSource } from '@/lib/background/search/offline-source';
import type { MemberChange } from '@/lib/background/search/member-source';
import { fakeFeed, freshCache, member } from './support';

const run = (async () => ({ ok: true, data: null })) as never;
const ids = async () => (await allMembers()).map((r) => r.membership.id).sort();

describe('bulk first download into member blocks', () => {
  beforeEach(freshCache);

  it('stores a first sync as one record per block, every member readable, then deltas by page', async () => {
    const feed = fakeFeed(2, 3);
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) feed.upsert(member(id, { accountId: id === 'g' ? 'cus-a' : undefined }));
    const outcome = await syncMembers({ run, page: (_r, c) => feed.page(c), block: (_r, c) => feed.block(c), now: () => 1_000 });
    expect(outcome).toMatchObject({ ok: true, pages: 3, members: 7 });
    expect(feed.requests).toEqual(['block:', 'block:3', 'block:6']);
    const db = await cacheDb();
    expect(await db.count('members')).toBe(0);
    expect(await db.count('memberBlocks')).toBe(3);
    expect(await ids()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(await countMembers()).toBe(7);
    expect((await getMember('e'))?.guest.lastName).toBe('e');
    const guest = await cachedGuestLoyalty('customer', 'cus-a');
    expect(guest?.memberships.map((m) => m.id).sort()).toEqual(['a', 'g']);
    expect(await syncStatus(true)).toMatchObject({ phase: 'ready', cachedMembers: 7 });
    expect((await readSyncMeta()).cursor).toBe('7');

    // Later: the incremental sync walks /v1/sync from the last block's cursor.
    feed.upsert(member('b', { points: 999, updatedAt: '2026-03-03T00:00:00Z' }));
    feed.remove('c');
    feed.requests.length = 0;
    const changes: unknown[] = [];
    const stop = onMembersChanged((change) => changes.push(change));
    await syncMembers({ run, page: (_r, c) => feed.page(c), block: (_r, c) => feed.block(c), now: () => 2_000 });
    stop();
    expect(feed.requests).toEqual(['7']);
    expect((await getMember('b'))?.membership.points).toBe(999);
    expect(await getMember('c')).toBeNull();
    expect(await ids()).toEqual(['a', 'b', 'd', 'e', 'f', 'g']);
    expect(await countMembers()).toBe(6);
    expect(changes).toEqual([{ updated: ['b'], deleted: ['c'] }]);

    // A lookup that no longer lists a block member drops it too.
    await rememberGuest({ guest: member('a').guest, memberships: [member('a').membership], asOf: '2026-03-04T00:00:00Z' });
    expect((await cachedGuestLoyalty('customer', 'cus-a'))?.memberships.map((m) => m.id)).toEqual(['a']);
    expect(await ids()).toEqual(['a', 'b', 'd', 'e', 'f']);
  });

  it('is usable from the first block on, and resumes with the next block after an interruption', async () => {
    const feed = fakeFeed(2, 3);
    for (const id of ['a', 'b', 'c', 'd', 'e']) feed.upsert(member(id));
    const notices: unknown[] = [];
    const stop = onMembersChanged((change) => notices.push(change));
    let calls = 0;
    const failing = await syncMembers({
      run,
      page: (_r, c) => feed.page(c),
      block: async (_r, c): Promise<Result<SyncPageWithEstimate>> =>
        ++calls === 1 ? feed.block(c) : { ok: false, error: { kind: 'unreachable', message: 'Keycard server unreachable — try again.' } },
    });
    stop();
    expect(failing).toMatchObject({ ok: false, pages: 1 });
    expect(notices).toEqual([{ updated: ['a', 'b', 'c'], deleted: [] }]);
    expect(await ids()).toEqual(['a', 'b', 'c']);
    expect(await syncStatus(true)).toMatchObject({ phase: 'full', received: 3, estimatedTotal: 5, cachedMembers: 3 });
    await closeCache(); // the worker dies: only what is on disk remains
    feed.requests.length = 0;
    await syncMembers({ run, page: (_r, c) => feed.page(c), block: (_r, c) => feed.block(c) });
    expect(feed.requests).toEqual(['block:3']);
    expect(await ids()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it("feeds the popup's search index each block as it lands, and the members an incremental sync changes", async () => {
    const feed = fakeFeed(2, 3);
    for (const id of ['a', 'b', 'c', 'd']) feed.upsert(member(id));
    const source = offlineMemberSource();
    const seen: MemberChange[] = [];
    const stop = source.onChange((change) => seen.push(change));
    await syncMembers({ run, page: (_r, c) => feed.page(c), block: (_r, c) => feed.block(c) });
    feed.upsert(member('d', { points: 5, updatedAt: '2026-03-05T00:00:00Z' }));
    await syncMembers({ run, page: (_r, c) => feed.page(c), block: (_r, c) => feed.block(c) });
    await new Promise((resolve) => setTimeout(resolve, 20)); // the source reads changed members in order
    stop();
    expect(seen.map((change) => change.upserted?.map((r) => `${r.membership.id}:${r.membership.points}`))).toEqual([
      ['a:100', 'b:100', 'c:100'],
      ['d:100'],
      ['d:5'],
    ]);
    expect([...((await source.all()) as MemberRecord[])].map((r) => r.membership.id).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('purging an old row keeps the member a block still lists, and tells the search index to re-read it', async () => {
    const feed = fakeFeed(2, 3);
    feed.upsert(member('a'));
    await syncMembers({ run, page: (_r, c) => feed.page(c), block: (_r, c) => feed.block(c), now: () => 40 * 86_400_000 });
    await (await cacheDb()).put('members', cachedMember(member('a').guest, member('a').membership, '2026-01-01T00:00:00Z', 0));
    const notices: unknown[] = [];
    const stop = onMembersChanged((change) => notices.push(change));
    expect(await purgeUnseen(30, 40 * 86_400_000)).toEqual(['a']);
    stop();
    expect(notices).toEqual([{ updated: ['a'], deleted: [] }]);
    expect((await getMember('a'))?.membership.id).toBe('a');
  });

  it('a weekly full sync replaces the blocks: members gone from the proxy leave, fresher rows stay', async () => {
    const feed = fakeFeed(2, 2);
    for (const id of ['a', 'b', 'c']) feed.upsert(member(id));
    let now = 1_000;
    const sync = () => syncMembers({ run, page: (_r, c) => feed.page(c), block: (_r, c) => feed.block(c), now: () => now });
    await sync();
    feed.forget('c'); // deleted while this desk missed the delta
    now += 8 * 86_400_000;
    await sync();
    expect(await ids()).toEqual(['a', 'b']);
    expect(await (await cacheDb()).count('memberBlocks')).toBe(1);
  });

  it('upgrades a v3 cache keeping its member rows, with an empty block store beside them', async () => {
    const old = await openCacheAt(3, CACHE_DATABASE);
    await old.put('members', cachedMember(member('a').guest, member('a').membership, '2026-03-01T00:00:00Z', 1));
    old.close();
    await closeCache();
    const db = await cacheDb();
    expect(await db.count('memberBlocks')).toBe(0);
    expect(await ids()).toEqual(['a']);
  });
});
