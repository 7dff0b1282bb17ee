// @vitest-environment node
/**
 * The Mews budget instances share through PostgreSQL (mews/shared-budget.ts over
 * store/mews-budget-repository.ts), on a real database: two budgets on one schema stand for two
 * instances. Counted: slots granted in total and per desk, who goes first, what happens when the
 * database does not answer. Two proxies over real HTTP are in test/reliability/mews-shared-budget.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/proxy/store/db';
import { takeMewsSlots } from '../../server/proxy/store/mews-budget-repository';
import { SharedMewsBudget } from '../../server/proxy/mews/shared-budget';
import { MewsShare } from '../../server/proxy/mews/device-share';
import { MewsError } from '../../server/proxy/mews/errors';
import type { ReleaseSlot } from '../../server/proxy/mews/limiter';
import { openPgStoreOn, openTestPgStore, pgAvailable } from './support/postgres';

const LIMIT = 6;
const SHARE = 3;
const WINDOW_MS = 60_000;

function budgetOn(store: Store, tokenKey: string) {
  return new SharedMewsBudget({
    maxRequests: LIMIT, windowMs: WINDOW_MS, deviceShare: SHARE, giveUpMs: 5_000,
    take: (ask) => takeMewsSlots(store.db, { ...ask, tokenKey, limit: LIMIT, deviceLimit: SHARE, windowMs: WINDOW_MS, heldMs: 1_000 }),
  });
}

/** Asks for a slot as `device`'s request would (null: the proxy's own work). */
function acquireAs(budget: SharedMewsBudget, device: string | null): Promise<ReleaseSlot> {
  if (device === null) return budget.acquire();
  const admission = new MewsShare(1_000).admit(device);
  if (!admission.ok) throw new Error('not admitted');
  return admission.ticket.run(() => budget.acquire());
}

/** Which of `pending` have resolved after the database had time to answer. */
async function settled<T>(pending: Array<Promise<T>>, ms = 300): Promise<boolean[]> {
  const done = pending.map(() => false);
  pending.forEach((p, i) => void p.then(() => (done[i] = true), () => (done[i] = true)));
  await new Promise((r) => setTimeout(r, ms));
  return done;
}

describe.skipIf(!pgAvailable)('one Mews budget shared through PostgreSQL', () => {
  let first: Store & { schema: string };
  let second: Store;
  let token = 0;
  const nextToken = () => `token-${++token}`;
  beforeAll(async () => {
    first = await openTestPgStore();
    second = await openPgStoreOn(first.schema);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('two instances together get no more slots than the window holds', async () => {
    const key = nextToken();
    const a = budgetOn(first, key);
    const b = budgetOn(second, key);
    const asks = [...Array.from({ length: 5 }, () => acquireAs(a, null)), ...Array.from({ length: 5 }, () => acquireAs(b, null))];
    const done = await settled(asks);
    expect(done.filter(Boolean)).toHaveLength(LIMIT);
    expect(a.queueLength + b.queueLength).toBe(10 - LIMIT);
  });

  it('a desk holds at most its share across instances, and another desk goes ahead of its queue', async () => {
    const key = nextToken();
    const a = budgetOn(first, key);
    const b = budgetOn(second, key);
    const flood = [...Array.from({ length: 4 }, () => acquireAs(a, 'flood')), ...Array.from({ length: 4 }, () => acquireAs(b, 'flood'))];
    const floodDone = await settled(flood);
    expect(floodDone.filter(Boolean)).toHaveLength(SHARE);
    // The flood's requests still wait on both instances; the quiet desk's are not behind them.
    const quiet = [acquireAs(a, 'quiet'), acquireAs(b, 'quiet')];
    expect(await settled(quiet)).toEqual([true, true]);
    expect((await settled(flood, 50)).filter(Boolean)).toHaveLength(SHARE);
  });

  it('a slot handed back leaves the window a window after its answer, not before', async () => {
    const key = nextToken();
    const grant = () => takeMewsSlots(first.db, { tokenKey: key, device: null, want: LIMIT, limit: LIMIT, deviceLimit: SHARE, windowMs: 200, heldMs: 60_000, released: [] });
    const taken = await grant();
    expect(taken.ids).toHaveLength(LIMIT);
    const full = await grant();
    expect(full.ids).toEqual([]);
    expect(full.retryAfterMs).toBeGreaterThan(1_000); // on their way: counted until handed back
    const back = await takeMewsSlots(first.db, { tokenKey: key, device: null, want: 0, limit: LIMIT, deviceLimit: SHARE, windowMs: 200, heldMs: 60_000, released: taken.ids });
    expect(back.used).toBe(LIMIT); // answered just now: still in the window
    await new Promise((r) => setTimeout(r, 250));
    expect((await grant()).ids).toHaveLength(LIMIT);
  });

  it('sends nothing without the database: callers wait, the log says so once, and they fail after giveUpMs', async () => {
    const warnings: string[] = [];
    let calls = 0;
    const budget = new SharedMewsBudget({
      maxRequests: LIMIT, windowMs: WINDOW_MS, deviceShare: SHARE, giveUpMs: 1_200,
      logger: { warn: (_details, message) => warnings.push(message ?? '') },
      take: async () => {
        calls++;
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      },
    });
    const started = Date.now();
    const outcome = await budget.acquire().then(() => 'granted', (error: unknown) => error);
    expect(outcome).toBeInstanceOf(MewsError);
    expect((outcome as MewsError).message).toMatch(/budget/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_200);
    expect(calls).toBeGreaterThan(1);
    expect(warnings).toEqual(['Mews budget: PostgreSQL does not answer; no Mews request is sent until it does']);
  });
});
