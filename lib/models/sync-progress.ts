/**
 * The member cache's sync as the options page (and later the popup) shows it: a progress
 * bar during the full sync, the count and freshness after. Polls the background's
 * `getSyncStatus`: every second while a full sync runs, every 10 s otherwise.
 */
import { computed, signal } from '@preact/signals';
import { formatPoints } from '@/lib/format';
import type { Send } from '@/lib/contract/messages';
import type { SyncStatus } from '@/lib/contract/desk-cache';

const FAST_MS = 1_000;
const SLOW_MS = 10_000;

/**
 * @example
 * ```ts
 * const sync = createSyncProgress({ send: sendToBackground });
 * sync.watch(); // until sync.dispose()
 * sync.summary.value; // → '12,000 of ~40,000 members'
 * ```
 */
export function createSyncProgress({ send, locale }: { send: Send; locale?: string }) {
  const status = signal<SyncStatus | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const n = (value: number) => formatPoints(value, locale);
  const summary = computed(() => {
    const current = status.value;
    if (!current?.paired) return null;
    if (current.phase === 'full') {
      return current.estimatedTotal
        ? `${n(current.received)} of ~${n(Math.max(current.estimatedTotal, current.received))} members`
        : `${n(current.received)} members so far`;
    }
    if (current.phase === 'never') return current.lastError ? 'Members not downloaded yet.' : 'Starting the member download…';
    return `${n(current.cachedMembers)} members saved for offline use`;
  });

  async function refresh() {
    const answer = await send({ type: 'getSyncStatus' });
    if (answer.ok) status.value = answer.data;
  }

  function schedule() {
    if (stopped) return;
    const fast = !status.value || status.value.phase !== 'ready' || status.value.running;
    timer = setTimeout(() => void refresh().finally(schedule), fast ? FAST_MS : SLOW_MS);
  }

  return {
    status,
    summary,
    refresh,
    /** Keeps `status` current until {@link dispose}. */
    watch() {
      stopped = false;
      void refresh().finally(schedule);
    },
    dispose() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}

export type SyncProgress = ReturnType<typeof createSyncProgress>;
