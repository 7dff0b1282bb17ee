/**
 * Ids that arrive in bursts (webhook events) and are worked off in batches: queued ids are
 * folded, handed to `work` after `windowMs`, and what arrives meanwhile waits for the next
 * batch. A failed batch is logged, not retried: each user of this has a slower path that
 * catches up (a poll, the next lookup).
 */
import type { LoyaltyLogger } from './deps';

export interface IdQueue {
  /** Queues ids; answers how many were not queued already. */
  add(ids: Iterable<string>): number;
  /** Resolves when every queued id has been worked off (tests; shutdown). */
  drain(): Promise<void>;
}

export function createIdQueue(options: { windowMs: number; log: LoyaltyLogger; what: string; work: (ids: string[]) => Promise<void> }): IdQueue {
  const queued = new Set<string>();
  let flushing: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function flushSoon(): void {
    if (timer || flushing) return;
    timer = setTimeout(() => {
      timer = null;
      const ids = [...queued];
      queued.clear();
      flushing = options.work(ids)
        .catch((error: unknown) => options.log.warn({ err: error instanceof Error ? error.message : String(error), ids: ids.length }, `${options.what} failed`))
        .finally(() => {
          flushing = null;
          if (queued.size > 0) flushSoon();
        });
    }, options.windowMs);
  }

  return {
    add(ids) {
      let added = 0;
      for (const id of ids) {
        if (!queued.has(id)) added++;
        queued.add(id);
      }
      if (queued.size > 0) flushSoon();
      return added;
    },
    async drain() {
      while (timer || flushing || queued.size > 0) {
        if (flushing) await flushing;
        else await new Promise((r) => setTimeout(r, options.windowMs + 1));
      }
    },
  };
}
