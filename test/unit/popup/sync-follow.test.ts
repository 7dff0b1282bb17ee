import { signal } from '@preact/signals';
import { describe, expect, it, vi } from 'vitest';
import { followSync } from '@/lib/models/sync-follow';
import type { SearchHome } from '@/lib/contract/member-search';
import type { SyncStatus } from '@/lib/contract/desk-cache';
import type { Send } from '@/lib/contract/messages';

const syncing = (): SearchHome => ({ paired: true, mewsOperationsUrl: null, recent: [], sync: { cachedMembers: 0, lastSyncAt: null, syncing: true } });
const ready: SyncStatus = {
  paired: true, phase: 'ready', running: false, cachedMembers: 40, received: 40, estimatedTotal: null,
  lastFullSyncAt: '2026-03-02T11:04:00Z', lastDeltaAt: '2026-03-02T11:05:30Z', lastError: null, outbox: { pending: 0, refused: 0 }, timeZone: null,
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('the popup following the sync', () => {
  it('a send that throws (the worker stopping) is one missed ask, not the end of following', async () => {
    const home = signal<SearchHome | null>(syncing());
    const send = vi.fn()
      .mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'))
      .mockResolvedValue({ ok: true, data: ready }) as unknown as Send;
    const stop = followSync(home, send, 2);
    await settle();
    stop();
    // The later of the full sync and the last delta.
    expect(home.value?.sync).toEqual({ cachedMembers: 40, lastSyncAt: '2026-03-02T11:05:30Z', syncing: false });
  });

  it('asks nothing after it is stopped, nor for a desk that is not paired', async () => {
    const home = signal<SearchHome | null>(syncing());
    const send = vi.fn(async () => ({ ok: true, data: { ...ready, phase: 'full' } })) as unknown as Send;
    followSync(home, send, 2)();
    const unpaired = signal<SearchHome | null>({ ...syncing(), paired: false });
    followSync(unpaired, send, 2);
    await settle();
    expect(send).not.toHaveBeenCalled();
  });
});
