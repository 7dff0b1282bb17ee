/**
 * Marks on the desk's two hot paths, one per step, on the performance timeline of the context
 * that takes the step (the Mews page, the service worker, the panel's frame, the popup):
 * a guest page to the guest's points, and a keystroke in the popup to its results.
 * `npm run bench -- time-to-status popup-search` reads them to say where the time goes
 * (issue 19). Each mark replaces the last one of its name, so a desk's day keeps a handful of
 * entries, not thousands; a mark holds a time and nothing else.
 */

export const TRACE_STEPS = {
  /** Content script: the page's address (or heading) names a new guest. */
  guestFound: 'keycard:guest-found',
  /** Panel frame: the guest arrived over the port from the content script. */
  guestReceived: 'keycard:guest-received',
  /** Service worker: a cache-only lookup began. */
  cacheRead: 'keycard:cache-read',
  /** Service worker: that lookup has its answer from IndexedDB. */
  cacheAnswered: 'keycard:cache-answered',
  /** Panel frame: the cached answer is in the model; the render follows. */
  guestShown: 'keycard:guest-shown',
  /** Popup: a keystroke's query is on its way to the index. */
  searchAsked: 'keycard:search-asked',
  /** Popup: the index's matches are in the model; the render follows. */
  searchAnswered: 'keycard:search-answered',
  /** Popup: its own copy of the index answered in the input event (no message); the render follows. */
  searchAnsweredHere: 'keycard:search-answered-here',
  /** Popup: its own copy began reading the member cache (after the background answered its start). */
  memberCopyOpened: 'keycard:member-copy-opened',
  /** Popup: that copy is built and answers keystrokes. */
  memberCopyReady: 'keycard:member-copy-ready',
} as const;

export type TraceStep = keyof typeof TRACE_STEPS;

/** Notes that `step` happened now in this context. Never throws: a trace must not break the desk. */
export function markStep(step: TraceStep): void {
  const name = TRACE_STEPS[step];
  try {
    performance.clearMarks(name);
    performance.mark(name);
  } catch {
    // No performance timeline here (a unit test's fake worker): nothing to trace.
  }
}
