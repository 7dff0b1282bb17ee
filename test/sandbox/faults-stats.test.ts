// Test hooks: /_sandbox/faults, /_sandbox/stats, /_sandbox/reset.
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../server/sandbox/app.ts';
import { ENTERPRISE_ID } from '../../server/sandbox/core/seed.ts';
import { call, expectMewsError } from './helpers.ts';

const post = (app: ReturnType<typeof createSandbox>['app'], path: string, body: unknown) =>
  app.request(path, { method: 'POST', body: JSON.stringify(body) });

describe('faults', () => {
  it('produces 429 and 5xx at roughly the configured rates', async () => {
    const { app } = createSandbox({ customers: 50, rateLimit: { limit: 100_000, windowMs: 30_000 } });
    expect((await post(app, '/_sandbox/faults', { rate429: 0.2, rate5xx: 0.1 })).status).toBe(200);
    const counts: Record<number, number> = {};
    for (let i = 0; i < 1000; i++) {
      const r = await call(app, 'configuration/get');
      counts[r.status] = (counts[r.status] ?? 0) + 1;
      if (r.status === 429) expect(r.headers.get('retry-after')).toBe('1');
      if (r.status !== 200) expectMewsError(r, r.status);
    }
    expect(counts[429]).toBeGreaterThan(150);
    expect(counts[429]).toBeLessThan(250);
    const fiveXx = (counts[500] ?? 0) + (counts[503] ?? 0);
    // 5xx is drawn after the 429 roll: expected 0.8 * 0.1 = 8%.
    expect(fiveXx).toBeGreaterThan(50);
    expect(fiveXx).toBeLessThan(115);
  });

  it('hangs a timeoutRate request for hangMs, then answers 408', async () => {
    const { app } = createSandbox({ customers: 50 });
    await post(app, '/_sandbox/faults', { timeoutRate: 1, hangMs: 150 });
    const t0 = Date.now();
    const r = await call(app, 'configuration/get');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expectMewsError(r, 408);
  });

  it('defaults the hang to 15 s, longer than a 10 s client timeout', async () => {
    const { app } = createSandbox({ customers: 50 });
    const res = await post(app, '/_sandbox/faults', { timeoutRate: 0.5 });
    expect(await res.json()).toMatchObject({ timeoutRate: 0.5, hangMs: 15_000 });
  });

  it('adds latency, and leaves hooks and pages alone', async () => {
    const { app } = createSandbox({ customers: 50 });
    await post(app, '/_sandbox/faults', { rate5xx: 1, latencyMs: 100 });
    const t0 = Date.now();
    expect((await call(app, 'configuration/get')).status).toBeGreaterThanOrEqual(500);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
    expect((await app.request('/_sandbox/stats')).status).toBe(200);
    expect((await app.request(`/Commander/${ENTERPRISE_ID}/Customer/Index`)).status).toBe(200);
  });

  it('400s nonsense fault settings', async () => {
    const { app } = createSandbox({ customers: 50 });
    expect((await post(app, '/_sandbox/faults', { rate429: 2 })).status).toBe(400);
    expect((await app.request('/_sandbox/faults', { method: 'POST', body: '{' })).status).toBe(400);
  });
});

describe('stats and reset', () => {
  it('counts requests per operation, 429s served and the peak per token; reset clears them and reseeds', async () => {
    const sb = createSandbox({ customers: 50, rateLimit: { limit: 5, windowMs: 30_000 } });
    for (let i = 0; i < 4; i++) await call(sb.app, 'configuration/get');
    for (let i = 0; i < 3; i++) await call(sb.app, 'loyaltyPrograms/getAll', { Limitation: { Count: 1 } });
    await sb.app.request('/api/connector/v1/nope/nope', { method: 'POST', body: '{}' });
    await sb.app.request(`/Commander/${ENTERPRISE_ID}/Customer/Index`);
    const s = await (await sb.app.request('/_sandbox/stats')).json();
    expect(s.requestsByOperation).toEqual({ 'configuration/get': 4, 'loyaltyPrograms/getAll': 3 });
    expect(s.served429).toBe(2);
    expect(s.statusCounts).toMatchObject({ 200: 5, 429: 2, 404: 1 });
    expect(s.peakRequestsPerWindow).toBe(7);

    await call(sb.app, 'customers/add', { LastName: 'Temp', OverwriteExisting: false }).catch(() => {});
    const res = await sb.app.request('/_sandbox/reset', { method: 'POST' });
    expect(res.status).toBe(200);
    const after = await (await sb.app.request('/_sandbox/stats')).json();
    expect(after.totalRequests).toBe(0);
    expect(after.peakRequestsPerWindow).toBe(0);
    expect(sb.state.store.customers.size).toBe(50);
    expect((await call(sb.app, 'configuration/get')).status).toBe(200);
  });
});
