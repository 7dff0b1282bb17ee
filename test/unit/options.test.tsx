import { act, fireEvent, render, screen } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { OptionsPage } from '@/components/OptionsPage';
import { createHandlers } from '@/lib/background/handlers';
import { createProxyClient } from '@/lib/background/proxy-client';
import { listenForMessages } from '@/lib/background/router';
import { sendToBackground } from '@/lib/messages';
import { createOptionsModel } from '@/lib/models/options-model';
import { fakeProxy, problem } from './background/fake-proxy';
import { deskContext, guestLoyalty } from './fixtures';

const manager = { ...deskContext().device, id: 'dev-9', name: 'Front office', role: 'manager' as const };

/** The options page wired to the real background handlers, which talk to a fake proxy. */
async function openOptions(policy: { proxyUrl: string | null } = { proxyUrl: null }) {
  const proxy = fakeProxy({
    'POST /v1/pair': (request) =>
      (request.body as { code: string }).code === 'GOOD-CODE'
        ? { status: 201, body: { token: 'tok-9', device: { ...manager, name: (request.body as { deviceName: string }).deviceName } } }
        : { status: 400, body: problem(400, 'Invalid pairing code', 'No such pairing code. Ask for a new one.') },
    'GET /v1/context': () => ({ status: 200, body: deskContext() }),
  });
  listenForMessages(
    createHandlers({
      createClient: (options) => createProxyClient({ ...options, fetch: proxy.fetch }),
      readPolicy: async () => policy,
    }),
  );
  const model = createOptionsModel({ send: sendToBackground });
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

describe('Options page', () => {
  beforeEach(() => fakeBrowser.reset());

  it('starts unpaired with the local proxy URL and the labelled fields', async () => {
    await openOptions();
    expect((screen.getByLabelText('Proxy URL') as HTMLInputElement).value).toBe('http://127.0.0.1:8787');
    expect((screen.getByLabelText('Device name') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Pairing code') as HTMLInputElement).value).toBe('');
    expect(document.querySelector('[data-field="connection"]')!.textContent).toBe('Not paired');
    expect((screen.getByRole('button', { name: 'Sign out' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('pairs with a good code and shows how the desk is connected', async () => {
    const { proxy } = await openOptions();
    await fill('Device name', 'Front office');
    await fill('Pairing code', 'GOOD-CODE');
    await press('Pair');
    expect(proxy.seen[0]).toMatchObject({ path: '/v1/pair', body: { code: 'GOOD-CODE', deviceName: 'Front office' } });
    expect(document.querySelector('[data-field="connection"]')!.textContent).toBe(
      'Paired as Front office (manager) with http://127.0.0.1:8787',
    );
    expect(document.querySelector('[data-field="role"]')!.textContent).toBe('Manager');
    expect((screen.getByLabelText('Pairing code') as HTMLInputElement).value).toBe('');
  });

  it('shows the proxy’s refusal of a bad code and stays unpaired', async () => {
    await openOptions();
    await fill('Device name', 'Desk 1');
    await fill('Pairing code', 'BAD-CODE');
    await press('Pair');
    expect(screen.getByRole('alert').textContent).toBe('No such pairing code. Ask for a new one.');
    expect(document.querySelector('[data-field="connection"]')!.textContent).toBe('Not paired');
  });

  it('asks for the missing field before pairing', async () => {
    const { proxy } = await openOptions();
    await fill('Device name', 'Desk 1');
    await press('Pair');
    expect(screen.getByRole('alert').textContent).toBe('Enter the pairing code, e.g. ABCD-1234.');
    expect(proxy.seen).toHaveLength(0);
  });

  it('signs out: forgets the token and wipes cached guest data', async () => {
    await openOptions();
    await fill('Device name', 'Desk 1');
    await fill('Pairing code', 'GOOD-CODE');
    await press('Pair');
    await sendToBackground({ type: 'getContext' });
    await fakeBrowser.storage.local.set({ 'cache:guest:cus-1': guestLoyalty() });
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).toEqual(
      expect.arrayContaining(['session', 'cache:context', 'cache:guest:cus-1']),
    );
    await press('Sign out');
    expect(document.querySelector('[data-field="connection"]')!.textContent).toBe('Not paired');
    expect(screen.getByRole('status').textContent).toBe('Signed out. This browser forgot its token and cached guest data.');
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).toEqual(['settings']);
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
});
