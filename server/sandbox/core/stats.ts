/**
 * Counters for `GET /_sandbox/stats`: requests per operation, 429s served, and the peak
 * number of requests any AccessToken made within one window (did the client respect 200/30 s?).
 * Every attempt counts toward the peak, including refused ones: that is what Mews would see.
 */

/** The JSON shape of `GET /_sandbox/stats`. */
export interface StatsSnapshot {
  totalRequests: number;
  requestsByOperation: Record<string, number>;
  statusCounts: Record<string, number>;
  served429: number;
  /** 429s from the real limiter (the rest came from the rate429 fault). */
  rateLimited429: number;
  windowMs: number;
  peakRequestsPerWindowByToken: Record<string, number>;
  peakRequestsPerWindow: number;
}

/** Mutable counters, reset with the sandbox. */
export class Stats {
  private byOp: Record<string, number> = {};
  private byStatus: Record<string, number> = {};
  private total = 0;
  private served429 = 0;
  private limited429 = 0;
  private readonly recent = new Map<string, number[]>();
  private peaks: Record<string, number> = {};

  constructor(private readonly windowMs: number) {}

  /** Counts one request to `operation` (e.g. `loyaltyMemberships/getAll`). */
  request(operation: string): void {
    this.total++;
    this.byOp[operation] = (this.byOp[operation] ?? 0) + 1;
  }

  /** Counts one attempt by an authenticated token and updates its peak. */
  tokenAttempt(token: string, now: number): void {
    let times = this.recent.get(token);
    if (!times) this.recent.set(token, (times = []));
    times.push(now);
    let drop = 0;
    while (drop < times.length && times[drop]! <= now - this.windowMs) drop++;
    if (drop) times.splice(0, drop);
    const key = `${token.slice(0, 8)}…`;
    this.peaks[key] = Math.max(this.peaks[key] ?? 0, times.length);
  }

  /** Counts a response status; `fromLimiter` marks 429s of the real limiter. */
  response(status: number, fromLimiter = false): void {
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
    if (status === 429) {
      this.served429++;
      if (fromLimiter) this.limited429++;
    }
  }

  /** A JSON-ready copy. Tokens are shown by their first 8 characters only. */
  snapshot(): StatsSnapshot {
    return {
      totalRequests: this.total,
      requestsByOperation: { ...this.byOp },
      statusCounts: { ...this.byStatus },
      served429: this.served429,
      rateLimited429: this.limited429,
      windowMs: this.windowMs,
      peakRequestsPerWindowByToken: { ...this.peaks },
      peakRequestsPerWindow: Math.max(0, ...Object.values(this.peaks)),
    };
  }
}
