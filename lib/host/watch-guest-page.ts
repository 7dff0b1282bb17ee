import { findGuestInHeading } from './guest-in-heading';
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
  /** The rules in force now (the proxy may replace them while the page is open); defaults to the shipped ones. */
  patterns?: () => readonly GuestPagePattern[];
  /** The page's address now; defaults to `location.href`. */
  currentUrl?: string;
  /** Defaults to the page's `document`. */
  document?: Document;
}

/** What the content script may ask of a running watch. */
export interface GuestPageWatch {
  /** Looks again with the rules in force now (the proxy served new ones). */
  recheck(): void;
}

/** How long the page's heading may keep changing before it is read again (ms). */
const HEADING_SETTLE_MS = 200;

/**
 * Follows which guest Mews Operations shows, across single-page navigation and tab
 * switches. Reports only real changes (a new query string or hash on the same guest is not
 * one), and stops when `signal` aborts. When no rule recognises the address, the page's main
 * heading may still name the guest (guest-in-heading.ts): the page is watched for it then,
 * and only then, since Mews draws the heading after it changed the address.
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
export function watchGuestPage(options: GuestPageWatchOptions): GuestPageWatch {
  const { signal } = options;
  const patterns = options.patterns ?? (() => MEWS_GUEST_PAGES);
  const doc = options.document ?? document;
  if (signal.aborted) return { recheck() {} };

  let url: string | URL = options.currentUrl ?? location.href;
  let headingWatch: MutationObserver | null = null;
  let settle: ReturnType<typeof setTimeout> | undefined;
  const find = () => findGuestPage(url, patterns()) ?? findGuestInHeading(doc, patterns());
  /** Reads the heading again once the page stops redrawing it for a moment. */
  const readHeadingSoon = () => {
    clearTimeout(settle);
    settle = setTimeout(() => report(find()), HEADING_SETTLE_MS);
  };
  function followHeading(byAddress: boolean) {
    if (byAddress || signal.aborted) {
      headingWatch?.disconnect();
      headingWatch = null;
    } else if (!headingWatch && doc.body) {
      headingWatch = new MutationObserver(readHeadingSoon);
      headingWatch.observe(doc.body, { childList: true, subtree: true, characterData: true });
    }
  }
  function report(next: GuestPage | null) {
    if (signal.aborted || sameGuestPage(current, next)) return;
    current = next;
    options.onGuestPage(next);
  }
  function look() {
    if (signal.aborted) return;
    followHeading(findGuestPage(url, patterns()) !== null);
    report(find());
  }
  signal.addEventListener('abort', () => {
    clearTimeout(settle);
    followHeading(true);
  }, { once: true });

  let current = find();
  followHeading(findGuestPage(url, patterns()) !== null);
  options.onGuestPage(current);

  options.onLocationChange((next) => {
    url = next;
    look();
  });

  doc.addEventListener(
    'visibilitychange',
    () => {
      if (doc.visibilityState === 'visible') options.onVisible?.();
    },
    { signal },
  );
  return { recheck: look };
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
