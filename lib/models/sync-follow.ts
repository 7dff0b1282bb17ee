/**
 * The popup's sync line while the popup stays open: a popup opened during the sync (or before
 * a paired desk's first sync began) asks how far it got every second, so the line counts up
 * and then says when the cache synced, with no need to open the popup again. It asks nothing
 * once the cache has synced: the line then changes only at the next opening.
 */
import type { Signal } from '@preact/signals';
import type { Send } from '@/lib/contract/messages';
import type { SearchHome } from '@/lib/contract/member-search';
import { lastSyncAt } from '@/lib/contract/desk-cache';

/** How often a popup opened during a sync asks how far it got. */
export const SYNC_FOLLOW_MS = 1_000;

const waiting = (home: SearchHome | null) => Boolean(home?.paired && (home.sync.syncing || !home.sync.lastSyncAt));

/**
 * Follows the sync into `home.sync` while it runs; returns the function that stops following.
 *
 * @example
 * ```ts
 * const stop = followSync(home, sendToBackground);
 * onDispose(stop);
 * ```
 */
export function followSync(home: Signal<SearchHome | null>, send: Send, everyMs = SYNC_FOLLOW_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const ask = async () => {
    // A worker that stopped between two asks answers the next one; a send that throws is one missed ask.
    const answer = await send({ type: 'getSyncStatus' }).catch(() => null);
    const shown = home.peek();
    if (stopped) return;
    if (answer?.ok && shown) {
      const { phase, cachedMembers } = answer.data;
      home.value = { ...shown, sync: { cachedMembers, lastSyncAt: lastSyncAt(answer.data), syncing: phase === 'full' } };
    }
    next();
  };
  const next = () => {
    timer = waiting(home.peek()) ? setTimeout(() => void ask(), everyMs) : null;
  };
  next();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
