/**
 * Issue 18 item 3: every open Keycard page hears at once when the desk is paired, signed out or
 * revoked (the background tells them), and a revoked desk says an administrator revoked it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '@/lib/background/desk-handlers';
import { createProxyClient } from '@/lib/background/proxy/proxy-client';
import { listenForMessages } from '@/lib/background/router';
import { onSessionChange, sendToBackground } from '@/lib/models/send-to-background';
import { deskContext } from '../support/fixtures';
import { fakeProxy, problem } from '../support/fake-proxy';
import { freshCache } from './store/support';

const REVOKED = 'This desk was revoked by an administrator. Ask a manager for a new pairing code.';

function startBackground(routes: Parameters<typeof fakeProxy>[0]) {
  const proxy = fakeProxy({ 'POST /v1/pair': () => ({ status: 201, body: { token: 'tok-1', device: deskContext().device } }), ...routes });
  listenForMessages(createHandlers({ createClient: (options) => createProxyClient({ ...options, fetch: proxy.fetch, timeoutMs: 500 }) }));
  let heard = 0;
  onSessionChange(() => void heard++, 'chrome-extension://test-extension-id/');
  return { heard: () => heard };
}

const pair = () => sendToBackground({ type: 'pair', proxyUrl: 'http://127.0.0.1:8787', code: 'ABCD-1234' });

describe('the session, told to every open page', () => {
  beforeEach(freshCache);

  it('pairing and signing out are each announced once', async () => {
    const pages = startBackground({});
    await pair();
    expect(pages.heard()).toBe(1);
    await sendToBackground({ type: 'signOut' });
    expect(pages.heard()).toBe(2);
  });

  it('a revoked device is announced, and every later ask says an administrator revoked it', async () => {
    const revoked = () => ({ status: 401, body: problem(401, 'Unauthorized', REVOKED, { type: 'https://keycard.dev/problems/device-revoked' }) });
    const pages = startBackground({ 'GET /v1/context': revoked });
    await pair();
    const first = await sendToBackground({ type: 'getContext', refresh: true });
    expect(first).toMatchObject({ ok: false, error: { kind: 'unauthorized', message: REVOKED } });
    expect(pages.heard()).toBe(2);
    const later = await sendToBackground({ type: 'getGuestLoyalty', kind: 'customer', id: 'cus-1' });
    expect(later).toMatchObject({ ok: false, error: { kind: 'unauthorized', message: REVOKED } });
    // Pairing again starts afresh.
    await pair();
    const status = await sendToBackground({ type: 'getStatus' });
    expect(status.ok && status.data).toMatchObject({ paired: true, lastError: null });
  });
});
