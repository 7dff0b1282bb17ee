import { effect } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PanelModel } from '@/lib/models/panel-model';
import { QuickSearchModel } from '@/lib/models/quick-search';
import { SyncProgressModel } from '@/lib/models/sync-progress';
import { UndoWindowModel } from '@/lib/models/undo-window';
import { adjustment, deskContext, deskStatus, guestLoyalty, ok, scriptedSend } from '../support/fixtures';

const CUSTOMER = { kind: 'customer' as const, id: 'cus-1', enterpriseId: 'ent-1', patternName: 'customer-detail' };

async function settle() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

afterEach(() => vi.useRealTimers());

describe('models own their effects and timers', () => {
  it('the undo offer runs out by itself, and dispose stops its timer', () => {
    vi.useFakeTimers();
    const undo = new UndoWindowModel(1_000);
    undo.offer({ adjustment: adjustment(), summary: '+250 points added.' });
    vi.advanceTimersByTime(999);
    expect(undo.current.value?.summary).toBe('+250 points added.');
    vi.advanceTimersByTime(1);
    expect(undo.current.value).toBeNull();

    undo.offer({ adjustment: adjustment(), summary: 'again' });
    expect(vi.getTimerCount()).toBe(1);
    undo[Symbol.dispose]();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('disposing the panel stops its live refresh and drops an answer still on its way', async () => {
    vi.useFakeTimers();
    let release: (value: ReturnType<typeof ok>) => void = () => {};
    let loads = 0;
    const { send } = scriptedSend({
      getContext: () => ok(deskContext()),
      getGuestLoyalty: (message) =>
        message.cacheOnly ? { ok: false, error: { kind: 'notFound', message: 'Not cached.' } } : ++loads === 1 ? ok(guestLoyalty()) : new Promise((resolve) => (release = resolve as typeof release)),
    });
    const panel = new PanelModel({ send, locale: 'en-US', pollMs: 100 });
    panel.showPage(CUSTOMER);
    await settle();
    expect(panel.status.value).toBe('ready');
    await vi.advanceTimersByTimeAsync(100);
    expect(loads).toBe(2);

    panel[Symbol.dispose]();
    release(ok(guestLoyalty({ memberships: [] })));
    await settle();
    expect(panel.memberships.value).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(loads).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the popup disposes its detail panel and its pending proxy search with it', async () => {
    vi.useFakeTimers();
    const { send, calls } = scriptedSend({
      searchMembers: (message) => ok({ query: message.query, results: [], cachedMembers: 0 }),
      getContext: () => ok(deskContext()),
      getGuestLoyalty: () => ok(guestLoyalty()),
    });
    const search = new QuickSearchModel({ send, openTab: () => {}, close: () => {}, debounceMs: 50 });
    search.detailPanel.show(CUSTOMER);
    // The detail's panel loads with the first detail shown (lib/models/member-detail.ts).
    await vi.dynamicImportSettled();
    expect(search.detailPanel.panel.value).not.toBeNull();
    search.setQuery('nova');
    expect(vi.getTimerCount()).toBeGreaterThan(1);
    search[Symbol.dispose]();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls.some((call) => call.type === 'searchMembersOnline')).toBe(false);
  });

  it('sync progress polls while watched and stops when disposed', async () => {
    vi.useFakeTimers();
    const { send, calls } = scriptedSend({ getSyncStatus: () => ok(null as never) });
    const sync = new SyncProgressModel({ send });
    sync.watch();
    await vi.advanceTimersByTimeAsync(2_000);
    const asked = calls.length;
    expect(asked).toBeGreaterThanOrEqual(2);
    sync[Symbol.dispose]();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(calls.length).toBe(asked);
  });
});

describe('models compose through actions', () => {
  it('an action is one batch: showing another guest changes the panel in one step', async () => {
    const { send } = scriptedSend({
      getStatus: () => ok(deskStatus()),
      getContext: () => ok(deskContext()),
      getGuestLoyalty: () => ok(guestLoyalty()),
    });
    const panel = new PanelModel({ send, locale: 'en-US', pollMs: 0 });
    panel.showPage(CUSTOMER);
    await settle();
    panel.openAdjust('mem-1');
    const seen: string[] = [];
    const stop = effect(() => void seen.push(`${panel.status.value}:${panel.form.membershipId.value ?? '-'}`));
    panel.showPage({ ...CUSTOMER, id: 'cus-2' });
    stop();
    // No state where the old guest's form is open on the new guest's page, nor the reverse.
    expect(seen).toEqual(['ready:mem-1', 'loading:-']);
    panel[Symbol.dispose]();
  });
});
