/**
 * Mews economy: what N concurrent distinct cold lookups cost in Mews calls through the proxy,
 * against the physical minimum (one call per operation per 1,000 ids) and a pass-through
 * baseline (one call per lookup per operation, as a proxy without coalescing would make);
 * and, under 10× overload, whether the proxy keeps Mews below its 200-per-30-s limit.
 */
import { startSandbox, type RunningSandbox } from '../server/sandbox/server';
import { DEMO_ACCESS_TOKEN, DEMO_CLIENT_TOKEN } from '../server/sandbox/core/seed';
import { distribution, round, type Figure } from './lib/figures';
import { pool, startBenchProxy } from './lib/proxy';

const OPERATIONS = ['loyaltyMemberships/getAll', 'customers/getAll'] as const;

interface SandboxStats {
  requestsByOperation: Record<string, number>;
  served429: number;
  peakRequestsPerWindowByToken: Record<string, number>;
}

async function stats(sandbox: RunningSandbox): Promise<SandboxStats> {
  return (await fetch(`${sandbox.url}/_sandbox/stats`)).json() as Promise<SandboxStats>;
}

async function reset(sandbox: RunningSandbox): Promise<void> {
  await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
}

function lookupCalls(s: SandboxStats): number {
  return OPERATIONS.reduce((sum, op) => sum + (s.requestsByOperation[op] ?? 0), 0);
}

/** N distinct cold lookups fired at once through a fresh proxy; returns the Mews calls made. */
async function coldBurst(sandbox: RunningSandbox, accountIds: readonly string[]): Promise<{ calls: number; seconds: number; failed: number }> {
  await reset(sandbox);
  const proxy = await startBenchProxy(sandbox.url, { loyalty: { initialLoad: false } });
  const started = performance.now();
  const statuses = await pool(accountIds.length, 1000, async (i) => {
    const response = await fetch(`${proxy.url}/v1/accounts/${accountIds[i]}/loyalty`, {
      headers: { authorization: `Bearer ${proxy.token}` },
    });
    await response.arrayBuffer();
    return response.status;
  });
  const seconds = (performance.now() - started) / 1000;
  await proxy.close();
  return { calls: lookupCalls(await stats(sandbox)), seconds, failed: statuses.filter((s) => s !== 200).length };
}

