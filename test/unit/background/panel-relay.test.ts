/**
 * The background joins a panel frame to the content script of its own tab, and nothing else:
 * no other page, no port without a tab.
 */
import { describe, expect, it } from 'vitest';
import { relayPanelPorts } from '@/lib/background/panel-relay';
import type { PanelPort } from '@/lib/host/panel-port';
import { fakePort, type FakePort } from '../support/fake-port';

const PANEL_URL = 'chrome-extension://keycard-id/panel-frame.html';

function relay() {
  let connect: (port: PanelPort) => void = () => undefined;
  const tabs: Array<{ tabId: number; port: FakePort }> = [];
  relayPanelPorts({
    onConnect: { addListener: (listener) => void (connect = listener), removeListener: () => undefined },
    connectToTab: (tabId) => {
      const port = fakePort({ id: 'keycard-id' });
      tabs.push({ tabId, port });
      return port;
    },
    panelUrl: PANEL_URL,
  });
  return { connect: (port: FakePort) => connect(port), tabs };
}

describe('the panel relay', () => {
  it('joins the panel frame to the content script of its tab, both ways, and closes both together', () => {
    const { connect, tabs } = relay();
    const frame = fakePort({ id: 'keycard-id', url: PANEL_URL, tab: { id: 42 }, frameId: 5 });
    connect(frame);
    expect(tabs.map(({ tabId }) => tabId)).toEqual([42]);
    const page = tabs[0]!.port;
    frame.deliver({ type: 'keycard-panel-key', key: 'k' });
    page.deliver({ type: 'guest', page: null });
    expect(page.sent).toEqual([{ type: 'keycard-panel-key', key: 'k' }]);
    expect(frame.sent).toEqual([{ type: 'guest', page: null }]);
    page.close();
    expect(frame.closed).toBe(true);
  });

  it('refuses any other page of the extension, and a panel page outside a tab', () => {
    const { connect, tabs } = relay();
    const options = fakePort({ id: 'keycard-id', url: 'chrome-extension://keycard-id/options.html', tab: { id: 42 } });
    const loose = fakePort({ id: 'keycard-id', url: PANEL_URL });
    connect(options);
    connect(loose);
    expect([options.closed, loose.closed]).toEqual([true, true]);
    expect(tabs).toEqual([]);
  });
});
