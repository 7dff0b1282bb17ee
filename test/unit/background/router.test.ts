import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandlers } from '@/lib/background/desk-handlers';
import { createProxyClient } from '@/lib/background/proxy/proxy-client';
import { listenForMessages, route } from '@/lib/background/router';
import { session } from '@/lib/background/store/session';
import { sendToBackground } from '@/lib/models/send-to-background';
import { adjustment, deskContext, guestLoyalty, membership, stay } from '../support/fixtures';
import { fakeProxy, problem } from '../support/fake-proxy';
import { freshCache } from './store/support';
import { rememberGuest } from '@/lib/background/store/members';

const PROXY = 'http://127.0.0.1:8787';
const device = deskContext().device;

function start(routes: Parameters<typeof fakeProxy>[0], policy: { proxyUrl: string | null } = { proxyUrl: null }) {
  const proxy = fakeProxy(routes);
  const opened: string[] = [];
  const handlers = createHandlers({
    createClient: (options) => createProxyClient({ ...options, fetch: proxy.fetch, timeoutMs: 500 }),
    readPolicy: async () => policy,
    openOptionsPage: async () => void opened.push('options'),
  });
  const stop = listenForMessages(handlers);
  return { proxy, handlers, opened, stop };
}

async function pairDesk() {
  return sendToBackground({ type: 'pair', proxyUrl: `${PROXY}/`, code: 'ABCD-1234' });
}

const pairRoute = { 'POST /v1/pair': () => ({ status: 201, body: { token: 'tok-1', device } }) };

