import { browser, defineContentScript, storage } from '#imports';
import { createPanelHost, deskShortcut, keepClear, keepMounted, PANEL_TOP, linkPanelFrame, locationChanges, PANEL_PAGE, panelLifetime, watchGuestPage, type PortEvent } from '@/lib/host';
import { browserLanguage, DESK_LANGUAGE_KEY, languageOf } from '@/lib/i18n/languages';
import { readServedRules, SERVED_RULES_KEY, SHIPPED_RULES } from '@/lib/host/served-rules';
import { markStep } from '@/lib/trace/marks';

/**
 * Puts the Keycard panel beside Mews Operations. This script only finds the guest the page
 * shows and holds the panel's place: a closed host element with an iframe of the panel page
 * (entrypoints/panel-frame), which draws the panel in the extension's own origin, out of the
 * page's reach. The guest reaches the frame over an extension port, never through the page.
 * The rules that find the guest, and whether the hotel wants the panel at all, are the proxy's
 * (lib/host/served-rules.ts): followed while the page is open.
 */
export default defineContentScript({
  matches: ['https://app.mews.com/*', 'https://app.mews-demo.com/*'],
  async main(ctx) {
    // WXT's context can be ended by a page script (panel-lifetime.ts): ours ends with the extension.
    const lifetime = panelLifetime(ctx.signal, () => browser.runtime?.id !== undefined);
    const { signal } = lifetime;
    // Chrome answers with a per-session address (use_dynamic_url): pages cannot guess it.
    const panelUrl = browser.runtime.getURL(PANEL_PAGE as '/');
    /** Where the panel's top is now (keep-clear.ts moves it below the page's controls). */
    let top = PANEL_TOP;
    /** As tall as the page's viewport allows below the panel's top. */
    const maxHeight = () => window.innerHeight - top - 24;
    let drawnSize: { width: number; height: number; side: 'left' | 'right' } | null = null;

    const link = linkPanelFrame({
      signal,
      onConnect: browser.runtime.onConnect as unknown as PortEvent,
      extensionId: browser.runtime.id,
      extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
      maxHeight,
      onSize: (size) => {
        panel.resize(size);
        drawnSize = size;
        clear.changed();
      },
      // The frame's port closed: the extension went away (then this script goes too), or the
      // worker that joined the port stopped (the frame joins again).
      onFrameGone: () => void lifetime.check(),
    });
    const panel = createPanelHost({ name: 'keycard-panel', frameUrl: panelUrl, onFrameLoad: (frame) => link.greet(frame) });
    signal.addEventListener('abort', () => panel.remove(), { once: true });
    // The frame's title in the desk's language: its choice is in storage.local (lib/i18n/desk-language.ts).
    const retitle = (value: unknown) => panel.retitle(languageOf(value) ?? browserLanguage());
    void storage.getItem<string>(DESK_LANGUAGE_KEY).then(retitle, () => undefined);
    const unwatchLanguage = storage.watch<string>(DESK_LANGUAGE_KEY, retitle);
    signal.addEventListener('abort', unwatchLanguage, { once: true });

    const rulesItem = storage.defineItem(SERVED_RULES_KEY, { fallback: null });
    let rules = SHIPPED_RULES;
    try {
      rules = readServedRules(await rulesItem.getValue());
    } catch {
      // Storage unreadable (the extension is going away): the shipped rules.
    }
    /** Shows or hides the panel as the hotel's kill switch says (`npm run keycard -- panel off|on`). */
    const showPanel = (enabled: boolean) => {
      if (!enabled) panel.remove();
      else if (!panel.host.isConnected) panel.mount();
    };
    showPanel(rules.panelEnabled);
    keepMounted(
      panel.host,
      () => {
        if (!lifetime.check() || !rules.panelEnabled) return;
        panel.remove();
        panel.mount();
      },
      signal,
    );

    window.addEventListener('resize', () => link.viewportChanged(), { signal });
    // Never over the page's own controls: below them, or aside while one the panel covers has the focus.
    const clear = keepClear({
      signal,
      host: panel.host,
      panelSize: () => drawnSize,
      frameBox: () => panel.frameBox(),
      place(next) {
        if (next === top) return;
        top = next;
        panel.place(top);
        link.viewportChanged();
      },
      makeWay: (away) => panel.makeWay(away),
    });
    // The desk's keys into the panel (lib/host/desk-shortcuts.ts), from anywhere in Mews: only real
    // key presses (a page script's synthetic event is not the desk), and only these two combinations.
    window.addEventListener(
      'keydown',
      (event) => {
        const shortcut = event.isTrusted ? deskShortcut(event) : null;
        if (!shortcut) return;
        event.preventDefault();
        panel.focus();
        link.shortcut(shortcut);
      },
      { signal, capture: true },
    );
    const watch = watchGuestPage({
      signal,
      onLocationChange: locationChanges(signal),
      onGuestPage: (page) => {
        if (page) markStep('guestFound');
        link.showGuest(page);
      },
      patterns: () => rules.guestPages,
    });
    const unwatch = rulesItem.watch((value) => {
      rules = readServedRules(value);
      showPanel(rules.panelEnabled);
      watch.recheck();
    });
    signal.addEventListener('abort', () => unwatch(), { once: true });
  },
});
