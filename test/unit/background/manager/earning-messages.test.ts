import { describe, expect, it, vi } from 'vitest';
import { createManagerHandlers } from '@/lib/background/manager/manager-handlers';
import { createProxyClient } from '@/lib/background/proxy/proxy-client';
import type { EarningRules } from '@/lib/contract';
import { fakeProxy, problem } from '../../support/fake-proxy';

const RULES: EarningRules = {
  perNight: 10, perCurrencyUnit: 0.5, revenue: 'gross', includeProducts: false,
  perStay: 0, minNights: 1, tierMultipliers: { 'tier-gold': 1.5 },
};

function handlersWith(routes: Parameters<typeof fakeProxy>[0]) {
  const proxy = fakeProxy(routes);
  const client = createProxyClient({ proxyUrl: 'http://proxy.test', token: 'tok', fetch: proxy.fetch });
  return { handlers: createManagerHandlers({ asDevice: (run) => run(client), refreshContext: vi.fn(async () => {}) }), proxy };
}

describe('Background: earning rules and crediting past stays', () => {
  it('reads and saves a program\'s rules (PUT with the idempotency key)', async () => {
    const version = { programId: 'prog 1', version: 2, rules: RULES, savedAt: '2026-12-03T09:00:00Z', savedBy: 'Anna' };
    const { handlers, proxy } = handlersWith({
      'GET /v1/programs/prog%201/earning': () => ({ status: 200, body: { earning: null } }),
      'PUT /v1/programs/prog%201/earning': () => ({ status: 200, body: { earning: version } }),
    });
    expect(await handlers.getEarning({ type: 'getEarning', programId: 'prog 1' })).toEqual({ ok: true, data: { earning: null } });
    const answer = await handlers.saveEarning({ type: 'saveEarning', programId: 'prog 1', rules: RULES, idempotencyKey: 'k-1' });
    expect(answer).toEqual({ ok: true, data: { earning: version } });
    expect(proxy.seen[1]).toMatchObject({ method: 'PUT', body: RULES, headers: { 'idempotency-key': 'k-1' } });
  });

  it("hands the proxy's 422 over with its field problems, for the form to place", async () => {
    const errors = [{ pointer: '/perCurrencyUnit', detail: 'perCurrencyUnit has at most two decimals.' }];
    const { handlers } = handlersWith({
      'PUT /v1/programs/prog-1/earning': () => ({ status: 422, body: problem(422, 'Unprocessable', 'The request body has invalid fields.', { errors }) }),
    });
    const answer = await handlers.saveEarning({ type: 'saveEarning', programId: 'prog-1', rules: { ...RULES, perCurrencyUnit: 0.125 }, idempotencyKey: 'k-2' });
    expect(answer).toMatchObject({ ok: false, error: { kind: 'invalid', message: 'The request body has invalid fields.', problem: { errors } } });
  });

  it('refuses rules of the wrong shape, or without a key, before asking the proxy', async () => {
    const { handlers, proxy } = handlersWith({});
    const bad = [
      { ...RULES, perNight: '10' },
      { ...RULES, revenue: 'both' },
      { ...RULES, tierMultipliers: { 'tier-gold': null } },
    ] as unknown as EarningRules[];
    for (const rules of bad) {
      expect(await handlers.saveEarning({ type: 'saveEarning', programId: 'prog-1', rules, idempotencyKey: 'k-3' })).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    }
    expect(await handlers.saveEarning({ type: 'saveEarning', programId: 'prog-1', rules: RULES, idempotencyKey: '' })).toMatchObject({ ok: false });
    expect(proxy.seen).toHaveLength(0);
  });

  it('sends only the rule fields, whatever else a page adds', async () => {
    const { handlers, proxy } = handlersWith({ 'PUT /v1/programs/prog-1/earning': () => ({ status: 200, body: { earning: null } }) });
    const rules = { ...RULES, perStay: 5, extra: 'ignored' } as EarningRules;
    await handlers.saveEarning({ type: 'saveEarning', programId: 'prog-1', rules, idempotencyKey: 'k-4' });
    expect(proxy.seen[0]!.body).toEqual({ ...RULES, perStay: 5 });
  });

  it('runs a backfill preview or credit with the range as sent; a reversed range never leaves', async () => {
    const { handlers, proxy } = handlersWith({
      'POST /v1/accrual/backfill': (request) => ({ status: 200, body: { ...(request.body as object), windows: 1, stays: 0, skipped: {}, programs: [], members: 0 } }),
    });
    const preview = await handlers.runBackfill({ type: 'runBackfill', from: '2026-09-01', to: '2026-09-30', dryRun: true });
    expect(preview).toMatchObject({ ok: true, data: { dryRun: true, from: '2026-09-01', to: '2026-09-30' } });
    await handlers.runBackfill({ type: 'runBackfill', from: '2026-09-01', to: '2026-09-30', dryRun: false });
    expect(proxy.seen.map((r) => r.body)).toEqual([
      { from: '2026-09-01', to: '2026-09-30', dryRun: true },
      { from: '2026-09-01', to: '2026-09-30', dryRun: false },
    ]);
    expect(await handlers.runBackfill({ type: 'runBackfill', from: '2026-10-01', to: '2026-09-30', dryRun: true })).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    expect(proxy.seen).toHaveLength(2);
  });
});
