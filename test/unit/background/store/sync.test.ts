import { beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '@/lib/contract/messages';
import { cacheDb, closeCache } from '@/lib/background/store/db';
import { allMembers, cachedMember, getMember, onMembersChanged } from '@/lib/background/store/members';
import { FULL_RESYNC_MS, readSyncMeta, syncMembers, syncStatus, type SyncPageWithEstimate } from '@/lib/background/store/sync';
import { fakeFeed, freshCache, member } from './support';

const run = (async () => ({ ok: true, data: null })) as never;

describe('member sync', () => {
  beforeEach(freshCache);

  it('first syncs everything with progress, then fetches only changes (updates and deletions)', async () => {
    const feed = fakeFeed(2);
    for (const id of ['a', 'b', 'c', 'd', 'e']) feed.upsert(member(id));
    const progress: unknown[] = [];
    const outcome = await syncMembers({
      run,
      page: async (_run, cursor) => {
        const meta = await readSyncMeta();
        progress.push(meta.full && { received: meta.full.received, total: meta.full.estimatedTotal });
        return feed.page(cursor);
      },
      now: () => 1_000,
    });
    expect(outcome).toMatchObject({ ok: true, pages: 3, members: 5 });
    // Before each page: what the options page would show.
    expect(progress).toEqual([
      { received: 0, total: null },
      { received: 2, total: 5 },
      { received: 4, total: 5 },
    ]);
    const after = await readSyncMeta();
    expect(after).toMatchObject({ cursor: '5', full: null, lastFullSyncAt: new Date(1_000).toISOString() });
    expect(await syncStatus(true)).toMatchObject({ phase: 'ready', cachedMembers: 5, outbox: { pending: 0, refused: 0 } });

    feed.upsert(member('b', { points: 999, updatedAt: '2026-03-03T00:00:00Z' }));
    feed.remove('c');
    feed.requests.length = 0;
    const delta = await syncMembers({ run, page: (_r, cursor) => feed.page(cursor), now: () => 2_000 });
    expect(delta).toMatchObject({ ok: true, pages: 1 });
    expect(feed.requests).toEqual(['5']);
    expect((await getMember('b'))?.membership.points).toBe(999);
    expect(await getMember('c')).toBeNull();
    expect((await readSyncMeta()).lastDeltaAt).toBe(new Date(2_000).toISOString());
  });

  it('resumes an interrupted full sync from the last written page, not from the start', async () => {
    const feed = fakeFeed(2);
    for (const id of ['a', 'b', 'c', 'd', 'e']) feed.upsert(member(id));
    let calls = 0;
    // The proxy goes away after the first page (or the worker dies: the same on disk).
    const failing = await syncMembers({
      run,
      page: async (_r, cursor): Promise<Result<SyncPageWithEstimate>> =>
        ++calls === 1 ? feed.page(cursor) : { ok: false, error: { kind: 'unreachable', message: 'Keycard server unreachable — try again.' } },
    });
    expect(failing).toMatchObject({ ok: false, pages: 1, error: { kind: 'unreachable' } });
    expect(await syncStatus(true)).toMatchObject({ phase: 'full', received: 2, estimatedTotal: 5, cachedMembers: 2 });

    // A new service worker: nothing from memory, only what IndexedDB holds.
    await closeCache();
    feed.requests.length = 0;
    const resumed = await syncMembers({ run, page: (_r, cursor) => feed.page(cursor) });
    expect(resumed).toMatchObject({ ok: true, members: 3 });
    expect(feed.requests[0]).toBe('2');
    expect((await allMembers()).length).toBe(5);
    expect((await readSyncMeta()).full).toBeNull();
  });

  it('a newly paired desk adds pages without reading first, yet keeps what a lookup wrote meanwhile', async () => {
    const feed = fakeFeed(2);
    for (const id of ['a', 'b', 'c', 'd', 'e']) feed.upsert(member(id));
    const changed: string[] = [];
    const stop = onMembersChanged(({ updated }) => changed.push(...updated));
    let pages = 0;
    await syncMembers({
      run,
      now: () => 5_000,
      page: async (_run, cursor) => {
        if (++pages === 2) {
          expect((await readSyncMeta()).full?.intoEmpty).toBe(true);
          // The desk opened guest c: the proxy's answer is newer than the page still to come.
          const fresher = member('c', { points: 777, updatedAt: '2026-03-05T00:00:00Z' });
          await (await cacheDb()).put('members', cachedMember(fresher.guest, fresher.membership, '2026-03-05T00:00:00Z', 1));
          // Guest a changed after the first page: the feed lists a again, later.
          feed.upsert(member('a', { points: 555, updatedAt: '2026-03-04T00:00:00Z' }));
        }
        return feed.page(cursor);
      },
    });
    stop();
    expect((await getMember('c'))?.membership.points).toBe(777);
    expect((await (await cacheDb()).get('members', 'c'))?.seenAt).toBe(5_000);
    expect((await getMember('a'))?.membership.points).toBe(555);
    expect((await allMembers()).map((record) => record.membership.id).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(changed.filter((id) => id === 'c')).toEqual([]);
    expect(changed.filter((id) => id === 'a')).toEqual(['a', 'a']);
  });

  it('a desk that already holds members reads before it writes (no blind adds)', async () => {
    const feed = fakeFeed(10);
    feed.upsert(member('a'));
    await syncMembers({ run, page: (_r, cursor) => feed.page(cursor), now: () => 1_000 });
    let intoEmpty: boolean | undefined;
    await syncMembers({
      run,
      now: () => 1_000 + FULL_RESYNC_MS + 1,
      page: async (_r, cursor) => {
        intoEmpty = (await readSyncMeta()).full?.intoEmpty;
        return feed.page(cursor);
      },
    });
    expect(intoEmpty).toBe(false);
  });

  it('runs a full sync again after a week, refreshing every member’s seen time', async () => {
    const feed = fakeFeed(10);
    feed.upsert(member('a'));
    await syncMembers({ run, page: (_r, cursor) => feed.page(cursor), now: () => 1_000 });
    feed.requests.length = 0;
    await syncMembers({ run, page: (_r, cursor) => feed.page(cursor), now: () => 1_000 + FULL_RESYNC_MS + 1 });
    expect(feed.requests).toEqual(['']);
    expect((await (await cacheDb()).get('members', 'a'))?.seenAt).toBe(1_000 + FULL_RESYNC_MS + 1);
  });

  it('joins a sync already running instead of starting a second one', async () => {
    const feed = fakeFeed(10);
    feed.upsert(member('a'));
    const deps = { run, page: (_r: unknown, cursor: string) => feed.page(cursor) } as Parameters<typeof syncMembers>[0];
    const [one, two] = [syncMembers(deps), syncMembers(deps)];
    expect(one).toBe(two);
    await one;
    expect(feed.requests).toEqual(['']);
  });
});
