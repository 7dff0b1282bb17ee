/**
 * How long the panel stays on the page: until this extension is really gone (updated,
 * reloaded or removed), not whenever WXT's content-script context says so. WXT invalidates a
 * running content script when a document event announces that a newer copy started; any page
 * script can dispatch that event, and would remove the panel with it. So an invalidation is
 * believed only when the extension's own context confirms it: a content script whose extension
 * went away finds `runtime.id` gone (or its API dead), and then it does go.
 */

export interface PanelLifetime {
  /** Aborts once the extension is gone; everything the panel set up stops with it. */
  signal: AbortSignal;
  /** Looks again (a port closed, the page dropped the panel): aborts if the extension is gone. Returns whether it lives. */
  check(): boolean;
}

/**
 * @example
 * ```ts
 * const lifetime = panelLifetime(ctx.signal, () => browser.runtime?.id !== undefined);
 * keepMounted(panel.host, () => lifetime.check() && remount(), lifetime.signal);
 * ```
 */
export function panelLifetime(claimedEnd: AbortSignal, extensionAlive: () => boolean): PanelLifetime {
  const controller = new AbortController();
  function check(): boolean {
    if (controller.signal.aborted) return false;
    let alive = false;
    try {
      alive = extensionAlive();
    } catch {
      // Firefox: the API of an unloaded extension throws "can't access dead object".
    }
    if (!alive) controller.abort();
    return alive;
  }
  const onClaimedEnd = () => {
    if (check()) console.info('[keycard] ignored a "content script started" event this extension did not send');
  };
  if (claimedEnd.aborted) onClaimedEnd();
  else claimedEnd.addEventListener('abort', onClaimedEnd, { once: true });
  return { signal: controller.signal, check };
}
