import { act, fireEvent, render, screen } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { OptionsPage } from '@/components/options/OptionsPage';
import { createHandlers } from '@/lib/background/desk-handlers';
import { createProxyClient } from '@/lib/background/proxy/proxy-client';
import { listenForMessages } from '@/lib/background/router';
import { sendToBackground } from '@/lib/models/send-to-background';
import { OptionsModel } from '@/lib/models/options-model';
import { fakeProxy, problem } from '../support/fake-proxy';
import { enqueue, outboxEntries } from '@/lib/background/store/outbox';
import { adjustment, deskContext, guestLoyalty, membership } from '../support/fixtures';
import { freshCache } from '../background/store/support';

const manager = { ...deskContext().device, id: 'dev-9', name: 'Front office', role: 'manager' as const };

/** The options page wired to the real background handlers, which talk to a fake proxy. */
async function openOptions(policy: { proxyUrl: string | null } = { proxyUrl: null }, mews = { up: true }) {
  const proxy = fakeProxy({
    'POST /v1/memberships/mem-1/adjustments': (request) =>
      mews.up
        ? { status: 201, body: { adjustment: adjustment({ delta: (request.body as { delta: number }).delta }), membership: membership({ points: 110 }) } }
        : 'network-down',
    'POST /v1/pair': (request) =>
      (request.body as { code: string }).code === 'GOOD-CODE'
        ? { status: 201, body: { token: 'tok-9', device: manager } }
        : { status: 400, body: problem(400, 'Invalid pairing code', 'No such pairing code. Ask for a new one.') },
    'GET /v1/context': () => ({ status: 200, body: deskContext() }),
  }, { 'http://127.0.0.1:8788': { 'POST /v1/pair': () => ({ status: 404, body: { ErrorCode: 'NotFound', Message: 'Not found' } }) } });
  listenForMessages(
    createHandlers({
      createClient: (options) => createProxyClient({ ...options, fetch: proxy.fetch }),
      readPolicy: async () => policy,
    }),
  );
  const model = new OptionsModel({ send: sendToBackground });
  render(<OptionsPage model={model} />);
  await act(() => model.load());
  return { proxy, model };
}

async function fill(label: string, value: string) {
  await act(async () => {
    fireEvent.input(screen.getByLabelText(label), { target: { value } });
  });
}

