// @vitest-environment node
/**
 * Security review, issue 17 row 4: one desk used up the shared Mews budget (350 popup
 * searches that Mews had to answer; another desk's guest lookup then waited 29.8 s behind
 * them). Each desk now has a fair share of this proxy's Mews budget (`DEVICE_MEWS_SHARE`,
 * by default a quarter): requests that reach Mews spend it, answers from the mirror do not,
 * and a desk past its share gets 429 with Retry-After while the others go on. A search Mews
 * answered with nobody is remembered briefly, so repeating it spends nothing.
 *
 * Played with Mews's real budget (200 requests per 30 s) on the proxy's side, and counted,
 * not timed: the Mews calls the flooding desk caused, its 429s, the other desk's 200.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startLoyaltyEnv, type LoyaltyEnv } from '../proxy/support/loyalty-env';

const MEWS_BUDGET = { maxRequests: 200, windowMs: 30_000 };
/** Mews's budget as MEWS_REQUESTS_PER_30S says it, so the default share is a quarter of it. */
const ENV = { DEVICE_MEWS_SHARE: '', MEWS_REQUESTS_PER_30S: '200' };

/** A name no guest has, different for every `i`, without digits (digits make it a number search). */
const nobody = (i: number) => `Qzx${i.toString(26).replace(/[0-9]/g, (d) => 'klmnopqrst'[Number(d)]!)}`;

let env: LoyaltyEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

async function setUp(extraEnv: Record<string, string> = {}) {
  env = await startLoyaltyEnv('sqlite', { customers: 200, mewsBudget: MEWS_BUDGET, env: { ...ENV, ...extraEnv } });
  const { LoyaltyMemberships } = await env.mews('loyaltyMemberships/getAll', { ActivityStates: ['Active'], Limitation: { Count: 1 } });
  const guest = (LoyaltyMemberships as Array<{ AccountId: string }>)[0]!.AccountId;
  const e = env;
  const desk = async (name: string) => (await e.harness.pair('desk', name)).token;
  const search = (token: string, q: string) => e.harness.request(`/v1/members/search?q=${encodeURIComponent(q)}`, { token });
  const lookup = (token: string, accountId = guest) => e.harness.request(`/v1/accounts/${accountId}/loyalty`, { token });
  const calls = async () => (await e.stats()).requestsByOperation;
  return { env: e, guest, desk, search, lookup, calls };
}

describe('a fair share of the Mews budget per desk', () => {
  it('the review\'s attack: 350 uncached searches from one desk; another desk\'s lookup still gets through', { timeout: 90_000 }, async () => {
    const t = await setUp();
    const flooder = await t.desk('Desk 1');
    const other = await t.desk('Desk 2');
    const before = await t.calls();

    const flood = Array.from({ length: 350 }, (_, i) => t.search(flooder, nobody(i)));
    const answer = await t.lookup(other);
    const floodAnswers = await Promise.all(flood);
    expect(answer.status).toBe(200);

    const after = await t.calls();
    const delta = (op: string) => (after[op] ?? 0) - (before[op] ?? 0);
    // The other desk's lookup is one batch: one customers/getAll and one loyaltyMemberships/getAll.
    // Every other customers/getAll is the flood's (a name search Mews answers with nobody is one call).
    expect(delta('loyaltyMemberships/getAll')).toBe(1);
    const floodCalls = delta('customers/getAll') - 1;
    expect(floodCalls).toBeGreaterThan(0);
    expect(floodCalls).toBeLessThanOrEqual(50); // a quarter of 200
    const refused = floodAnswers.filter((r) => r.status === 429);
    console.log(`Fair share: 350 uncached searches from one desk → ${floodAnswers.length - refused.length} answered, ${refused.length} × 429; `
      + `${floodCalls} Mews calls caused by it (share 50 of 200 per 30 s); the other desk's lookup: ${answer.status}`);
    expect(refused.length).toBeGreaterThanOrEqual(300);
    expect(floodAnswers.filter((r) => r.status !== 429).every((r) => r.status === 200)).toBe(true);
    expect(Number(refused[0]!.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    const problem = (await refused[0]!.json()) as { type?: string; detail?: string };
    expect(problem.detail).toMatch(/Mews/);
  });

  it('answers from the mirror cost nothing of the share; answers from Mews do', async () => {
    const t = await setUp({ DEVICE_MEWS_SHARE: '10' });
    const desk = await t.desk('Desk 1');
    const total = async () => Object.values(await t.calls()).reduce((a, b) => a + b, 0);
    const start = await total();
    expect((await t.lookup(desk)).status).toBe(200); // the guest (and the programs) fetched once ...
    const firstLookup = (await total()) - start;
    expect(firstLookup).toBeGreaterThan(0);
    const cached = [];
    for (let i = 0; i < 100; i++) cached.push((await t.lookup(desk)).status); // ... then mirrored
    expect(cached.every((s) => s === 200)).toBe(true);
    const searches = [];
    for (let i = 0; i < 20; i++) searches.push((await t.search(desk, nobody(1_000 + i))).status);
    // The share is 10 calls: the first lookup spent some, each search one, the mirror none.
    expect(searches.filter((s) => s === 200)).toHaveLength(10 - firstLookup);
    expect(searches.filter((s) => s === 429)).toHaveLength(10 + firstLookup);
    // Another desk is untouched by the first one's spending.
    expect((await t.search(await t.desk('Desk 2'), nobody(5_000))).status).toBe(200);
  });

  it('a search Mews answered with nobody is remembered: asking again spends no Mews call', async () => {
    const t = await setUp();
    const desk = await t.desk('Desk 1');
    const before = (await t.calls())['customers/getAll'] ?? 0;
    for (let i = 0; i < 5; i++) {
      const res = await t.search(desk, 'Qzxnobody');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ members: [] });
    }
    // Another desk asking the same (case and spaces aside) is answered from memory too.
    expect((await t.search(await t.desk('Desk 2'), '  qzxNOBODY ')).status).toBe(200);
    expect(((await t.calls())['customers/getAll'] ?? 0) - before).toBe(1);
  });
});
