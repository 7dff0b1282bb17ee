/**
 * One Mews budget across proxy instances (issue 16 item 7), played for real: two proxy processes
 * on one PostgreSQL schema and one sandbox that counts Mews requests per access token, with the
 * window scaled down (MEWS_WINDOW_MS) so a run takes seconds. One desk floods name searches no
 * guest matches (each one Mews call) at ten times the budget, spread over both instances, and
 * retries every 429 after its Retry-After; a quiet desk meanwhile does cold lookups of guests
 * nobody looked at yet (each costs Mews calls). The reliability test asserts on what this returns
 * (counts and order); the bench reports its timings.
 */
import { startSandbox, type RunningSandbox } from '../../../server/sandbox/server';
import { ProxyProcess, freePort, mewsMemberships, openProxyStore, pairDevice, pgSchema, sleep } from './processes';

export interface SharedBudgetOptions {
  /** The whole access token's budget per window: MEWS_REQUESTS_PER_30S on both instances, and the sandbox's limit. */
  limit: number;
  /** MEWS_WINDOW_MS on both instances and the sandbox's window. */
  windowMs: number;
  /** Flood searches, `overload` × `limit`, all wanted at once ... */
  overload: number;
  /** ... sent with this many in flight per instance (a desk's browser keeps a few connections, not thousands). */
  floodInFlight: number;
  /** The quiet desk's cold lookups, one every `quietEveryMs`. */
  quietLookups: number;
  quietEveryMs: number;
  /** DEVICE_MEWS_SHARE: Mews requests one desk may cause per window (across instances on PostgreSQL). */
  deviceShare: number;
}

export interface SharedBudgetResult {
  /** The sandbox's peak Mews requests in any window for the token, and its 429s. */
  peakPerWindow: number;
  rateLimited429: number;
  totalRequests: number;
  /** Final status of every flood search (after retrying 429s) and how many 429s it met on the way. */
  floodStatuses: number[];
  floodRefusals: number;
  /** When each flood search was finally answered (ms since the run started), ascending. */
  floodAnsweredAt: number[];
  quiet: Array<{ status: number; ms: number; answeredAt: number; ownMembership: boolean }>;
  seconds: number;
}

/** A name no guest has, different for every `i`, without digits (digits make it a number search). */
const nobody = (i: number) => `Qzx${i.toString(26).replace(/[0-9]/g, (d) => 'klmnopqrst'[Number(d)]!)}`;

export async function runSharedBudget(o: SharedBudgetOptions): Promise<SharedBudgetResult> {
  const database = await pgSchema('kc_budget');
  let sandbox: RunningSandbox | undefined;
  const proxies: ProxyProcess[] = [];
  try {
    sandbox = await startSandbox({ port: 0, customers: 200, rateLimit: { limit: o.limit, windowMs: o.windowMs } });
    // Guests nobody looked up yet, asked of Mews directly before any proxy runs (it is counted too).
    const [warmUp, ...members] = (await mewsMemberships(sandbox.url, undefined, 100)).slice(0, o.quietLookups + 1);
    await sleep(o.windowMs);
    for (const name of ['proxy A', 'proxy B']) {
      const proxy = new ProxyProcess(await freePort(), {
        MEWS_PLATFORM_URL: sandbox.url,
        DATABASE_URL: database.url,
        MEWS_REQUESTS_PER_30S: String(o.limit),
        MEWS_WINDOW_MS: String(o.windowMs),
        DEVICE_MEWS_SHARE: String(o.deviceShare),
        DEVICE_RATE_LIMIT: '1000000',
        SEARCH_MISS_CACHE_S: '0',
        STAY_POLL_MS: '0',
        MEMBERSHIP_SWEEP_MS: '0',
        LOG_LEVEL: 'warn',
      }, name);
      await proxy.start(); // one after the other: the second finds the schema migrated
      proxies.push(proxy);
    }
    const [a, b] = proxies as [ProxyProcess, ProxyProcess];
    const store = await openProxyStore(database.url);
    const flooder = await pairDevice(a.url, store, 'desk', 'Desk 1 (flood)');
    const quietDesk = await pairDevice(b.url, store, 'desk', 'Desk 2 (quiet)');
    await store.close();
    // Unmeasured warm-up, as a proxy that has been running is: each instance's first search and
    // lookup (connections opened, the programs loaded), then the window left to clear.
    for (const proxy of proxies) {
      await fetch(`${proxy.url}/v1/members/search?q=Warmup`, { headers: { Authorization: `Bearer ${flooder.token}` } }).then((r) => r.arrayBuffer());
      await fetch(`${proxy.url}/v1/accounts/${warmUp!.AccountId}/loyalty`, { headers: { Authorization: `Bearer ${quietDesk.token}` } }).then((r) => r.arrayBuffer());
    }
    await sleep(o.windowMs);
    // The start-up's own Mews calls (the poller's initial load) count as well: nothing is reset.

    const started = performance.now();
    const since = () => performance.now() - started;
    let floodRefusals = 0;
    const floodAnsweredAt: number[] = [];
    const search = async (i: number, proxy: ProxyProcess): Promise<number> => {
      for (let attempt = 0; attempt < 500; attempt++) {
        const res = await fetch(`${proxy.url}/v1/members/search?q=${encodeURIComponent(nobody(i))}`, {
          headers: { Authorization: `Bearer ${flooder.token}` },
        });
        await res.arrayBuffer();
        if (res.status !== 429) {
          floodAnsweredAt.push(since());
          return res.status;
        }
        floodRefusals++;
        await sleep(Number(res.headers.get('Retry-After') ?? '1') * 1000);
      }
      return 429;
    };
    const total = o.overload * o.limit;
    const floodStatuses: number[] = new Array(total);
    let next = 0;
    // Half the connections to each instance, as a load balancer spreads them.
    const worker = async (proxy: ProxyProcess) => {
      while (next < total) {
        const i = next++;
        floodStatuses[i] = await search(i, proxy);
      }
    };
    const flood = Promise.all(Array.from({ length: o.floodInFlight * 2 }, (_, w) => worker(proxies[w % 2]!)));

    const quiet: SharedBudgetResult['quiet'] = [];
    for (const [i, member] of members.entries()) {
      await sleep(i === 0 ? o.quietEveryMs / 2 : o.quietEveryMs);
      const t0 = performance.now();
      const res = await fetch(`${b.url}/v1/accounts/${member.AccountId}/loyalty`, { headers: { Authorization: `Bearer ${quietDesk.token}` } });
      const body = (await res.json()) as { memberships?: Array<{ id: string }> };
      quiet.push({
        status: res.status,
        ms: performance.now() - t0,
        answeredAt: since(),
        ownMembership: body.memberships?.some((m) => m.id === member.Id) ?? false,
      });
    }
    await flood;
    const seconds = since() / 1000;
    const stats = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as {
      totalRequests: number; rateLimited429: number; peakRequestsPerWindowByToken: Record<string, number>;
    };
    return {
      peakPerWindow: Math.max(0, ...Object.values(stats.peakRequestsPerWindowByToken)),
      rateLimited429: stats.rateLimited429,
      totalRequests: stats.totalRequests,
      floodStatuses,
      floodRefusals,
      floodAnsweredAt: floodAnsweredAt.sort((x, y) => x - y),
      quiet,
      seconds,
    };
  } finally {
    for (const proxy of proxies) await proxy.stop();
    await sandbox?.close();
    await database.drop().catch(() => {});
  }
}
