/**
 * The panel frame's end of the panel port (panel-port.ts): waits for the key the content
 * script posts into this frame, opens a port with it (the background joins it to the content
 * script of this tab, lib/background/panel-relay.ts), then takes the guest and viewport from
 * that port alone and reports the panel's size back.
 *
 * The frame cannot tell the content script's `postMessage` from one a page script sends to it:
 * it trusts neither. It only passes each key on, over an extension port the page cannot touch,
 * and the content script takes the port whose key is its own (panel-link.ts). Each key may come
 * with a lane (a `MessagePort`): the frame hears only the lane of the key the content script
 * took, which a page script cannot know, so the guest then arrives in one hop instead of two
 * through the worker (issue 19), and still arrives while Chrome has the worker stopped.
 */
import { KEY_MESSAGE, readHostMessage, sequenceOf, type HostToFrame, type PanelPort, type PanelSize } from './panel-port';

export interface FrameLinkOptions {
  /** Opens a port that the background joins to the content script of this tab (`runtime.connect`). */
  connect: () => PanelPort;
  onMessage: (message: HostToFrame) => void;
  /** Defaults to this frame's window. */
  window?: Window;
}

export interface FrameLink {
  /** Reports the panel's size (sent again to a content script that takes the port later). */
  reportSize(size: PanelSize): void;
}

/** A page could post keys without end; a real content script needs one, or a few. */
const MOST_KEYS = 16;

/**
 * @example
 * ```ts
 * const link = linkToHost({
 *   connect: () => browser.runtime.connect({ name: PANEL_PORT }),
 *   onMessage: (message) => message.type === 'guest' && model.showPage(message.page),
 * });
 * link.reportSize({ type: 'size', width: 300, height: 420, collapsed: false, side: 'right' });
 * ```
 */
export function linkToHost(options: FrameLinkOptions): FrameLink {
  const win = options.window ?? window;
  const tried = new Set<string>();
  /** The lane each key came with (panel-link.ts), unheard until the content script takes that key. */
  const lanes = new Map<string, MessagePort>();
  let host: PanelPort | null = null;
  /** The key the content script took, to present again on a new port. */
  let taken: string | null = null;
  let size: PanelSize | null = null;
  /** The highest message number taken: each message comes twice (port and lane), the first copy counts. */
  let lastSeq = 0;

  /** Passes a message on once, in the content script's order; an unnumbered one (an older content script) always. */
  function take(message: unknown) {
    const received = readHostMessage(message);
    if (!received) return;
    const seq = sequenceOf(message);
    if (seq !== null) {
      if (seq <= lastSeq) return;
      lastSeq = seq;
    }
    options.onMessage(received);
  }

  /** The content script took `key`: hear its lane from now on (its queued messages come first), and no other. */
  function listenToLane(key: string) {
    const mine = lanes.get(key);
    for (const lane of lanes.values()) if (lane !== mine) lane.close();
    lanes.clear();
    if (!mine) return;
    lanes.set(key, mine);
    mine.onmessage = (event) => take(event.data);
  }

  const post = (port: PanelPort, message: unknown) => {
    try {
      port.postMessage(message);
    } catch {
      // Closed already: its disconnect event follows.
    }
  };

  function open(key: string) {
    const port = options.connect();
    port.onMessage.addListener((message) => {
      if (!readHostMessage(message)) return;
      if (host !== port) {
        host = port;
        taken = key;
        if (size) post(port, size);
        listenToLane(key);
      }
      take(message);
    });
    port.onDisconnect.addListener(() => {
      if (host !== port) return;
      host = null;
      // Chrome stops an idle extension worker, and the relay's ports with it: a visible panel
      // joins again at once, a hidden one when it is shown (nothing changes a hidden tab's guest).
      if (win.document.visibilityState === 'visible') reopen();
    });
    post(port, { type: KEY_MESSAGE, key });
  }

  function reopen() {
    if (host === null && taken !== null) open(taken);
  }

  win.addEventListener('message', (event) => {
    const data = event.data as { type?: unknown; key?: unknown } | null;
    if (event.source !== win.parent || data?.type !== KEY_MESSAGE || typeof data.key !== 'string') return;
    if (tried.has(data.key) || tried.size >= MOST_KEYS) return;
    tried.add(data.key);
    const lane = event.ports?.[0];
    if (lane) lanes.set(data.key, lane);
    open(data.key);
  });
  win.document.addEventListener('visibilitychange', () => {
    if (win.document.visibilityState === 'visible') reopen();
  });

  return {
    reportSize(next) {
      size = next;
      if (host) post(host, next);
    },
  };
}

/**
 * Reports the panel's drawn size whenever it changes (content, folding, the viewport it may
 * fill), so the content script fits the iframe to it: no scrollbar, nothing clipped.
 *
 * @example
 * ```ts
 * reportPanelSize(document.querySelector('aside')!, link);
 * ```
 */
export function reportPanelSize(panel: HTMLElement, link: FrameLink): void {
  const report = () => {
    const box = panel.getBoundingClientRect();
    link.reportSize({
      type: 'size',
      width: Math.ceil(box.width),
      height: Math.ceil(box.height),
      collapsed: panel.classList.contains('is-collapsed'),
      side: panel.dataset.side === 'left' ? 'left' : 'right',
    });
  };
  new ResizeObserver(report).observe(panel);
  new MutationObserver(report).observe(panel, { attributes: true, attributeFilter: ['class', 'data-side'] });
  report();
}
