/**
 * Folds many concurrent single-key loads into few batched loads: Mews allows 200 calls per
 * 30 s, and a desk opening 100 guest pages must not cost 100 calls.
 *
 * Keys wait up to `windowMs` from the first miss, and at most one batch is in flight: keys
 * that arrive meanwhile ride together in the next one. A full batch (`maxBatch`) goes at once.
 * Keys already in flight join that batch's promise instead of queueing twice.
 */
export interface CoalescerOptions<K, V> {
  /** How long keys wait from the first miss; a function is asked afresh for every window. */
  windowMs: number | (() => number);
  maxBatch: number;
  /** Loads a batch; keys missing from the result resolve to `undefined`. */
  load: (keys: K[]) => Promise<Map<K, V>>;
}

interface Pending<V> {
  resolve: (value: V | undefined) => void;
  reject: (reason: unknown) => void;
}

/**
 * @example
 * const accounts = new Coalescer({ windowMs: 15, maxBatch: 1000, load: fetchAccounts });
 * const [a, b] = await Promise.all([accounts.get('id-1'), accounts.get('id-2')]); // one load(['id-1', 'id-2'])
 */
export class Coalescer<K, V> {
  private readonly options: CoalescerOptions<K, V>;
  private queued = new Map<K, Pending<V>[]>();
  private readonly inFlight = new Map<K, Promise<V | undefined>>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private windowElapsed = false;
  private running = 0;
  /** Batches sent so far (for tests and metrics). */
  batches = 0;

  constructor(options: CoalescerOptions<K, V>) {
    this.options = options;
  }

  private window(): number {
    const { windowMs } = this.options;
    return typeof windowMs === 'function' ? windowMs() : windowMs;
  }

  get(key: K): Promise<V | undefined> {
    const flying = this.inFlight.get(key);
    if (flying) return flying;
    return new Promise<V | undefined>((resolve, reject) => {
      const waiters = this.queued.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.queued.set(key, [{ resolve, reject }]);
      if (this.queued.size >= this.options.maxBatch) {
        this.windowElapsed = true;
        this.flush(true);
      } else if (!this.timer && !this.windowElapsed) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.windowElapsed = true;
          this.flush(false);
        }, this.window());
      }
    });
  }

  private flush(full: boolean): void {
    if (this.queued.size === 0) {
      this.windowElapsed = false;
      return;
    }
    if (this.running > 0 && !full) return; // the running batch's end flushes us
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.queued;
    this.queued = new Map();
    this.windowElapsed = false;
    const keys = [...batch.keys()];
    this.batches++;
    this.running++;
    const loaded = this.options.load(keys);
    for (const key of keys) {
      const promise = loaded.then((values) => values.get(key));
      promise.catch(() => {});
      this.inFlight.set(key, promise);
    }
    loaded.then(
      (values) => {
        for (const [key, waiters] of batch) for (const w of waiters) w.resolve(values.get(key));
      },
      (error: unknown) => {
        for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
      },
    ).finally(() => {
      for (const key of keys) this.inFlight.delete(key);
      this.running--;
      // Keys that queued while we were busy go now, if their window already passed.
      if (this.running === 0 && this.queued.size > 0) {
        if (this.windowElapsed) this.flush(false);
        else if (!this.timer) {
          this.timer = setTimeout(() => {
            this.timer = null;
            this.windowElapsed = true;
            this.flush(false);
          }, this.window());
        }
      }
    });
  }
}

/**
 * A coalescing window that widens as the Mews budget runs low. With the budget nearly unused
 * a miss waits only `baseMs` (latency first); as the 30-s window fills, misses wait longer so
 * each call carries more guests (calls first): ~35 ms at 10% used, ~0.5 s at half, 2 s when
 * spent. Without this, lookups that trickle in over HTTP (a few per window) spent the whole
 * budget on tiny batches, and then everyone waited 30 s for the next slot.
 *
 * @example
 * new Coalescer({ windowMs: budgetAwareWindow(15, mews.limiter), maxBatch: 1000, load });
 */
export function budgetAwareWindow(baseMs: number, budget: { readonly used: number; readonly maxRequests: number }): () => number {
  return () => {
    const pressure = Math.min(1, budget.used / budget.maxRequests);
    if (pressure < 0.05) return baseMs;
    return Math.round(baseMs + 2000 * pressure ** 2);
  };
}
