/**
 * The member cache's sync as the options page (and later the popup) shows it: a progress
 * bar during the full sync, the count and freshness after. Polls the background's
 * `getSyncStatus`: every second while a full sync runs, every 10 s otherwise.
 */
import { computed, createModel, effect, signal } from '@preact/signals';
import { formatPoints } from '@/lib/format';
import type { Send } from '@/lib/contract/messages';
import type { SyncStatus } from '@/lib/contract/desk-cache';
import { t, tn } from '@/lib/i18n';

const FAST_MS = 1_000;
const SLOW_MS = 10_000;

/**
 * @example
 * ```ts
 * const sync = new SyncProgressModel({ send: sendToBackground });
 * sync.watch(); // until sync[Symbol.dispose]()
 * sync.summary.value; // → '12,000 of ~40,000 members'
 * ```
 */
export const SyncProgressModel = createModel(({ send, locale }: { send: Send; locale?: string }) => {
  const status = signal<SyncStatus | null>(null);
  const watching = signal(false);

  const n = (value: number) => formatPoints(value, locale);
  const summary = computed(() => {
    const current = status.value;
    if (!current?.paired) return null;
    if (current.phase === 'full') {
      return current.estimatedTotal
        ? t('sync.fullOf', { received: n(current.received), total: n(Math.max(current.estimatedTotal, current.received)) })
        : t('sync.fullSoFar', { received: n(current.received) });
    }
    if (current.phase === 'never') return current.lastError ? t('sync.notDownloaded') : t('sync.starting');
    return tn('sync.saved', current.cachedMembers);
  });

  async function refresh() {
    const answer = await send({ type: 'getSyncStatus' });
    if (answer.ok) status.value = answer.data;
  }

  // While watched: ask, wait (fast during a full sync), ask again; dispose stops the chain.
  effect(() => {
    if (!watching.value) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const schedule = () => {
      if (stopped) return;
      const current = status.peek();
      const fast = !current || current.phase !== 'ready' || current.running;
      timer = setTimeout(() => void refresh().finally(schedule), fast ? FAST_MS : SLOW_MS);
    };
    void refresh().finally(schedule);
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    };
  });

  return {
    status,
    summary,
    refresh,
    /** Keeps `status` current until the model is disposed. */
    watch() {
      watching.value = true;
    },
  };
});

export type SyncProgress = InstanceType<typeof SyncProgressModel>;
