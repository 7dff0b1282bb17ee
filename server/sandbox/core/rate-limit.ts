/**
 * Mews's request limit: N requests per AccessToken over a sliding window (200 per 30 s on
 * demo and production, FACTS §4). Requests refused with 429 do not count, so a client that
 * backs off as told by Retry-After gets through again.
 */

/** Limit and window of the sliding-window limiter. */
export interface RateLimitOptions {
  limit: number;
  windowMs: number;
}

/** The documented default: 200 requests per AccessToken within 30 seconds. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 200, windowMs: 30_000 };

/** Sliding-window log limiter keyed by AccessToken. */
export class RateLimiter {
  private readonly log = new Map<string, number[]>();

  constructor(readonly options: RateLimitOptions = DEFAULT_RATE_LIMIT) {}

  /**
   * Records a request at `now` if allowed. Returns 0 when allowed, else the seconds
   * (at least 1) until the oldest request in the window leaves it.
   */
  take(token: string, now: number): number {
    let times = this.log.get(token);
    if (!times) this.log.set(token, (times = []));
    const from = now - this.options.windowMs;
    let drop = 0;
    while (drop < times.length && times[drop]! <= from) drop++;
    if (drop) times.splice(0, drop);
    if (times.length >= this.options.limit) {
      return Math.max(1, Math.ceil((times[0]! + this.options.windowMs - now) / 1000));
    }
    times.push(now);
    return 0;
  }

  /** Forgets all history (sandbox reset). */
  clear(): void {
    this.log.clear();
  }
}
