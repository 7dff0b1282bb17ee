/**
 * Mews allows 200 requests per AccessToken within any 30 s (FACTS.md §4) and may block
 * integrations that keep hitting 429. So the proxy never sends more than that: callers past
 * the budget wait in a FIFO queue instead of failing.
 *
 * A slot is held from the moment a request is sent until its answer (headers) arrives, and
 * then for `windowMs` more. Mews counts a request when it receives it, which is somewhere in
 * between, so counting from the answer is the conservative choice: however slow the network,
 * Mews never sees more than `maxRequests` in one window.
 */
import { createHash } from 'node:crypto';

export interface RateLimiterOptions {
  /** Requests allowed per window (Mews: 200). */
  maxRequests: number;
  /** Window length in ms (Mews: 30 000). */
  windowMs: number;
  now?: () => number;
}

/** Call once the request's answer (or failure) arrived. Idempotent. */
export type ReleaseSlot = () => void;

/**
 * What the Mews client spends: this process's limiter (SQLite, one instance) or the budget
 * instances share through PostgreSQL (shared-budget.ts).
 */
export interface MewsBudget {
  readonly maxRequests: number;
  readonly windowMs: number;
  /** Callers waiting for a slot (a metrics gauge). */
  readonly queueLength: number;
  /** Slots counted against the window, as far as this instance knows. */
  readonly used: number;
  /** Waits for a slot; rejects with the signal's reason if aborted while queued. */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot>;
  /** Holds this instance's callers back until `untilMs` (epoch ms): what a 429's Retry-After asks for. */
  blockUntil(untilMs: number): void;
}

interface Waiter {
  resolve: (release: ReleaseSlot) => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * Sliding-window limiter with a FIFO queue.
 *
 * @example
 * const limiter = new SlidingWindowLimiter({ maxRequests: 200, windowMs: 30_000 });
 * const release = await limiter.acquire();
 * try { await fetch(url) } finally { release() }
 */
export class SlidingWindowLimiter implements MewsBudget {
  readonly maxRequests: number;
  readonly windowMs: number;
  private readonly now: () => number;
  /** Requests sent and not yet answered. */
  private inFlight = 0;
  /** When answered requests leave the window, ascending. */
  private expiries: number[] = [];
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** After a 429: nobody goes before this instant. */
  private blockedUntil = 0;

  constructor(options: RateLimiterOptions) {
    if (!(options.maxRequests >= 1)) throw new RangeError('maxRequests must be >= 1');
    if (!(options.windowMs > 0)) throw new RangeError('windowMs must be > 0');
    this.maxRequests = options.maxRequests;
    this.windowMs = options.windowMs;
    this.now = options.now ?? Date.now;
  }

  /** Callers waiting for a slot (a metrics gauge). */
  get queueLength(): number {
    return this.queue.length;
  }

  /** Slots currently counted against the window (in flight + answered within the window). */
  get used(): number {
    this.prune();
    return this.inFlight + this.expiries.length;
  }

  /** Waits (FIFO) for a slot; rejects with the signal's reason if aborted while queued. */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.queue.length === 0 && this.canGrant()) return Promise.resolve(this.grant());
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.schedule();
    });
  }

  /** Holds everyone back until `untilMs` (epoch ms): what a 429's Retry-After asks for. */
  blockUntil(untilMs: number): void {
    if (untilMs > this.blockedUntil) this.blockedUntil = untilMs;
    this.schedule();
  }

  private canGrant(): boolean {
    if (this.now() < this.blockedUntil) return false;
    this.prune();
    return this.inFlight + this.expiries.length < this.maxRequests;
  }

  private grant(): ReleaseSlot {
    this.inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.expiries.push(this.now() + this.windowMs);
      this.schedule();
    };
  }

  private prune(): void {
    const now = this.now();
    let drop = 0;
    while (drop < this.expiries.length && this.expiries[drop]! <= now) drop++;
    if (drop > 0) this.expiries.splice(0, drop);
  }

  private drain(): void {
    while (this.queue.length > 0 && this.canGrant()) {
      const waiter = this.queue.shift()!;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(this.grant());
    }
  }

  private schedule(): void {
    this.drain();
    if (this.queue.length === 0 || this.timer) return;
    const now = this.now();
    // When every slot is in flight there is nothing to time: the next release calls schedule().
    const next = this.blockedUntil > now ? this.blockedUntil : this.expiries[0];
    if (next === undefined) return;
    const delay = Math.max(0, next - now);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.schedule();
    }, Math.min(delay, 2 ** 31 - 1));
    // Not unref'd: the timer exists only while callers are queued, and they are real work.
    // Unref'd, a proxy whose start-up reconciliation met a 429 (Retry-After) had nothing else
    // keeping Node alive (it listens only after start()) and exited silently with code 0.
  }
}

const shared = new Map<string, SlidingWindowLimiter>();

/**
 * The process-wide limiter for one AccessToken: every Mews client using the token shares it.
 * Keyed by a hash so the token itself is not kept as a map key.
 */
export function limiterForToken(accessToken: string, options: Omit<RateLimiterOptions, 'now'>): SlidingWindowLimiter {
  const key = `${createHash('sha256').update(accessToken).digest('hex')}:${options.maxRequests}:${options.windowMs}`;
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new SlidingWindowLimiter(options);
    shared.set(key, limiter);
  }
  return limiter;
}
