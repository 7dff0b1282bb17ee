/**
 * Points from stays: what crediting 1,000 check-outs costs in Mews calls, by the reservation
 * poll and by a backfill, against the physical minimum (every page of reservations, order
 * items and owners' memberships the stays need, at Mews's 1,000 per call); and how long after
 * a check-out its points are in Mews when the general webhook tells the proxy.
 */
import { randomUUID } from 'node:crypto';
import type { BackfillReport, EarningRules } from '../lib/contract';
import { startSandbox, type RunningSandbox } from '../server/sandbox/server';
import { distribution, round, type Figure } from './lib/figures';
import { pool, startBenchProxy, type BenchProxy } from './lib/proxy';

const STAYS = 1_000;
const WEBHOOK_STAYS = 50;
/** Enough customers for ~600 primary members in the biggest program. */
const CUSTOMERS = 4_000;
/** Mews's largest page, and the most ids one filter takes. */
const PAGE = 1_000;
const WEBHOOK_TOKEN = 'bench-webhook';
const RULES: EarningRules = {
  perNight: 10, perCurrencyUnit: 1, revenue: 'gross', includeProducts: true, perStay: 50, minNights: 1, tierMultipliers: {},
};

type Calls = Record<string, number>;
interface Member { membershipId: string; accountId: string }

async function callsSoFar(sandbox: RunningSandbox): Promise<Calls> {
  return ((await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as { requestsByOperation: Calls }).requestsByOperation;
}
const since = (after: Calls, before: Calls): Calls =>
  Object.fromEntries(Object.entries(after).map(([op, n]) => [op, n - (before[op] ?? 0)] as const).filter(([, n]) => n > 0));
const sum = (calls: Calls) => Object.values(calls).reduce((a, b) => a + b, 0);
const breakdown = (calls: Calls) => Object.entries(calls).map(([op, n]) => `${op} ${n}`).join(', ');

async function hook(sandbox: RunningSandbox, path: string, body: unknown = {}): Promise<any> {
  const res = await fetch(`${sandbox.url}/_sandbox/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path} ${res.status}: ${await res.text()}`);
  return res.json();
}

/** The program with the most primary enrolled members (the ones a stay credits), read from the sandbox's own store. */
function biggestProgram(sandbox: RunningSandbox): { programId: string; members: Member[] } {
  const byProgram = new Map<string, Member[]>();
  for (const m of sandbox.sandbox.state.store.memberships.all()) {
    if (!m.IsPrimary || m.State !== 'Enrolled' || m.DeletedUtc !== null) continue;
    const members = byProgram.get(m.LoyaltyProgramId) ?? [];
    members.push({ membershipId: m.Id, accountId: m.AccountId });
    byProgram.set(m.LoyaltyProgramId, members);
  }
  const [programId, members] = [...byProgram].sort((a, b) => b[1].length - a[1].length)[0]!;
  return { programId, members };
}

/** A sandbox and a proxy whose biggest program earns points from stays; `manager` is a manager's token. */
async function stayBench(options: { budget: 'raised' | 'real'; env?: Record<string, string> }) {
  // Raised on both sides: Mews's limit in the sandbox and the proxy's own share of it.
  const raised = options.budget === 'raised';
  const sandbox = await startSandbox({ port: 0, customers: CUSTOMERS, ...(raised ? { rateLimit: { limit: 1_000_000, windowMs: 30_000 } } : {}) });
  const proxy = await startBenchProxy(sandbox.url, { loyalty: { initialLoad: false }, env: { ...(raised ? { MEWS_REQUESTS_PER_30S: '10000' } : {}), ...options.env } });
  const { programId, members } = biggestProgram(sandbox);
  const manager = await proxy.pair('manager');
  const res = await fetch(`${proxy.url}/v1/programs/${programId}/earning`, {
    method: 'PUT', headers: { authorization: `Bearer ${manager}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body: JSON.stringify(RULES),
  });
  if (!res.ok) throw new Error(`earning rules: ${res.status} ${await res.text()}`);
  const close = async () => {
    await proxy.close();
    await sandbox.close();
  };
  return { sandbox, proxy, members, manager, close };
}

/** A stay of 1–4 nights for `member`, a third with breakfast, checked in now. */
const book = (sandbox: RunningSandbox, member: Member, i: number) =>
  hook(sandbox, 'reservations', { customerId: member.accountId, nights: 1 + (i % 4), nightlyPrice: 80 + (i % 7) * 10, products: i % 3 === 0 ? [{ name: 'Breakfast', price: 15 }] : [] });

/** `count` stays booked and checked out, the members taken in turn; what crediting them must read. */
async function checkOuts(sandbox: RunningSandbox, members: readonly Member[], count: number) {
  const items = await pool(count, 16, async (i) => {
    const { Id } = await book(sandbox, members[i % members.length]!, i);
    return ((await hook(sandbox, `reservations/${Id}/checkout`)).OrderItems as unknown[]).length;
  });
  const accounts = Math.min(count, members.length);
  const itemCount = items.reduce((a, b) => a + b, 0);
  // One call per page of 1,000: the reservations, their order items, their owners' memberships.
  const minimum = Math.ceil(count / PAGE) + Math.ceil(itemCount / PAGE) + Math.ceil(accounts / PAGE);
  return { accounts, items: itemCount, minimum };
}

function callsFigure(how: 'poll' | 'backfill', made: Calls, seconds: number, need: Awaited<ReturnType<typeof checkOuts>>, credited: number): Figure {
  const calls = sum(made);
  return {
    name: `stays.calls-${how}-${STAYS}`,
    label: `Mews calls to credit ${STAYS.toLocaleString('en-US')} check-outs by ${how}`,
    unit: 'calls',
    value: calls,
    baseline: { label: 'physical minimum', value: need.minimum },
    ratio: round(calls / need.minimum, 1),
    note:
      `${credited.toLocaleString('en-US')} stays credited in ${round(seconds, 1)} s (${breakdown(made)}); the minimum is every page the stays need at 1,000 per call: ` +
      `${Math.ceil(STAYS / PAGE)} of reservations, ${Math.ceil(need.items / PAGE)} of their ${need.items.toLocaleString('en-US')} order items, ` +
      `${Math.ceil(need.accounts / PAGE)} of the ${need.accounts.toLocaleString('en-US')} owners' memberships. What the rest is: two calls per stay, under the membership's lock — ` +
      'a fresh read of its Points (Mews has only "set Points", and the batch read may be stale by then) and the write of the new value. ' +
      "Mews's budget (and the proxy's share) raised for this run: at Mews's 200 calls per 30 s the same pass takes " +
      `${round((calls / 200) * 0.5, 1)} min, all of the access token's budget, which the desks' lookups share.`,
  };
}

async function byPoll(log: (line: string) => void): Promise<Figure> {
  const bench = await stayBench({ budget: 'raised' });
  try {
    const need = await checkOuts(bench.sandbox, bench.members, STAYS);
    const before = await callsSoFar(bench.sandbox);
    const started = performance.now();
    const report = await bench.proxy.loyalty.stays.pollOnce();
    const seconds = (performance.now() - started) / 1000;
    const made = since(await callsSoFar(bench.sandbox), before);
    const credited = report.outcomes.filter((o) => o.credit > 0).length;
    log(`poll: ${credited} credited, ${report.failed.length} failed, ${sum(made)} Mews calls (${breakdown(made)}), minimum ${need.minimum}, ${round(seconds, 1)} s`);
    return callsFigure('poll', made, seconds, need, credited);
  } finally {
    await bench.close();
  }
}

async function byBackfill(log: (line: string) => void): Promise<Figure> {
  const bench = await stayBench({ budget: 'raised' });
  try {
    const need = await checkOuts(bench.sandbox, bench.members, STAYS);
    const today = new Date().toISOString().slice(0, 10);
    const before = await callsSoFar(bench.sandbox);
    const started = performance.now();
    const res = await fetch(`${bench.proxy.url}/v1/accrual/backfill`, {
      method: 'POST', headers: { authorization: `Bearer ${bench.manager}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: today, to: today, dryRun: false }),
    });
    const report = (await res.json()) as BackfillReport;
    const seconds = (performance.now() - started) / 1000;
    if (!res.ok) throw new Error(`backfill ${res.status}: ${JSON.stringify(report)}`);
    const made = since(await callsSoFar(bench.sandbox), before);
    log(`backfill: ${report.stays} stays found, skipped ${JSON.stringify(report.skipped)}, ${sum(made)} Mews calls (${breakdown(made)}), minimum ${need.minimum}, ${round(seconds, 1)} s`);
    return callsFigure('backfill', made, seconds, need, report.stays - Object.values(report.skipped).reduce((a, b) => a + b, 0));
  } finally {
    await bench.close();
  }
}

