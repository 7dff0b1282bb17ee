// 200 requests per AccessToken per sliding 30 s, then 429 with Retry-After.
import { describe, expect, it, vi } from 'vitest';
import { createSandbox } from '../../server/sandbox/app.ts';
import { RateLimiter } from '../../server/sandbox/core/rate-limit.ts';
import { DEMO_ACCESS_TOKEN_NET } from '../../server/sandbox/core/seed.ts';
import { call, expectMewsError } from './helpers.ts';

describe('rate limit', () => {
  it('serves the 201st request within 30 s a 429 with Retry-After (real default 200)', async () => {
    const { app, state } = createSandbox({ customers: 50 });
    for (let i = 0; i < 200; i++) {
      const r = await call(app, 'configuration/get');
      if (r.status !== 200) throw new Error(`request ${i + 1} got ${r.status}`);
    }
    const r = await call(app, 'configuration/get');
    expectMewsError(r, 429);
    const retry = Number(r.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(30);
    // The other demo AccessToken has its own budget.
    expect((await call(app, 'configuration/get', { AccessToken: DEMO_ACCESS_TOKEN_NET })).status).toBe(200);
    expect(state.stats.snapshot().rateLimited429).toBe(1);
  });

  it('uses the configured limit and window, and lets requests through again once the window slides', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.UTC(2026, 10, 1, 10, 0, 0));
      const { app } = createSandbox({ customers: 50, rateLimit: { limit: 3, windowMs: 2_000 } });
      for (let i = 0; i < 3; i++) expect((await call(app, 'configuration/get')).status).toBe(200);
      const limited = await call(app, 'configuration/get');
      expectMewsError(limited, 429);
      expect(limited.headers.get('retry-after')).toBe('2');
      vi.setSystemTime(Date.UTC(2026, 10, 1, 10, 0, 2) + 1);
      expect((await call(app, 'configuration/get')).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it('accepts maxRequests as an alias of limit', async () => {
    const { app } = createSandbox({ customers: 50, rateLimit: { maxRequests: 1, windowMs: 60_000 } });
    expect((await call(app, 'configuration/get')).status).toBe(200);
    expectMewsError(await call(app, 'configuration/get'), 429);
  });

  it('does not count refused requests against the window', () => {
    const limiter = new RateLimiter({ limit: 2, windowMs: 1000 });
    expect(limiter.take('t', 0)).toBe(0);
    expect(limiter.take('t', 100)).toBe(0);
    expect(limiter.take('t', 200)).toBe(1);
    expect(limiter.take('t', 900)).toBe(1);
    expect(limiter.take('t', 1001)).toBe(0);
  });
});
