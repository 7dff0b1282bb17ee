import { findGuestPage, MEWS_GUEST_PAGES, sameGuestPage, type GuestPage, type GuestPagePattern } from './guest-pages';

/** What {@link watchGuestPage} needs from its surroundings; the content script passes its panel's lifetime. */
export interface GuestPageWatchOptions {
  /** Stops every listener; in the content script, the panel's lifetime (panel-lifetime.ts). */
  signal: AbortSignal;
  /**
   * Subscribes to single-page navigation. Mews Operations changes pages with
   * `history.pushState`, so the content script is not reloaded; {@link locationChanges}
   * reports the new URL.
   */
  onLocationChange: (listener: (url: URL) => void) => void;
  /** Called with the guest on the page now, then whenever the guest changes. */
  onGuestPage: (page: GuestPage | null) => void;
  /** Called when the tab is shown again: another desk may have changed the points meanwhile. */
  onVisible?: () => void;
  patterns?: readonly GuestPagePattern[];
  /** The page's address now; defaults to `location.href`. */
  currentUrl?: string;
  /** Defaults to the page's `document`. */
  document?: Document;
}

/**
 * Follows which guest Mews Operations shows, across single-page navigation and tab
 * switches. Reports only real changes (a new query string or hash on the same guest is not
 * one), and stops when `signal` aborts.
 *
 * @example
 * ```ts
 * watchGuestPage({
 *   signal,
 *   onLocationChange: locationChanges(signal),
 *   onGuestPage: (page) => model.showPage(page),
 *   onVisible: () => model.refresh(),
 * });
 * ```
 */
export function watchGuestPage(options: GuestPageWatchOptions): void {
  const { signal, patterns = MEWS_GUEST_PAGES } = options;
  const doc = options.document ?? document;
  if (signal.aborted) return;

  let current = findGuestPage(options.currentUrl ?? location.href, patterns);
  options.onGuestPage(current);

  options.onLocationChange((url) => {
    if (signal.aborted) return;
    const next = findGuestPage(url, patterns);
    if (sameGuestPage(current, next)) return;
    current = next;
    options.onGuestPage(next);
  });

  doc.addEventListener(
    'visibilitychange',
    () => {
      if (doc.visibilityState === 'visible') options.onVisible?.();
    },
    { signal },
  );
}

/**
 * Single-page navigation as `watchGuestPage` subscribes to it. The address is always read from
 * `location`, never from an event: a page script can dispatch any event (WXT's own
 * `wxt:locationchange` among them), but cannot make `location` say something else.
 * The Navigation API reports a `pushState` at once; without it (Firefox ESR) the address is
 * compared four times a second, which costs nothing, and `watchGuestPage` ignores repeats.
 *
 * @example
 * ```ts
 * watchGuestPage({ signal, onLocationChange: locationChanges(signal), onGuestPage: show });
 * ```
 */
export function locationChanges(signal: AbortSignal, scope: typeof globalThis = globalThis) {
  return (listener: (url: URL) => void): void => {
    const check = () => listener(new URL(scope.location.href));
    const navigation = (scope as { navigation?: EventTarget }).navigation;
    if (navigation) {
      navigation.addEventListener('currententrychange', check, { signal });
      return;
    }
    const timer = setInterval(check, 250);
    signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  };
}
