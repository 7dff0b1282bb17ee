/**
 * The content script's end of the panel port (panel-port.ts). The panel's frame opens the
 * port; the content script takes it only from its own iframe: the port must come from a
 * Keycard page and first present the key the content script posted into that iframe alone.
 * `contentWindow.postMessage` with the extension's origin as target delivers the key to the
 * panel page in that iframe and nowhere else, so neither the Mews page nor a copy of the panel
 * page it framed itself can learn it. A key the page posts into the frame proves nothing: the
 * frame only passes keys on, and the content script compares them with its own.
 */
import type { DeskShortcut } from './desk-shortcuts';
import type { GuestPage } from './guest-pages';
import { KEY_MESSAGE, PANEL_PORT, readPanelSize, type HostToFrame, type NumberedHostMessage, type PanelPort, type PanelSize } from './panel-port';

export interface PortEvent {
  addListener(listener: (port: PanelPort) => void): void;
  removeListener(listener: (port: PanelPort) => void): void;
}

export interface PanelLinkOptions {
  /** Stops listening and closes the port. */
  signal: AbortSignal;
  /** `runtime.onConnect` of the content script. */
  onConnect: PortEvent;
  /**
   * This extension's id and origin (`runtime.id`, the origin of `runtime.getURL('/')`): ports
   * from elsewhere are refused, and the key is delivered only to a document of this origin.
   * Chrome gives the iframe a per-session address (`use_dynamic_url`), but the page it loads
   * has the extension's own origin.
   */
  extensionId: string;
  extensionOrigin: string;
  /** How tall the panel may grow in the page's viewport now, in CSS pixels. */
  maxHeight: () => number;
  onSize: (size: PanelSize) => void;
  /** The accepted frame's port closed: the frame was navigated or reloaded, or the extension went away. */
  onFrameGone?: () => void;
  newKey?: () => string;
}

export interface PanelLink {
  /** Hands a freshly loaded iframe its key; only a port presenting it is taken. */
  greet(frame: HTMLIFrameElement): void;
  /** The page now shows this guest (or none). */
  showGuest(page: GuestPage | null): void;
  /** The page's viewport changed size. */
  viewportChanged(): void;
  /** The desk pressed a Keycard shortcut in the Mews page. */
  shortcut(shortcut: DeskShortcut): void;
}

function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * @example
 * ```ts
 * const link = linkPanelFrame({
 *   signal, onConnect: browser.runtime.onConnect, extensionId: browser.runtime.id,
 *   extensionOrigin: browser.runtime.getURL('/'), maxHeight: () => innerHeight - 120,
 *   onSize: (size) => panel.resize(size),
 * });
 * link.showGuest(findGuestPage(location.href));
 * ```
 */
/** Sending end of the direct lane: a `MessagePort` (tests pass their own). */
interface Lane {
  postMessage(message: unknown): void;
  close(): void;
}

export function linkPanelFrame(options: PanelLinkOptions): PanelLink {
  const newKey = options.newKey ?? randomKey;
  let key: string | null = null;
  let current: PanelPort | null = null;
  let guest: GuestPage | null = null;
  /** The lane handed to the frame with `key`, waiting for the frame to present that key. */
  let offered: Lane | null = null;
  /** The lane of the frame whose port was taken: one hop, no worker in between. */
  let lane: Lane | null = null;
  let seq = 0;

  /**
   * Down both ways: the lane is quicker, the port is the one the frame can always trust (a
   * browser that cannot pass the lane, Firefox's content-script quirks) and the frame keeps
   * the first copy of each number (frame-link.ts).
   */
  const send = (message: HostToFrame) => {
    const numbered: NumberedHostMessage = { ...message, seq: ++seq };
    current?.postMessage(numbered);
    try {
      lane?.postMessage(numbered);
    } catch {
      lane = null; // the frame went away: its port's disconnect says the rest
    }
  };
  const viewport = () => send({ type: 'viewport', maxHeight: Math.max(0, Math.floor(options.maxHeight())) });

  function accept(port: PanelPort) {
    current?.disconnect();
    current = port;
    if (offered && offered !== lane) {
      lane?.close();
      lane = offered;
    }
    viewport();
    send({ type: 'guest', page: guest });
    port.onMessage.addListener((message) => {
      const size = current === port ? readPanelSize(message) : null;
      if (size) options.onSize(size);
    });
  }

  const onConnect = (port: PanelPort) => {
    if (port.name !== PANEL_PORT) return;
    const fromKeycard = port.sender?.id === options.extensionId && (port.sender.url ?? '').startsWith(`${options.extensionOrigin}/`);
    if (!fromKeycard) return port.disconnect();
    let greeted = false;
    port.onMessage.addListener((message) => {
      if (greeted) return;
      greeted = true;
      const presented = (message as { type?: unknown; key?: unknown } | null) ?? {};
      if (presented.type === KEY_MESSAGE && key !== null && presented.key === key) accept(port);
      else port.disconnect();
    });
    port.onDisconnect.addListener(() => {
      if (current !== port) return;
      current = null;
      options.onFrameGone?.();
    });
  };
  options.onConnect.addListener(onConnect);
  options.signal.addEventListener(
    'abort',
    () => {
      options.onConnect.removeListener(onConnect);
      current?.disconnect();
      current = null;
      lane?.close();
      offered?.close();
      lane = offered = null;
    },
    { once: true },
  );

  return {
    greet(frame) {
      key = newKey();
      if (offered !== lane) offered?.close();
      offered = null;
      // Delivered only if the iframe still holds an extension page of this origin. The lane
      // goes with the key; the frame listens to it only once this script took that key's port.
      try {
        const channel = new MessageChannel();
        frame.contentWindow?.postMessage({ type: KEY_MESSAGE, key }, options.extensionOrigin, [channel.port2]);
        offered = channel.port1;
      } catch {
        // No lane (a browser that will not pass one from here): the port alone, as before.
        frame.contentWindow?.postMessage({ type: KEY_MESSAGE, key }, options.extensionOrigin);
      }
    },
    showGuest(page) {
      guest = page;
      send({ type: 'guest', page });
    },
    viewportChanged: viewport,
    shortcut: (shortcut) => send({ type: 'shortcut', shortcut }),
  };
}