async function press(name: string) {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name }));
    for (let i = 0; i < 30; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

const queuedAdjustment = (idempotencyKey: string) =>
  enqueue({ kind: 'adjust', accountId: 'cus-1', membershipId: 'mem-1', delta: 10, reason: 'bonus', idempotencyKey });

async function pairAsDesk() {
  await fill('Pairing code', 'GOOD-CODE');
  await press('Pair');
}

describe('Options page', () => {
  beforeEach(freshCache);

  it('starts unpaired with the local proxy URL and the labelled fields', async () => {
    await openOptions();
    expect((screen.getByLabelText('Proxy URL') as HTMLInputElement).value).toBe('http://127.0.0.1:8787');
    // Shown, not typed: the name comes with the pairing code.
    expect((screen.getByLabelText('Device name') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Device name') as HTMLInputElement).readOnly).toBe(true);
    expect((screen.getByLabelText('Pairing code') as HTMLInputElement).value).toBe('');
    expect(document.querySelector('[data-field="connection"]')!.textContent).toBe('Not paired');
    expect((screen.getByRole('button', { name: 'Sign out' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('pairs with a good code and shows how the desk is connected', async () => {
    const { proxy } = await openOptions();
    await fill('Pairing code', 'GOOD-CODE');
    await press('Pair');
    expect(proxy.seen[0]).toMatchObject({ path: '/v1/pair' });
    expect(proxy.seen[0]!.body).toEqual({ code: 'GOOD-CODE' });
    // The name the manager minted the code for, as the proxy answered it.
    expect((screen.getByLabelText('Device name') as HTMLInputElement).value).toBe('Front office');
    expect(document.querySelector('[data-field="connection"]')!.textContent).toBe(
      'Paired as Front office (manager) with http://127.0.0.1:8787',
    );
    expect(document.querySelector('[data-field="role"]')!.textContent).toBe('Manager');
    expect(screen.queryByLabelText('Pairing code')).toBeNull();
  });

  it('shows the proxy’s refusal of a bad code and stays unpaired', async () => {
    await openOptions();
    await fill('Pairing code', 'BAD-CODE');
    await press('Pair');
    expect(screen.getByRole('alert').textContent).toBe('No such pairing code. Ask for a new one.');
    expect(document.querySelector('[data-field="connection"]')!.textContent).toBe('Not paired');
  });

  it('asks for the missing field before pairing', async () => {
    const { proxy } = await openOptions();
    await press('Pair');
    expect(screen.getByRole('alert').textContent).toBe('Enter the pairing code, e.g. ABCD-1234.');
    expect(proxy.seen).toHaveLength(0);
  });

  it('signs out: forgets the token and wipes cached guest data', async () => {
    await openOptions();
    await fill('Pairing code', 'GOOD-CODE');
    await press('Pair');
    await sendToBackground({ type: 'getContext' });
    await fakeBrowser.storage.local.set({ 'cache:guest:cus-1': guestLoyalty() });
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).toEqual(
      expect.arrayContaining(['cache:context', 'cache:guest:cus-1']),
    );
    await press('Sign out');
    expect(document.querySelector('[data-field="connection"]')!.textContent).toBe('Not paired');
    expect(screen.getByRole('status').textContent).toBe('Signed out. This browser forgot its token and cached guest data.');
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).toEqual(['settings']);
  });

  it('will not sign out over changes still queued offline until the desk chooses to discard them', async () => {
    const mews = { up: false };
    const { proxy } = await openOptions(undefined, mews);
    await pairAsDesk();
    await queuedAdjustment('k-offline-1');
    await queuedAdjustment('k-offline-2');
    await press('Sign out');
    expect(screen.getByRole('alert').textContent).toBe(
      '2 changes made at this desk have not reached the proxy yet. Signing out now would lose them: reconnect to the proxy and let queued changes send, or choose to discard them.',
    );
    // It tried to send them first, and kept everything when it could not.
    expect(proxy.seen.filter((request) => request.path === '/v1/memberships/mem-1/adjustments')).toHaveLength(1);
    expect(document.querySelector('[data-field="connection"]')!.textContent).toBe('Paired as Front office (manager) with http://127.0.0.1:8787');
    expect(await outboxEntries()).toHaveLength(2);

    await press('Sign out and discard queued changes');
    expect(document.querySelector('[data-field="connection"]')!.textContent).toBe('Not paired');
    expect(await outboxEntries()).toHaveLength(0);
  });

  it('sends queued changes before signing out when the proxy is back, in one click', async () => {
    const mews = { up: true };
    const { proxy } = await openOptions(undefined, mews);
    await pairAsDesk();
    await queuedAdjustment('k-offline-3');
    await press('Sign out');
    expect(proxy.seen.find((request) => request.path === '/v1/memberships/mem-1/adjustments')?.headers['idempotency-key']).toBe('k-offline-3');
    expect(document.querySelector('[data-field="connection"]')!.textContent).toBe('Not paired');
    expect(screen.queryByRole('button', { name: 'Sign out and discard queued changes' })).toBeNull();
  });

  it('will not pair again over queued changes, and does not spend the pairing code', async () => {
    const { proxy } = await openOptions(undefined, { up: false });
    await pairAsDesk();
    await queuedAdjustment('k-offline-4');
    await press('Pair again');
    await fill('Pairing code', 'GOOD-CODE');
    const pairsBefore = proxy.seen.filter((request) => request.path === '/v1/pair').length;
    await press('Pair');
    expect(screen.getByRole('alert').textContent).toContain('1 change made at this desk has not reached the proxy yet. Pairing again now would lose it');
    expect(proxy.seen.filter((request) => request.path === '/v1/pair')).toHaveLength(pairsBefore);
    await press('Pair and discard queued changes');
    expect(proxy.seen.filter((request) => request.path === '/v1/pair')).toHaveLength(pairsBefore + 1);
    expect(await outboxEntries()).toHaveLength(0);
    expect(screen.getByRole('status').textContent).toBe('Paired. The panel appears on Mews guest pages.');
  });

  it('locks the proxy URL an administrator set by policy, and explains why', async () => {
    await openOptions({ proxyUrl: 'https://keycard.hotel.example' });
    const url = screen.getByLabelText('Proxy URL') as HTMLInputElement;
    expect(url.value).toBe('https://keycard.hotel.example');
    expect(url.readOnly).toBe(true);
    expect(document.getElementById(url.getAttribute('aria-describedby')!)!.textContent).toBe(
      "Set by your administrator's browser policy; it cannot be changed here.",
    );
  });

  // Issue 18 #10: after pairing, the Pair form steps aside behind "Pair again".
  it('after pairing, hides the pairing code and Pair behind "Pair again"', async () => {
    await openOptions();
    await pairAsDesk();
    expect(screen.queryByLabelText('Pairing code')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Pair' })).toBeNull();
    expect((screen.getByLabelText('Device name') as HTMLInputElement).value).toBe('Front office');
    await press('Pair again');
    expect((screen.getByLabelText('Pairing code') as HTMLInputElement).value).toBe('');
    expect(screen.getByRole('button', { name: 'Pair' })).toBeTruthy();
    await press('Cancel');
    expect(screen.queryByLabelText('Pairing code')).toBeNull();
  });

  // Issue 18 #6: what the desk typed wrong, said in their terms.
  it('a Mews (sandbox) address as Proxy URL: "That address is not a Keycard proxy"', async () => {
    await openOptions();
    await fill('Proxy URL', 'http://127.0.0.1:8788');
    await pairAsDesk();
    expect(screen.getByRole('alert').textContent).toMatch(/^That address is not a Keycard proxy/);
    expect(screen.getByRole('alert').textContent).not.toMatch(/Guest not found/);
    expect(document.querySelector('[data-field="connection"]')!.textContent).toBe('Not paired');
  });

  it('a Proxy URL without http:// gets a fix-it hint with the address typed', async () => {
    const { proxy } = await openOptions();
    await fill('Proxy URL', '127.0.0.1:8788');
    await pairAsDesk();
    expect(screen.getByRole('alert').textContent).toBe('Start the proxy URL with http:// or https://: did you mean http://127.0.0.1:8788?');
    expect(proxy.seen).toHaveLength(0);
  });
});