/** The pass-through baseline, run for real: one Mews call per lookup per operation. */
async function passThrough(sandbox: RunningSandbox, accountIds: readonly string[]): Promise<{ calls: number; refused: number }> {
  await reset(sandbox);
  const call = (operation: string, body: object) =>
    fetch(`${sandbox.url}/api/connector/v1/${operation}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ClientToken: DEMO_CLIENT_TOKEN, AccessToken: DEMO_ACCESS_TOKEN, Client: 'pass-through baseline', ...body }),
    }).then((r) => r.arrayBuffer());
  await pool(accountIds.length, 100, async (i) => {
    const id = accountIds[i]!;
    await call('loyaltyMemberships/getAll', { AccountIds: [id], Limitation: { Count: 10 } });
    await call('customers/getAll', { CustomerIds: [id], Extent: { Customers: true }, Limitation: { Count: 1 } });
  });
  const s = await stats(sandbox);
  // requestsByOperation counts every request Mews received, refused ones included.
  return { calls: lookupCalls(s), refused: s.served429 };
}

/**
 * Lookups arrive one at a time, 10× faster than Mews allows one call each, for `seconds`.
 * The proxy must coalesce and queue: peak ≤ 200 per 30 s and no 429 from Mews.
 */
async function overload(sandbox: RunningSandbox, accountIds: readonly string[], seconds: number) {
  await reset(sandbox);
  const proxy = await startBenchProxy(sandbox.url, { loyalty: { initialLoad: false, coalesceWindowMs: 1 } });
  const perSecond = (200 / 30) * 10;
  const total = Math.round(perSecond * seconds);
  const latencies: number[] = [];
  let failed = 0;
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const started = performance.now();
    inflight.push(
      fetch(`${proxy.url}/v1/accounts/${accountIds[i % accountIds.length]}/loyalty`, {
        headers: { authorization: `Bearer ${proxy.token}` },
      }).then(async (response) => {
        await response.arrayBuffer();
        if (response.status === 200) latencies.push(performance.now() - started);
        else failed += 1;
      }),
    );
    await new Promise((r) => setTimeout(r, 1000 / perSecond));
  }
  await Promise.all(inflight);
  await proxy.close();
  const s = await stats(sandbox);
  return { total, failed, latencies, peak: Math.max(0, ...Object.values(s.peakRequestsPerWindowByToken)), served429: s.served429, calls: lookupCalls(s) };
}

export async function mewsEconomy(log: (line: string) => void): Promise<Figure[]> {
  const sandbox = await startSandbox({ port: 0, customers: 100_000 });
  try {
    const customers = sandbox.sandbox.state.store.customers.all().map((c) => c.Id);
    const figures: Figure[] = [];
    for (const n of [1_000, 10_000]) {
      const ids = customers.slice(0, n);
      const burst = await coldBurst(sandbox, ids);
      const minimum = OPERATIONS.length * Math.ceil(n / 1000);
      log(`economy N=${n}: ${burst.calls} Mews calls (minimum ${minimum}) in ${round(burst.seconds)} s, ${burst.failed} failed lookups`);
      figures.push({
        name: `mews-economy.cold-${n}`,
        label: `Mews calls for ${n.toLocaleString('en-US')} concurrent cold lookups`,
        unit: 'calls',
        value: burst.calls,
        baseline: { label: 'pass-through', value: OPERATIONS.length * n },
        ratio: round(burst.calls / (OPERATIONS.length * n), 4),
        note:
          `${round(burst.calls / minimum, 1)}× the physical minimum of ${minimum} (one memberships and one customers call per 1,000 ids); ` +
          `all ${n.toLocaleString('en-US')} answered in ${round(burst.seconds, 1)} s with ${burst.failed} failures. ` +
          'What limits it: the proxy handles requests one at a time, so a burst reaches the coalescer spread over a second or more; ' +
          'the window widens as the Mews budget fills (budgetAwareWindow), trading up to ~0.5 s of latency for fewer calls.',
      });
    }
    const baseline = await passThrough(sandbox, customers.slice(0, 1000));
    log(`pass-through N=1000: ${baseline.calls} Mews calls, ${baseline.refused} refused with 429`);
    figures.push({
      name: 'mews-economy.pass-through-1000-429s',
      label: 'Pass-through baseline: 429s for 1,000 lookups',
      unit: 'responses',
      value: baseline.refused,
      note: `Without coalescing, 1,000 lookups make ${baseline.calls} Mews calls and Mews refuses ${baseline.refused} of them with 429; the proxy's figure above is the same work.`,
    });

    const load = await overload(sandbox, customers.slice(20_000), 30);
    log(`overload: ${load.total} lookups, peak ${load.peak} Mews requests per 30 s, ${load.served429} 429s, ${load.failed} failed`);
    figures.push({
      name: 'mews-economy.overload-peak',
      label: 'Peak Mews requests per 30 s under 10× overload',
      unit: 'requests',
      value: load.peak,
      budget: 200,
      note: `${load.total} distinct cold lookups over 30 s (${round((200 / 30) * 10, 1)}/s, each alone in its window); ${load.calls} Mews calls in all, ${load.failed} lookups failed.`,
    });
    figures.push({ name: 'mews-economy.overload-429', label: 'Mews 429s under 10× overload', unit: 'responses', value: load.served429, budget: 0 });
    figures.push(distribution({ name: 'mews-economy.overload-latency', label: 'Lookup latency under 10× overload', unit: 'ms' }, load.latencies));
    return figures;
  } finally {
    await sandbox.close();
  }
}
