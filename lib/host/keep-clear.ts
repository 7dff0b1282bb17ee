/**
 * Keeps the panel off the page's controls (panel-placement.ts decides where): measures the
 * page's visible controls when something may have moved them (the page changed, the window
 * or the panel was resized) and moves the panel's frame; while a control the panel still
 * covers has the keyboard focus, the frame steps aside. Tied to an AbortSignal, as every
 * part of the content script.
 */
import { covers, panelTop, type Box } from './panel-placement';

/** What a desk can click or type into. */
const CONTROLS = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="link"], [role="tab"], [contenteditable="true"]';
/** Measuring the page costs a layout read: at most this often while the page keeps changing. */
const SETTLE_MS = 250;

export interface KeepClearOptions {
  signal: AbortSignal;
  /** The panel's host element (its own subtree is never a control of the page). */
  host: Element;
  /** The frame's size as last drawn, or null before the first report. */
  panelSize: () => { width: number; height: number; side?: 'left' | 'right' } | null;
  /** The frame's box in the viewport now. */
  frameBox: () => Box | null;
  /** Moves the frame to `top` (CSS pixels from the window's top). */
  place: (top: number) => void;
  /** Steps the frame aside (true) or back (false). */
  makeWay: (away: boolean) => void;
  /** Defaults to the page's window. */
  window?: Window;
}

export interface KeepClear {
  /** Something moved (the panel's size, the guest shown): measure again soon. */
  changed(): void;
}

/**
 * @example
 * ```ts
 * const clear = keepClear({ signal, host: panel.host, panelSize: () => size, frameBox: () => panel.frameBox(),
 *   place: (top) => panel.place(top), makeWay: (away) => panel.makeWay(away) });
 * clear.changed(); // after each size report
 * ```
 */
export function keepClear(options: KeepClearOptions): KeepClear {
  const win = options.window ?? window;
  const doc = win.document;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function controls(): Box[] {
    const boxes: Box[] = [];
    for (const element of doc.querySelectorAll(CONTROLS)) {
      if (options.host.contains(element)) continue;
      const { left, top, right, bottom } = element.getBoundingClientRect();
      boxes.push({ left, top, right, bottom });
    }
    return boxes;
  }

  function measure() {
    timer = null;
    const size = options.panelSize();
    if (!size || options.signal.aborted) return;
    options.place(panelTop({ viewport: { width: doc.documentElement.clientWidth, height: win.innerHeight }, panel: size, controls: controls(), side: size.side }));
  }

  function changed() {
    if (timer === null && !options.signal.aborted) timer = setTimeout(measure, 0);
  }
  const settle = () => {
    if (timer === null && !options.signal.aborted) timer = setTimeout(measure, SETTLE_MS);
  };

  const observer = new MutationObserver(settle);
  observer.observe(doc.body, { childList: true, subtree: true });
  win.addEventListener('resize', changed, { signal: options.signal });
  doc.addEventListener(
    'focusin',
    (event) => {
      const target = event.target as Element | null;
      const frame = options.frameBox();
      if (!target || !frame || options.host.contains(target)) return options.makeWay(false);
      const { left, top, right, bottom } = target.getBoundingClientRect();
      options.makeWay(covers(frame, { left, top, right, bottom }));
    },
    { signal: options.signal, capture: true },
  );
  doc.addEventListener('focusout', () => options.makeWay(false), { signal: options.signal, capture: true });
  options.signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      if (timer !== null) clearTimeout(timer);
    },
    { once: true },
  );
  return { changed };
}
