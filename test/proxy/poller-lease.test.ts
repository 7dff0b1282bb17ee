// @vitest-environment node
/**
 * Several proxies on one store poll Mews as one: the lease decides which, on SQLite and
 * PostgreSQL, and another instance takes over when the holder stops or stops renewing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoyaltyModule } from '../../server/proxy/loyalty/module';
import { createLease, POLLER_LEASE } from '../../server/proxy/store/poller-lease';
import { SlidingWindowLimiter } from '../../server/proxy/mews/limiter';
import { pgAvailable } from './support/postgres';
import { startLoyaltyEnv, type LoyaltyEnv } from './support/loyalty-env';

const dialects = (['sqlite', 'postgres'] as const).filter((d) => d === 'sqlite' || pgAvailable);
if (!pgAvailable) describe.skip('poller lease on PostgreSQL (no PostgreSQL: see the warning above)', () => { it('skipped', () => {}); });

const until = async (check: () => Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe.each(dialects)('poller lease (%s)', (dialect) => {
  let env: LoyaltyEnv;
  beforeAll(async () => {
    env = await startLoyaltyEnv(dialect, { customers: 40 });
  });
  afterAll(() => env?.close());

  it('one holder at a time; renewed by its holder; free again after the TTL or a release', async () => {
    await env.store.db.deleteFrom('sync_state').where('name', '=', POLLER_LEASE).execute();
    let clock = 1_000_000;
    const a = createLease(env.store.db, { ttlMs: 15_000, now: () => clock, holder: 'proxy-a' });
    const b = createLease(env.store.db, { ttlMs: 15_000, now: () => clock, holder: 'proxy-b' });
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    clock += 10_000;
    expect(await a.acquire()).toBe(true); // renewed: good until +25 s
    clock += 10_000;
    expect(await b.acquire()).toBe(false);
    clock += 6_000; // a stopped renewing 16 s ago
    expect(await b.acquire()).toBe(true);
    expect(await a.acquire()).toBe(false);
    await a.release(); // not a's to give
    expect(await a.acquire()).toBe(false);
    await b.release();
    expect(await a.acquire()).toBe(true);
  });

  it('two instances: one polls; when it stops, the other picks up changes made in Mews', async () => {
    await env.store.db.deleteFrom('sync_state').where('name', '=', POLLER_LEASE).execute();
    const build = () =>
      createLoyaltyModule(env.deps, { limiter: new SlidingWindowLimiter({ maxRequests: 200, windowMs: 30_000 }), loyalty: { pollIntervalMs: 100, coalesceWindowMs: 15 } });
    const first = build();
    const second = build();
    const holder = async () =>
      (await env.store.db.selectFrom('sync_state').select('value').where('name', '=', POLLER_LEASE).executeTakeFirst())?.value ?? '';
    first.poller.start();
    await until(async () => (await holder()) !== '');
    second.poller.start();
    const firstHolder = (await holder()).split('|')[1];
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await holder()).split('|')[1]).toBe(firstHolder); // still the same instance

    await first.poller.stop(); // releases the lease
    const [m] = (await env.mews('loyaltyMemberships/getAll', { ActivityStates: ['Active'], Limitation: { Count: 1 } })).LoyaltyMemberships;
    await env.mews('loyaltyMemberships/update', { LoyaltyMembershipUpdates: [{ LoyaltyMembershipId: m.Id, Points: { Value: 8642 } }] });
    await until(async () => {
      const row = await env.store.db.selectFrom('memberships').select('points').where('id', '=', m.Id).executeTakeFirst();
      return row?.points === 8642;
    });
    expect((await holder()).split('|')[1]).not.toBe(firstHolder);
    await second.poller.stop();
  });
});
