/**
 * Mews Operations re-renders large parts of its page. If it throws away our shadow host,
 * put the panel back: the desk should never lose Keycard because the host app redrew.
 */

/**
 * Watches the document's top levels (no subtree, so it stays cheap on a busy app) and calls
 * `remount` whenever `element` is no longer in the document. Stops when `signal` aborts.
 *
 * @example
 * ```ts
 * keepMounted(ui.shadowHost, () => { ui.remove(); ui.mount(); }, ctx.signal);
 * ```
 */
export function keepMounted(element: Element, remount: () => void, signal: AbortSignal, doc: Document = document): void {
  if (signal.aborted) return;
  const observer = new MutationObserver(() => {
    if (!element.isConnected && doc.body) remount();
    observeBody();
  });
  let observedBody: HTMLElement | null = null;
  // A replaced <body> is a new node: follow it.
  function observeBody() {
    if (doc.body && doc.body !== observedBody) {
      observedBody = doc.body;
      observer.observe(doc.body, { childList: true });
    }
  }
  observer.observe(doc.documentElement, { childList: true });
  observeBody();
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
}
