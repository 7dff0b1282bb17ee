/**
 * One Mews budget across two proxies on one PostgreSQL (issue 16 item 7), timed: the scenario of
 * test/reliability/mews-shared-budget.test.ts at Mews's real 200 requests per window, the window
 * shortened to 3 s (MEWS_WINDOW_MS) so the run takes about a minute. One desk floods 2,000 name
 * searches at once over both instances (10× the window's budget, each a Mews call, 429s retried
 * after Retry-After); a quiet desk does cold lookups on one of them meanwhile. Reports Mews's peak
 * per window (both instances together) and the quiet desk's lookup time (target: p95 < 1 s).
 */
import { cpus, loadavg } from 'node:os';
import { pgAvailable } from '../test/proxy/support/postgres';
import { runSharedBudget } from '../test/reliability/support/shared-budget-run';
import { distribution, percentile, round, type Figure } from './lib/figures';

const LIMIT = 200;
const WINDOW_MS = 3_000;
/** The flooding desk may hold three quarters of the window (DEVICE_MEWS_SHARE; the default is a quarter). */
const DEVICE_SHARE = 150;
const FLOOD_IN_FLIGHT = 32;

export async function mewsSharedBudget(log: (line: string) => void): Promise<Figure[]> {
  if (!pgAvailable) {
    log('skipped: no PostgreSQL at KEYCARD_TEST_PG_URL');
    return [];
  }
  const run = await runSharedBudget({
    limit: LIMIT, windowMs: WINDOW_MS, overload: 10, floodInFlight: FLOOD_IN_FLIGHT, deviceShare: DEVICE_SHARE, quietLookups: 30, quietEveryMs: 300,
  });
  const times = run.quiet.filter((q) => q.status === 200).map((q) => q.ms);
  const p95 = round(percentile(times, 95));
  const failed = run.floodStatuses.filter((s) => s !== 200).length + run.quiet.filter((q) => q.status !== 200).length;
  log(`shared budget: ${run.floodStatuses.length} flood searches + ${run.quiet.length} quiet lookups in ${round(run.seconds, 1)} s; ` +
    `peak ${run.peakPerWindow} per ${WINDOW_MS / 1000} s (limit ${LIMIT}), ${run.rateLimited429} real 429s, ${failed} failed; ` +
    `quiet lookup p50 ${round(percentile(times, 50))} ms, p95 ${p95} ms`);
  const setting = `two proxies on one PostgreSQL, MEWS_REQUESTS_PER_30S=${LIMIT} on both, MEWS_WINDOW_MS=${WINDOW_MS}, DEVICE_MEWS_SHARE=${DEVICE_SHARE}; ` +
    `one desk wanted ${run.floodStatuses.length} uncached name searches at once (10× the window's budget), ${FLOOD_IN_FLIGHT} in flight per instance, ` +
    `${run.floodRefusals} refusals with Retry-After on the way, all answered in ${round(run.seconds, 1)} s; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;
  return [
    {
      name: 'shared-budget.peak',
      label: 'Peak Mews requests per window, two proxies together, under 10× overload',
      unit: 'requests',
      value: run.peakPerWindow,
      budget: LIMIT,
      note: `${setting}; the sandbox counted ${run.totalRequests} requests and refused ${run.rateLimited429}.`,
    },
    { name: 'shared-budget.mews-429', label: 'Mews 429s with two proxies sharing one budget', unit: 'responses', value: run.rateLimited429, budget: 0 },
    distribution({
      name: 'shared-budget.quiet-lookup',
      label: "A quiet desk's cold lookup while another desk floods searches (two proxies)",
      unit: 'ms',
      note: `Target p95 < 1 s. ${run.quiet.length} cold lookups, one every 300 ms on one proxy, during the flood; ${setting}.`,
    }, times),
    { name: 'shared-budget.quiet-lookup-p95', label: "A quiet desk's cold lookup p95 under another desk's flood", unit: 'ms', value: p95, budget: 1_000 },
  ];
}
