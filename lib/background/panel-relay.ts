/**
 * Joins each panel frame to the content script of its tab. The frame (an extension page the
 * content script frames inside the Mews tab) opens a port here; the background opens one to
 * the content script of that tab's top frame and passes messages both ways without reading
 * them. Firefox gives extension frames inside web pages no `tabs` API, so the frame cannot
 * open that port itself; the background can, in both browsers.
 *
 * Only the panel page may be joined, and only to the tab it is in (the browser names both in
 * the port's sender). Which frame is the content script's own is settled between the two ends
 * (lib/host/panel-link.ts); the relay only carries their words.
 */
import { PANEL_PORT, type PanelPort } from '@/lib/host/panel-port';

export interface PanelRelayOptions {
  /** `runtime.onConnect` of the background. */
  onConnect: { addListener(listener: (port: PanelPort) => void): void; removeListener(listener: (port: PanelPort) => void): void };
  /** Opens a port to the content script of a tab's top frame (`tabs.connect(tabId, { frameId: 0, name })`). */
  connectToTab: (tabId: number, name: string) => PanelPort;
  /**
   * The panel page's own address: this extension's origin (`runtime.getURL('/')`) and
   * `PANEL_PAGE` (lib/host/panel-port.ts). Not `runtime.getURL(PANEL_PAGE)`, which Chrome answers with the
   * per-session address the iframe loads it from; the page itself has the extension's origin.
   */
  panelUrl: string;
}

/**
 * @example
 * ```ts
 * relayPanelPorts({
 *   onConnect: browser.runtime.onConnect,
 *   connectToTab: (tabId, name) => browser.tabs.connect(tabId, { frameId: 0, name }),
 *   panelUrl: new URL(PANEL_PAGE, browser.runtime.getURL('/')).href,
 * });
 * ```
 * @returns a function that stops accepting new panel ports.
 */
export function relayPanelPorts(options: PanelRelayOptions): () => void {
  const listener = (frame: PanelPort) => {
    if (frame.name !== PANEL_PORT) return;
    const tabId = frame.sender?.tab?.id;
    if (!(frame.sender?.url ?? '').startsWith(options.panelUrl) || typeof tabId !== 'number') return frame.disconnect();
    let page: PanelPort;
    try {
      page = options.connectToTab(tabId, PANEL_PORT);
    } catch {
      return frame.disconnect();
    }
    let open = true;
    const close = () => {
      if (!open) return;
      open = false;
      frame.disconnect();
      page.disconnect();
    };
    const pass = (to: PanelPort) => (message: unknown) => {
      if (!open) return;
      try {
        to.postMessage(message);
      } catch {
        close(); // that end went away before its disconnect event reached here
      }
    };
    frame.onMessage.addListener(pass(page));
    page.onMessage.addListener(pass(frame));
    frame.onDisconnect.addListener(close);
    page.onDisconnect.addListener(close);
  };
  options.onConnect.addListener(listener);
  return () => options.onConnect.removeListener(listener);
}
