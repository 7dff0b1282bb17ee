/**
 * Where the panel lives in Mews's page: a `<keycard-panel>` element at the end of `<body>`
 * whose closed shadow root holds one iframe of Keycard's panel page, an extension page. The
 * panel runs in the extension's origin, as password managers draw their in-page menus: the
 * Mews page can neither read its DOM nor dispatch events into it, and the closed root keeps
 * even the iframe element out of the page's `querySelector` (and its window out of
 * `window.frames`, which lists only frames of the document tree).
 *
 * The iframe is sized to the panel as the frame reports it drawn, and carries the panel's
 * rounded corners and shadow itself, so nothing around the panel is covered or clipped.
 */
import type { PanelSize } from './panel-port';
import { browserLanguage, type Language } from '@/lib/i18n/languages';
import { PANEL_TITLE } from '@/lib/i18n/panel-title';

export interface PanelHostOptions {
  /** The host element's tag: a custom-element name, so Mews's CSS cannot target it by accident. */
  name: string;
  /** The panel page's address, `runtime.getURL('/panel-frame.html')`. */
  frameUrl: string;
  /** Called with each new iframe once it loaded, to hand it its key (see panel-link.ts). */
  onFrameLoad?: (frame: HTMLIFrameElement) => void;
  /** Defaults to the page's `document`. */
  document?: Document;
}

export interface PanelHost {
  host: HTMLElement;
  /** Puts the host at the end of `<body>` with a new iframe of the panel page. */
  mount(): void;
  remove(): void;
  /** Fits the iframe to the panel as the frame drew it, and shows it. */
  resize(size: PanelSize): void;
  /** Moves the keyboard focus into the panel's frame (a desk shortcut; the frame then picks the control). */
  focus(): void;
  /** Moves the frame to `top` CSS pixels from the window's top (keep-clear.ts picks it). */
  place(top: number): void;
  /** The frame's box in the viewport, or null when none is mounted. */
  frameBox(): { left: number; top: number; right: number; bottom: number } | null;
  /** Slides the frame off the edge while a page control it covers has the focus, and back. */
  makeWay(away: boolean): void;
  /**
   * Titles the frame (what a screen reader announces on it) in the desk's language: the content
   * script reads the desk's choice from storage.local and follows it, as Keycard's pages do.
   */
  retitle(language: Language): void;
}

/** Where the panel sits, as it always did: docked to the right edge, 96 px from the top. */
const FRAME_CSS = `
:host { all: initial; }
iframe {
  position: fixed; top: 96px; right: 0; z-index: 2147483000;
  display: block; width: 0; height: 0; margin: 0; padding: 0; border: 0;
  visibility: hidden; background: transparent; color-scheme: light;
}
iframe.is-shown { visibility: visible; }
iframe.is-open { border-radius: 10px 0 0 10px; box-shadow: 0 6px 24px rgba(20, 30, 50, .14); }
iframe.is-collapsed { border-radius: 8px 0 0 8px; box-shadow: 0 4px 14px rgba(20, 30, 50, .2); }
iframe.is-making-way { transform: translateX(calc(100% - 6px)); opacity: .35; }
iframe.is-left { right: auto; left: 0; }
iframe.is-left.is-open { border-radius: 0 10px 10px 0; }
iframe.is-left.is-collapsed { border-radius: 0 8px 8px 0; }
iframe.is-left.is-making-way { transform: translateX(calc(-100% + 6px)); }
/* No transition on top: a panel gliding to its new place stays a moving target for a desk's click. */
@media (prefers-reduced-motion: no-preference) { iframe { transition: transform .15s ease, opacity .15s ease; } }
`;

/**
 * @example
 * ```ts
 * const panel = createPanelHost({ name: 'keycard-panel', frameUrl: browser.runtime.getURL('/panel-frame.html') });
 * panel.mount();
 * // when the frame reports how it drew the panel:
 * panel.resize({ type: 'size', width: 300, height: 420, collapsed: false, side: 'right' });
 * ```
 */
export function createPanelHost(options: PanelHostOptions): PanelHost {
  const doc = options.document ?? document;
  const host = doc.createElement(options.name);
  // Closed: `host.shadowRoot` is null for the page's scripts (and for every test tool).
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = FRAME_CSS;
  let frame: HTMLIFrameElement | null = null;
  /** The place keep-clear.ts chose, kept for a frame mounted again. */
  let placedTop: number | null = null;
  /** The browser's language until the content script reads the desk's choice. */
  let title = PANEL_TITLE[browserLanguage()];

  function newFrame(): HTMLIFrameElement {
    const created = doc.createElement('iframe');
    created.title = title;
    created.src = options.frameUrl;
    if (placedTop !== null) created.style.top = `${placedTop}px`;
    // Every load: a panel page that reloaded (its renderer crashed) needs a new key too.
    created.addEventListener('load', () => options.onFrameLoad?.(created));
    return created;
  }

  return {
    host,
    retitle(language) {
      title = PANEL_TITLE[language];
      if (frame) frame.title = title;
    },
    mount() {
      // A stale host (an earlier copy of Keycard's content script, or a page's imitation) goes.
      for (const other of doc.querySelectorAll(options.name)) if (other !== host) other.remove();
      frame = newFrame();
      shadow.replaceChildren(style, frame);
      doc.body.append(host);
    },
    remove() {
      host.remove();
      shadow.replaceChildren();
      frame = null;
    },
    focus() {
      frame?.classList.remove('is-making-way');
      frame?.focus();
    },
    place(top) {
      placedTop = Math.round(top);
      if (frame) frame.style.top = `${placedTop}px`;
    },
    frameBox() {
      if (!frame) return null;
      const { left, top, right, bottom } = frame.getBoundingClientRect();
      return { left, top, right, bottom };
    },
    makeWay(away) {
      frame?.classList.toggle('is-making-way', away);
    },
    resize(size) {
      if (!frame) return;
      frame.style.width = `${size.width}px`;
      frame.style.height = `${size.height}px`;
      frame.classList.add('is-shown');
      frame.classList.toggle('is-open', !size.collapsed);
      frame.classList.toggle('is-collapsed', size.collapsed);
      frame.classList.toggle('is-left', size.side === 'left');
    },
  };
}