/** One check-out a second, each timed from the check-out to its points landing in Mews. */
async function webhookLatency(log: (line: string) => void): Promise<Figure> {
  const bench = await stayBench({ budget: 'real', env: { MEWS_WEBHOOK_TOKEN: WEBHOOK_TOKEN } });
  try {
    await hook(bench.sandbox, 'webhooks', { url: `${bench.proxy.url}/mews/webhooks?token=${WEBHOOK_TOKEN}` });
    const store = bench.sandbox.sandbox.state.store;
    const samples: number[] = [];
    for (const [i, member] of bench.members.slice(0, WEBHOOK_STAYS).entries()) {
      const { Id } = await book(bench.sandbox, member, i);
      await new Promise((r) => setTimeout(r, 300)); // the booking's own webhook is read and done with
      const points = store.memberships.get(member.membershipId)!.Points;
      const started = performance.now();
      await hook(bench.sandbox, `reservations/${Id}/checkout`);
      // Mews's own store, read in-process: the points are "in Mews" the moment the write applies.
      while (store.memberships.get(member.membershipId)!.Points === points) {
        if (performance.now() - started > 30_000) throw new Error(`no points for ${Id} within 30 s`);
        await new Promise((r) => setTimeout(r, 1));
      }
      samples.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, Math.max(0, 700 - (performance.now() - started))));
    }
    const figure = distribution({ name: 'stays.webhook-to-points', label: 'Check-out → points in Mews, by webhook', unit: 'ms' }, samples);
    log(`webhook: p50 ${figure.p50} ms, p95 ${figure.p95} ms over ${samples.length} check-outs`);
    return {
      ...figure,
      note:
        `${WEBHOOK_STAYS} check-outs of different members, one a second, Mews's real 200-per-30-s budget, no poll; timed from the check-out ` +
        "hook's call to the new Points in the sandbox's store. The path: the sandbox's ServiceOrderUpdated webhook (Mews itself " +
        "lags 2–5 min), the proxy's 15 ms batching window, then reservations, order items and memberships read, the member's Points read under its lock and written.",
    };
  } finally {
    await bench.close();
  }
}

export async function staysAccrual(log: (line: string) => void): Promise<Figure[]> {
  return [await byPoll(log), await byBackfill(log), await webhookLatency(log)];
}