describe('background message routing', () => {
  beforeEach(freshCache);

  it('answers getStatus for an unpaired browser with the default proxy', async () => {
    start({});
    const status = await sendToBackground({ type: 'getStatus' });
    expect(status).toEqual({
      ok: true,
      data: {
        paired: false,
        proxyUrl: PROXY,
        proxyUrlFromPolicy: false,
        deviceName: '',
        device: null,
        lastError: null,
        panelCollapsed: false,
        panelSide: 'right',
      },
    });
  });

  it('pairs: sends the code, keeps the token in the background’s own store, reports the device', async () => {
    const { proxy } = start(pairRoute);
    const result = await pairDesk();
    expect(result.ok && result.data).toMatchObject({ paired: true, proxyUrl: PROXY, device: { name: 'Desk 1', role: 'desk' } });
    // Only the code: the proxy names the device as the code was minted (issue 17 #6).
    expect(proxy.seen[0]).toMatchObject({ method: 'POST', path: '/v1/pair' });
    expect(proxy.seen[0]!.body).toEqual({ code: 'ABCD-1234' });
    expect(proxy.seen[0]!.headers.authorization).toBeUndefined();
    expect(await session.get()).toMatchObject({ token: 'tok-1', proxyUrl: PROXY });
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('tok-1');
  });

  it('refuses a bad pairing code with the proxy’s words', async () => {
    start({ 'POST /v1/pair': () => ({ status: 410, body: problem(410, 'Pairing code no longer valid', 'This code was already used.') }) });
    const result = await pairDesk();
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid', message: 'This code was already used.' } });
    expect(await session.get()).toBeNull();
  });

  it('uses the policy proxy URL whatever the form says', async () => {
    const { proxy } = start(
      { 'POST /v1/pair': () => ({ status: 201, body: { token: 't', device } }) },
      { proxyUrl: 'https://keycard.hotel.example' },
    );
    const status = await sendToBackground({ type: 'getStatus' });
    expect(status.ok && status.data).toMatchObject({ proxyUrl: 'https://keycard.hotel.example', proxyUrlFromPolicy: true });
    const paired = await pairDesk();
    expect(paired.ok && paired.data.proxyUrl).toBe('https://keycard.hotel.example');
    expect(proxy.seen.map((request) => request.origin)).toEqual(['https://keycard.hotel.example']);
  });

  it('fetches a guest’s loyalty with the device token, by customer or by reservation', async () => {
    const { proxy } = start({
      ...pairRoute,
      'GET /v1/accounts/cus-1/loyalty': () => ({ status: 200, body: guestLoyalty() }),
      'GET /v1/reservations/res-4/loyalty': () => ({ status: 200, body: guestLoyalty() }),
    });
    await pairDesk();
    const byCustomer = await sendToBackground({ type: 'getGuestLoyalty', kind: 'customer', id: 'cus-1' });
    expect(byCustomer.ok && byCustomer.data.memberships[0]!.points).toBe(12345);
    const byReservation = await sendToBackground({ type: 'getGuestLoyalty', kind: 'reservation', id: 'res-4' });
    expect(byReservation.ok).toBe(true);
    expect(proxy.seen.slice(1).map((request) => [request.path, request.headers.authorization])).toEqual([
      ['/v1/accounts/cus-1/loyalty', 'Bearer tok-1'],
      ['/v1/reservations/res-4/loyalty', 'Bearer tok-1'],
    ]);
  });

  it('fetches a reservation’s stay from the proxy only: never from a cache', async () => {
    let down = false;
    const { proxy } = start({ ...pairRoute, 'GET /v1/reservations/res-4/stay': () => (down ? 'network-down' : { status: 200, body: stay() }) });
    await pairDesk();
    const fresh = await sendToBackground({ type: 'getStay', reservationId: 'res-4' });
    expect(fresh.ok && fresh.data.programs[0]!.estimate).toBe(120);
    expect(proxy.seen.at(-1)).toMatchObject({ method: 'GET', path: '/v1/reservations/res-4/stay', headers: { authorization: 'Bearer tok-1' } });
    down = true;
    expect(await sendToBackground({ type: 'getStay', reservationId: 'res-4' })).toMatchObject({ ok: false, error: { kind: 'unreachable' } });
    expect(await sendToBackground({ type: 'getStay', reservationId: ' ' })).toMatchObject({ ok: false, error: { kind: 'invalid' } });
  });

  it('answers unauthorized before pairing, without calling the proxy', async () => {
    const { proxy } = start({});
    const result = await sendToBackground({ type: 'getGuestLoyalty', kind: 'customer', id: 'cus-1' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    expect(proxy.seen).toHaveLength(0);
  });

  it('reports an unreachable proxy as a value, retrying the read once', async () => {
    const { proxy } = start({ ...pairRoute, 'GET /v1/context': () => 'network-down' });
    await pairDesk();
    const result = await sendToBackground({ type: 'getContext' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unreachable', message: 'Keycard server unreachable — try again.' } });
    expect(proxy.seen.filter((request) => request.path === '/v1/context')).toHaveLength(2);
    const status = await sendToBackground({ type: 'getStatus' });
    expect(status.ok && status.data.lastError?.kind).toBe('unreachable');
  });

  it('caches the desk context until asked to refresh', async () => {
    const { proxy } = start({ ...pairRoute, 'GET /v1/context': () => ({ status: 200, body: deskContext() }) });
    await pairDesk();
    await sendToBackground({ type: 'getContext' });
    const cached = await sendToBackground({ type: 'getContext' });
    expect(cached.ok && cached.data.enterprise.timeZone).toBe('Europe/Prague');
    expect(proxy.seen.filter((request) => request.path === '/v1/context')).toHaveLength(1);
    await sendToBackground({ type: 'getContext', refresh: true });
    expect(proxy.seen.filter((request) => request.path === '/v1/context')).toHaveLength(2);
  });

  it('answers from the saved context at once once the short cache expired, and refreshes behind it', async () => {
    let calls = 0;
    const { proxy } = start({
      ...pairRoute,
      'GET /v1/context': () => (++calls === 1 ? { status: 200, body: deskContext() } : 'network-down'),
    });
    await pairDesk();
    await sendToBackground({ type: 'getContext' });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 11 * 60_000);
    const result = await sendToBackground({ type: 'getContext' });
    const askedBeforeAnswer = proxy.seen.filter((request) => request.path === '/v1/context').length;
    vi.useRealTimers();
    expect(result.ok && result.data.enterprise.timeZone).toBe('Europe/Prague');
    // Waiting on the proxy first would have meant its attempt and its retry (3 requests).
    expect(askedBeforeAnswer).toBeLessThanOrEqual(2);
    await vi.waitFor(() => expect(proxy.seen.filter((request) => request.path === '/v1/context').length).toBeGreaterThan(1));
  });

  it('enrolls with an Idempotency-Key and reports a conflict with the existing membership', async () => {
    const existing = membership();
    const { proxy } = start({
      ...pairRoute,
      'POST /v1/memberships': (request) =>
        request.headers['idempotency-key'] === 'key-1'
          ? { status: 201, body: membership({ id: 'mem-new' }) }
          : { status: 409, body: problem(409, 'Already a member', 'Jana is already a member of Keycard Rewards.', { membership: existing }) },
    });
    await pairDesk();
    const created = await sendToBackground({ type: 'enroll', accountId: 'cus-1', programId: 'prog-1', idempotencyKey: 'key-1' });
    expect(created.ok && !created.data.queued && created.data.id).toBe('mem-new');
    expect(proxy.seen[1]).toMatchObject({ body: { accountId: 'cus-1', programId: 'prog-1' }, headers: { 'idempotency-key': 'key-1' } });
    const conflict = await sendToBackground({ type: 'enroll', accountId: 'cus-1', programId: 'prog-1', idempotencyKey: 'key-2' });
    expect(conflict).toMatchObject({
      ok: false,
      error: { kind: 'conflict', message: 'Jana is already a member of Keycard Rewards.', problem: { membership: { id: 'mem-1' } } },
    });
    // A write is never retried by the client: one request per attempt.
    expect(proxy.seen.filter((request) => request.path === '/v1/memberships')).toHaveLength(2);
  });

  it('adjusts points: validates at the edge, then posts delta, reason and note', async () => {
    const { proxy } = start({
      ...pairRoute,
      'POST /v1/memberships/mem-1/adjustments': () => ({
        status: 201,
        body: { adjustment: adjustment(), membership: membership({ points: 12595 }) },
      }),
    });
    await pairDesk();
    const refused = await sendToBackground({ type: 'adjustPoints', membershipId: 'mem-1', delta: 2.5, reason: 'stay', idempotencyKey: 'k' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    const applied = await sendToBackground({
      type: 'adjustPoints',
      membershipId: 'mem-1',
      delta: 250,
      reason: 'stay',
      note: ' late checkout ',
      idempotencyKey: 'k-250',
    });
    expect(applied.ok && !applied.data.queued && applied.data.membership.points).toBe(12595);
    expect(proxy.seen.at(-1)).toMatchObject({
      path: '/v1/memberships/mem-1/adjustments',
      body: { delta: 250, reason: 'stay', note: 'late checkout' },
      headers: { 'idempotency-key': 'k-250' },
    });
    expect(proxy.seen).toHaveLength(2); // the invalid one never left the browser
  });

  it('queues an adjustment the proxy could not take, saying why: away, or there but busy (429)', async () => {
    start({
      ...pairRoute,
      'POST /v1/memberships/mem-1/adjustments': () => 'network-down',
      'POST /v1/memberships/mem-2/adjustments': () => ({ status: 429, body: problem(429, 'Too many requests', 'This desk has used its share of Mews for now.') }),
    });
    await pairDesk();
    // Two guests, so the second write does not queue behind the first.
    await rememberGuest(guestLoyalty());
    await rememberGuest(guestLoyalty({ guest: { id: 'cus-2', firstName: 'Petr', lastName: 'Novák', email: null }, memberships: [membership({ id: 'mem-2', accountId: 'cus-2' })] }));
    const away = await sendToBackground({ type: 'adjustPoints', membershipId: 'mem-1', delta: 1, reason: 'bonus', idempotencyKey: 'k-away' });
    expect(away.ok && away.data.queued && away.data.pending.waitingFor).toBe('unreachable');
    const busy = await sendToBackground({ type: 'adjustPoints', membershipId: 'mem-2', delta: 1, reason: 'bonus', idempotencyKey: 'k-busy' });
    expect(busy.ok && busy.data.queued && busy.data.pending.waitingFor).toBe('busy');
  });

  it('shows a desk’s forbidden adjustment with the proxy’s detail', async () => {
    start({
      ...pairRoute,
      'POST /v1/memberships/mem-1/adjustments': () => ({
        status: 403,
        body: problem(403, 'Over the desk limit', 'A desk may adjust at most 5,000 points at once.'),
      }),
    });
    await pairDesk();
    const result = await sendToBackground({ type: 'adjustPoints', membershipId: 'mem-1', delta: 9000, reason: 'bonus', idempotencyKey: 'k' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'forbidden', message: 'A desk may adjust at most 5,000 points at once.' } });
  });

  it('forgets a revoked device: a 401 signs the desk out', async () => {
    start({ ...pairRoute, 'GET /v1/accounts/cus-1/loyalty': () => ({ status: 401, body: problem(401, 'Device revoked') }) });
    await pairDesk();
    const result = await sendToBackground({ type: 'getGuestLoyalty', kind: 'customer', id: 'cus-1' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unauthorized', message: 'Device revoked' } });
    const status = await sendToBackground({ type: 'getStatus' });
    expect(status.ok && status.data.paired).toBe(false);
  });

  it('signs out: wipes the token and cached guest data, keeps the desk’s settings', async () => {
    start({ ...pairRoute, 'GET /v1/context': () => ({ status: 200, body: deskContext() }) });
    await pairDesk();
    await sendToBackground({ type: 'getContext' });
    await fakeBrowser.storage.local.set({ 'cache:guest:cus-1': guestLoyalty() });
    await sendToBackground({ type: 'setPanelCollapsed', collapsed: true });
    await sendToBackground({ type: 'setPanelSide', side: 'left' });
    const result = await sendToBackground({ type: 'signOut' });
    // Both halves of the panel preference survive, and neither write undid the other.
    expect(result.ok && result.data).toMatchObject({ paired: false, deviceName: 'Desk 1', panelCollapsed: true, panelSide: 'left' });
    const left = await fakeBrowser.storage.local.get(null);
    expect(Object.keys(left).sort()).toEqual(['panel', 'settings']);
  });

  it('opens the options page for a content script, and refuses unknown messages', async () => {
    const { opened, handlers } = start({});
    expect(await sendToBackground({ type: 'openOptions' })).toEqual({ ok: true, data: null });
    expect(opened).toEqual(['options']);
    expect(await route(handlers, { type: 'deleteEverything' })).toMatchObject({ ok: false, error: { kind: 'invalid' } });
  });
});
