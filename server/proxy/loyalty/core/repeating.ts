/**
 * A background pass run again `intervalMs` after the previous one ended (never two at once),
 * on an unref'd timer so it never keeps the process alive; `stop` waits for a pass in flight.
 * The membership poller and the stays follower each run one.
 */
export interface Repeating {
  start(firstDelayMs: number): void;
  stop(): Promise<void>;
}

export function createRepeating(intervalMs: number, pass: () => Promise<void>): Repeating {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;

  function schedule(delay: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      running = pass().finally(() => {
        running = null;
        schedule(intervalMs);
      });
    }, delay);
    timer.unref?.();
  }

  return {
    start(firstDelayMs) {
      if (!stopped || intervalMs <= 0) return;
      stopped = false;
      schedule(firstDelayMs);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => {});
    },
  };
}
