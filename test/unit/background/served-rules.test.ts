/**
 * Issue 16 item 3: the proxy's guest-page rules and kill switch reach the content scripts, which
 * may not message the background, through `storage.local`; the background asks again every
 * `contextRefreshSeconds` (≤ 60 s) so `panel off` reaches every desk within a minute.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandlers } from '@/lib/background/desk-handlers';
import { createProxyClient } from '@/lib/background/proxy/proxy-client';
import { keepContextFresh } from '@/lib/background/store/context-refresh';
import { DEFAULT_GUEST_PAGES } from '@/lib/contract/guest-pages';
import { readServedRules, SERVED_RULES_KEY, SHIPPED_RULES } from '@/lib/host/served-rules';
import { deskContext } from '../support/fixtures';
import { fakeProxy } from '../support/fake-proxy';
import { freshCache } from './store/support';

const PROFILE_2027 = { name: 'profile-2027', pattern: '/Commander/:enterpriseId/Guests/Profile/:customerId', kind: 'customer' as const };
const device = deskContext().device;
const stored = async () => (await fakeBrowser.storage.local.get('hostRules')).hostRules;

describe('served rules', () => {
  beforeEach(freshCache);
  afterEach(() => vi.useRealTimers());

  it('a fresh context hands the rules and the kill switch to storage the content script reads', async () => {
    let served = deskContext({ guestPages: [PROFILE_2027], panelEnabled: false });
    const proxy = fakeProxy({
      'POST /v1/pair': () => ({ status: 201, body: { token: 'tok-1', device } }),
      'GET /v1/context': () => ({ status: 200, body: served }),
    });
    const handlers = createHandlers({ createClient: (options) => createProxyClient({ ...options, fetch: proxy.fetch, timeoutMs: 500 }), readPolicy: async () => ({ proxyUrl: null }) });
    await handlers.pair({ type: 'pair', proxyUrl: 'http://127.0.0.1:8787', code: 'ABCD-1234' });
    expect(SERVED_RULES_KEY).toBe('local:hostRules');

    await handlers.getContext({ type: 'getContext', refresh: true });
    expect(readServedRules(await stored())).toEqual({ guestPages: [PROFILE_2027], panelEnabled: false });

    served = deskContext({ panelEnabled: true });
    await handlers.getContext({ type: 'getContext', refresh: true });
    expect(readServedRules(await stored())).toEqual({ guestPages: DEFAULT_GUEST_PAGES, panelEnabled: true });

    await handlers.signOut({ type: 'signOut' });
    expect(await stored()).toBeUndefined();
  });

  it('takes only good rules: anything else leaves the shipped ones, and only `false` turns the panel off', () => {
    expect(readServedRules(null)).toEqual(SHIPPED_RULES);
    expect(readServedRules({ guestPages: [{ name: 'x', pattern: '/:customerId', kind: 'customer' }], panelEnabled: 'no' })).toEqual(SHIPPED_RULES);
    expect(readServedRules({ guestPages: [{ ...PROFILE_2027, extra: '<b>' }] }).guestPages).toEqual([PROFILE_2027]);
  });

  it('asks again after the period the proxy gives, never later than a minute', async () => {
    vi.useFakeTimers();
    let seconds: number | undefined = 2;
    const refresh = vi.fn(async () => ({ ok: true as const, data: deskContext({ contextRefreshSeconds: seconds }) }));
    const refresher = keepContextFresh(refresh);
    await vi.advanceTimersByTimeAsync(0);
    expect(refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(refresh).toHaveBeenCalledTimes(2);
    seconds = undefined; // an older proxy: the promised minute
    await vi.advanceTimersByTimeAsync(2_000);
    expect(refresh).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(refresh).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(refresh).toHaveBeenCalledTimes(4);
    refresher.now(); // just paired: at once, and the period starts over
    await vi.advanceTimersByTimeAsync(0);
    expect(refresh).toHaveBeenCalledTimes(5);
    refresher.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(refresh).toHaveBeenCalledTimes(5);
  });
});
