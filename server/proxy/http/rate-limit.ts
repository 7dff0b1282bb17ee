/**
 * In-memory sliding-window limits: per device for the API, per client address for pairing
 * attempts, and each desk's share of the Mews budget. In memory is enough because the limits
 * protect one process from one noisy desk; they are not a security boundary shared across
 * instances. (Across instances on PostgreSQL, Mews's budget and each desk's share of it are
 * held in the database: mews/shared-budget.ts.)
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';
import type { Counter } from 'prom-client';
import type { MewsShare } from '../mews/device-share';
import { problemResponse, tooManyRequests } from './problems';

/** The outcome of a check: allowed, or how long until the oldest hit leaves the window. */
export interface LimitDecision {
  allowed: boolean;
  retryAfterMs: number;
}

/**
 * At most `limit` events per key within any `windowMs`. Keeps one timestamp per event, so
 * memory is bounded by limit × active keys; idle keys are swept as the map grows.
 *
 * @example
 * const limiter = new SlidingWindowLimiter(600, 60_000);
 * if (!limiter.hit(device.id).allowed) throw tooManyRequests(...);
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private sweepAt = 1024;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string, at: number): number[] {
    const list = this.hits.get(key);
    if (!list) return [];
    const cutoff = at - this.windowMs;
    let drop = 0;
    while (drop < list.length && list[drop]! <= cutoff) drop++;
    if (drop > 0) list.splice(0, drop);
    if (list.length === 0) this.hits.delete(key);
    return list;
  }

  private decision(list: number[], at: number): LimitDecision {
    if (list.length < this.limit) return { allowed: true, retryAfterMs: 0 };
    return { allowed: false, retryAfterMs: Math.max(1, list[list.length - this.limit]! + this.windowMs - at) };
  }

  /** Would another event for `key` be allowed now? Records nothing. */
  check(key: string): LimitDecision {
    const at = this.now();
    return this.decision(this.recent(key, at), at);
  }

  /** Records an event for `key` unconditionally (e.g. a failed pairing attempt). */
  record(key: string): void {
    const at = this.now();
    const list = this.recent(key, at);
    list.push(at);
    this.hits.set(key, list);
    this.maybeSweep(at);
  }

  /** Records an event if allowed; refused events are not counted, so a blocked client recovers. */
  hit(key: string): LimitDecision {
    const at = this.now();
    const list = this.recent(key, at);
    const decision = this.decision(list, at);
    if (decision.allowed) {
      list.push(at);
      this.hits.set(key, list);
      this.maybeSweep(at);
    }
    return decision;
  }

  private maybeSweep(at: number): void {
    if (this.hits.size < this.sweepAt) return;
    for (const key of [...this.hits.keys()]) this.recent(key, at);
    this.sweepAt = Math.max(1024, this.hits.size * 2);
  }
}

/**
 * Middleware limiting each authenticated device (run after `requireDevice`): 429 problem
 * with `Retry-After` in seconds once the device exceeds its budget.
 */
export function deviceRateLimit(limiter: SlidingWindowLimiter, refused?: Counter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const decision = limiter.hit(c.get('device').id);
    if (!decision.allowed) {
      refused?.inc();
      return problemResponse(
        c,
        tooManyRequests(decision.retryAfterMs / 1000, { key: 'deviceRateLimited', params: { limit: limiter.limit } }),
      );
    }
    await next();
  };
}

/**
 * Middleware giving each desk its fair share of the Mews budget (mews/device-share.ts): a
 * desk whose requests caused `share.share` Mews requests within the window (30 s) gets 429 with
 * `Retry-After` until they age out; the others go on. Runs after validation, so a refused
 * body never costs a unit. Manager devices are not held to it: there are few, paired by the
 * owner, and their work (a backfill of past stays) spends the budget in bulk by design.
 */
export function deviceMewsShare(share: MewsShare, refused?: Counter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const device = c.get('device');
    if (device.role === 'manager') return next();
    const admission = share.admit(device.id);
    if (!admission.ok) {
      refused?.inc();
      const seconds = Math.max(1, Math.ceil(admission.retryAfterMs / 1000));
      const words = { key: 'mewsShareUsed', params: { window: Math.round(share.windowMs / 1000), share: share.share, seconds } } as const;
      return problemResponse(c, tooManyRequests(seconds, words, { type: 'https://keycard.dev/problems/mews-share-used' }));
    }
    try {
      await admission.ticket.run(next);
    } finally {
      admission.ticket.done();
    }
  };
}
