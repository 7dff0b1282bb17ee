/**
 * Asks the proxy for the desk context again every `contextRefreshSeconds` (at most a minute),
 * so the hotel's kill switch and guest-page rules reach every desk within a minute
 * (`getContext` hands them to the content scripts, lib/host/served-rules.ts). A timer keeps
 * the pace while the worker is awake; when MV3 stops an idle worker the timer goes with it, and
 * the one-minute sync alarm (schedule.ts) wakes the worker again, which starts here with a
 * refresh. An unpaired desk asks nobody (its `getContext` fails without a request).
 */
import type { DeskContext } from '@/lib/contract';
import type { Result } from '@/lib/contract/messages';

/** Absent from an older proxy's answer: the period the kill switch promises. */
const DEFAULT_SECONDS = 60;

/**
 * @example
 * ```ts
 * keepContextFresh(() => handlers.getContext({ type: 'getContext', refresh: true }));
 * ```
 * @returns `now()`, to refresh at once (a desk just paired), and `stop()`.
 */
export function keepContextFresh(refresh: () => Promise<Result<DeskContext>>): { now(): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const run = async () => {
    clearTimeout(timer);
    let seconds = DEFAULT_SECONDS;
    try {
      const answer = await refresh();
      if (answer.ok) seconds = answer.data.contextRefreshSeconds ?? DEFAULT_SECONDS;
    } catch (error) {
      console.error('[keycard] context refresh failed', error);
    }
    // One timer, whichever refresh ends last sets it.
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => void run(), Math.min(seconds, DEFAULT_SECONDS) * 1_000);
  };
  void run();
  return {
    now: () => void run(),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
