/**
 * Issue 19: a trace of the service worker (bench/tmp) showed each guest lookup spending ~3 ms of
 * the worker making a new ky client and ~2 ms reading the saved desk context from storage,
 * before its request left; on a busy desk the panel's question to the cache waited behind that.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createHandlers } from '@/lib/background/desk-handlers';
import { createProxyClient, type ProxyClientOptions } from '@/lib/background/proxy/proxy-client';
import { session } from '@/lib/background/store/session';
import { deskContext, guestLoyalty } from '../support/fixtures';
import { fakeProxy } from '../support/fake-proxy';
import { freshCache } from './store/support';

const PROXY = 'http://127.0.0.1:8787';

describe('what the worker does per request', () => {
  beforeEach(freshCache);

  it('makes the paired desk’s proxy client once, not once per request', async () => {
    const proxy = fakeProxy({
      'GET /v1/accounts/cus-1/loyalty': () => ({ status: 200, body: guestLoyalty() }),
      'GET /v1/context': () => ({ status: 200, body: deskContext() }),
    });
    const made: ProxyClientOptions[] = [];
    const handlers = createHandlers({
      createClient: (options) => {
        made.push(options);
        return createProxyClient({ ...options, fetch: proxy.fetch, timeoutMs: 500 });
      },
    });
    await session.save({ token: 'tok-1', device: deskContext().device, proxyUrl: PROXY, pairedAt: '2026-12-04T10:00:00Z' });
    for (let i = 0; i < 3; i++) expect((await handlers.getGuestLoyalty({ type: 'getGuestLoyalty', kind: 'customer', id: 'cus-1' })).ok).toBe(true);
    expect(made.filter((options) => options.token === 'tok-1')).toHaveLength(1);
    // Paired again (another token): a new client.
    await session.save({ token: 'tok-2', device: deskContext().device, proxyUrl: PROXY, pairedAt: '2026-12-04T11:00:00Z' });
    await handlers.getGuestLoyalty({ type: 'getGuestLoyalty', kind: 'customer', id: 'cus-1' });
    expect(made.filter((options) => options.token === 'tok-2')).toHaveLength(1);
  });

  it('reads the saved desk context from storage once, then from memory, and hears a change', async () => {
    await session.cacheContext(deskContext());
    let reads = 0;
    const get = fakeBrowser.storage.local.get.bind(fakeBrowser.storage.local);
    fakeBrowser.storage.local.get = ((keys: never) => {
      reads++;
      return get(keys);
    }) as typeof fakeBrowser.storage.local.get;
    for (let i = 0; i < 5; i++) expect((await session.cachedContext())?.enterprise.id).toBe(deskContext().enterprise.id);
    expect(reads).toBeLessThanOrEqual(1);
    await session.cacheContext({ ...deskContext(), enterprise: { ...deskContext().enterprise, id: 'ent-other' } });
    expect((await session.cachedContext())?.enterprise.id).toBe('ent-other');
  });
});
