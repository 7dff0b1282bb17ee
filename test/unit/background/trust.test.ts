/**
 * What the background trusts: which senders may ask it what, where the device token lives
 * (out of reach of content scripts, which share `storage.local` with the extension), and
 * that a failed pairing changes nothing the desk had saved.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '@/lib/background/desk-handlers';
import { createProxyClient } from '@/lib/background/proxy/proxy-client';
import { listenForMessages, type MessageEvent } from '@/lib/background/router';
import { session } from '@/lib/background/store/session';
import { deskContext, guestLoyalty } from '../support/fixtures';
import { fakeProxy, problem } from '../support/fake-proxy';
import { freshCache } from './store/support';

const device = deskContext().device;
const MEWS_PAGE = 'https://app.mews.com/Commander/ent-1/Customer/Detail/cus-1';

/** The background wired to a fake proxy, and a way to ask it as any sender. */
function background() {
  const proxy = fakeProxy({
    'POST /v1/pair': (request) =>
      (request.body as { code: string }).code === 'GOOD-CODE'
        ? { status: 201, body: { token: 'tok-secret', device } }
        : { status: 400, body: problem(400, 'Invalid pairing code', 'No such pairing code. Ask for a new one.') },
    'GET /v1/accounts/cus-1/loyalty': () => ({ status: 200, body: guestLoyalty() }),
  });
  let listener: Parameters<MessageEvent['addListener']>[0] | undefined;
  const event: MessageEvent = { addListener: (added) => void (listener = added), removeListener: () => undefined };
  listenForMessages(createHandlers({ createClient: (options) => createProxyClient({ ...options, fetch: proxy.fetch }), readPolicy: async () => ({ proxyUrl: null }) }), event);
  const ask = (message: unknown, sender: Record<string, unknown>) =>
    new Promise<unknown>((resolve) => {
      if (listener!(message, sender, resolve) !== true) resolve(undefined);
    });
  return { proxy, ask };
}

const extensionPage = (path: string, tab?: number) => ({
  id: fakeBrowser.runtime.id,
  url: fakeBrowser.runtime.getURL(path as '/'),
  ...(tab === undefined ? {} : { tab: { id: tab }, frameId: 3 }),
});
const contentScript = { id: 'test-extension-id', url: MEWS_PAGE, tab: { id: 7 }, frameId: 0 };
const pair = (proxyUrl: string, code: string) => ({ type: 'pair', proxyUrl, code, deviceName: 'Desk 1' });

describe('the background’s sender rule', () => {
  beforeEach(freshCache);

  it('refuses a content script every request: pairing, signing out, adjusting, reading', async () => {
    const { proxy, ask } = background();
    await ask(pair('http://127.0.0.1:8787', 'GOOD-CODE'), extensionPage('/options.html'));
    const asked = proxy.seen.length;
    for (const message of [
      pair('http://attacker.invalid', 'GOOD-CODE'),
      { type: 'signOut', discardQueued: true },
      { type: 'adjustPoints', membershipId: 'mem-1', delta: 500, reason: 'bonus', idempotencyKey: 'k-1' },
      { type: 'getGuestLoyalty', kind: 'customer', id: 'cus-1' },
      { type: 'getStatus' },
    ]) {
      expect(await ask(message, contentScript), message.type).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    }
    expect(proxy.seen).toHaveLength(asked);
    expect(await session.get()).toMatchObject({ token: 'tok-secret', proxyUrl: 'http://127.0.0.1:8787' });
    expect((await session.settings()).proxyUrl).toBe('http://127.0.0.1:8787');
  });

  it('answers Keycard’s own pages, the panel’s frame inside a Mews tab among them', async () => {
    const { ask } = background();
    expect(await ask(pair('http://127.0.0.1:8787', 'GOOD-CODE'), extensionPage('/options.html'))).toMatchObject({ ok: true });
    const lookup = { type: 'getGuestLoyalty', kind: 'customer', id: 'cus-1' };
    expect(await ask(lookup, extensionPage('/panel-frame.html', 7))).toMatchObject({ ok: true, data: { memberships: [{ points: 12345 }] } });
    expect(await ask({ type: 'getStatus' }, extensionPage('/popup.html'))).toMatchObject({ ok: true, data: { paired: true } });
  });

  it('refuses a sender with no address, or a page of another extension', async () => {
    const { ask } = background();
    expect(await ask({ type: 'getStatus' }, { id: fakeBrowser.runtime.id })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    const elsewhere = { id: fakeBrowser.runtime.id, url: 'chrome-extension://another-extension/options.html' };
    expect(await ask({ type: 'getStatus' }, elsewhere)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
  });
});

describe('pairing changes nothing unless it succeeds', () => {
  beforeEach(freshCache);

  it('a refused pairing keeps the proxy URL and device name saved by the last good one', async () => {
    const { ask } = background();
    await ask(pair('http://127.0.0.1:8787/', 'GOOD-CODE'), extensionPage('/options.html'));
    const refused = await ask({ ...pair('https://elsewhere.example', 'BAD-CODE'), deviceName: 'Other' }, extensionPage('/options.html'));
    expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid', message: 'No such pairing code. Ask for a new one.' } });
    expect(await session.settings()).toEqual({ proxyUrl: 'http://127.0.0.1:8787', deviceName: 'Desk 1' });
  });

  it('a pairing that cannot reach its proxy saves nothing on a new browser either', async () => {
    const { ask } = background();
    await ask(pair('http://unreachable.invalid', 'BAD-CODE'), extensionPage('/options.html'));
    expect(await fakeBrowser.storage.local.get('settings')).toEqual({});
  });
});

describe('the device token', () => {
  beforeEach(freshCache);

  it('is kept out of storage.local, which content scripts can read', async () => {
    const { ask } = background();
    await ask(pair('http://127.0.0.1:8787', 'GOOD-CODE'), extensionPage('/options.html'));
    expect(await session.get()).toMatchObject({ token: 'tok-secret' });
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('tok-secret');
  });

  it('an older version’s token moves out of storage.local into the background’s own store', async () => {
    const legacy = { token: 'tok-old', device, proxyUrl: 'http://127.0.0.1:8787', pairedAt: '2026-01-01T00:00:00.000Z' };
    await fakeBrowser.storage.local.set({ session: legacy });
    expect(await session.get()).toEqual(legacy);
    expect(await fakeBrowser.storage.local.get('session')).toEqual({});
    expect(await session.get()).toEqual(legacy);
    await session.signOut();
    expect(await session.get()).toBeNull();
  });
});
