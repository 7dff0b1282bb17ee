/**
 * Time to status: from a guest-page navigation in Mews Operations (pushState + popstate, as
 * its single-page app does) to the Keycard panel showing that guest's points, measured from the
 * page's pushState to the panel frame's DOM commit, in real Chromium with the built extension
 * against the real proxy and sandbox.
 *
 * - cold: the desk's first look at each guest. The proxy's mirror is told never to answer
 *   (`LOOKUP_FRESH_MS=0`) and the guests are removed from the extension's cache after its
 *   full sync, so every lookup goes extension → proxy → Mews and back.
 * - cached: the same guests again, after the sync and those lookups: the extension's own
 *   IndexedDB cache paints first. Mews is slowed by 400 ms meanwhile (sandbox fault), so
 *   anything faster than that can only have come from the cache.
 */
import { distribution, round, type Figure } from '../lib/figures';
import { chromiumMissing, extensionWorker, forgetGuests, guestPath, guestPathMarks, openDesk, panelFrame, screenshotPath, someMembers, timedNavigation, timeToPoints, type Member } from './desk';

const CUSTOMERS = 100_000;
const GUESTS = 200;
/** Members saved by the full sync whom the panel never showed: the cache's own path, not the panel's memory. */
const SYNCED = 100;
const WARM_UP = 10;
/** Mews's answer delay during the cached run: longer than any cache read should take. */
const SLOW_MEWS_MS = 400;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The steps of a cached navigation, each from the mark before it (lib/trace/marks.ts):
 * the page's pushState, then the content script, the panel's frame, the service worker and
 * back, then the points in the frame's DOM.
 */
const STEPS = [
  ['guest-found', 'the content script sees the new guest'],
  ['guest-received', 'the guest reaches the panel frame (the content script\u2019s lane)'],
  ['cache-read', 'the frame\u2019s question reaches the worker (its line)'],
  ['cache-answered', 'IndexedDB answers in the worker'],
  ['guest-shown', 'the answer reaches the frame\u2019s model'],
  ['points', 'Preact renders the points'],
] as const;

type StepTimes = Record<(typeof STEPS)[number][0], number[]>;

/** Adds one navigation's step durations; a step whose mark is older than this navigation (not taken this time) is left out. */
function addSteps(into: StepTimes, marks: Record<string, number>, navigatedAt: number, shownAt: number): void {
  let before = navigatedAt;
  for (const [step] of STEPS) {
    const at = step === 'points' ? shownAt : marks[step];
    if (at === undefined || at < navigatedAt) continue;
    into[step].push(at - before);
    before = at;
  }
}

async function sandboxCalls(sandboxUrl: string): Promise<number> {
  const stats = (await (await fetch(`${sandboxUrl}/_sandbox/stats`)).json()) as { requestsByOperation: Record<string, number> };
  return stats.requestsByOperation['customers/getAll'] ?? 0;
}

async function setMewsLatency(sandboxUrl: string, latencyMs: number): Promise<void> {
  const response = await fetch(`${sandboxUrl}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ latencyMs }),
  });
  if (!response.ok) throw new Error(`sandbox faults: ${response.status}`);
}

export async function timeToStatus(log: (line: string) => void): Promise<Figure[]> {
  const missing = chromiumMissing();
  if (missing) {
    log(`!!! SKIPPED: ${missing}`);
    return [];
  }
  const desk = await openDesk(
    {
      customers: CUSTOMERS,
      fullSync: true,
      sandboxScript: 'bench/browser/unmetered-sandbox.ts',
      proxyEnv: { LOOKUP_FRESH_MS: '0', MEWS_REQUESTS_PER_30S: '10000', DEVICE_RATE_LIMIT: '1000000', DEVICE_MEWS_SHARE: '1000000' },
    },
    log,
  );
  try {
    const { stack, browser, enterpriseId } = desk;
    const members = await someMembers(stack, 1 + WARM_UP + GUESTS + SYNCED);
    const start = members[0]!;
    const warmUp = members.slice(1, 1 + WARM_UP);
    const guests = members.slice(1 + WARM_UP, 1 + WARM_UP + GUESTS);
    const synced = members.slice(1 + WARM_UP + GUESTS);
    const removed = await forgetGuests(browser, [...warmUp, ...guests].map((m) => m.accountId));
    log(`removed ${removed} memberships of ${warmUp.length + guests.length} guests from the extension cache`);

    const page = await browser.context.newPage();
    await page.goto(`${stack.sandboxUrl}${guestPath(enterpriseId, start.accountId)}`);
    await (await panelFrame(page)).locator(`[data-membership-id="${start.membershipId}"] [data-field="points"]`).waitFor({ timeout: 30_000 });
    const visit = (m: Member) => timeToPoints(page, guestPath(enterpriseId, m.accountId), m.membershipId);
    for (const m of warmUp) {
      await visit(m);
      await pause(100);
    }

    const callsBefore = await sandboxCalls(stack.sandboxUrl);
    const cold: number[] = [];
    for (const [i, m] of guests.entries()) {
      cold.push(await visit(m));
      if (i === GUESTS / 2) await page.screenshot({ path: await screenshotPath('bench-time-to-status-cold') });
      // The next guest a moment later, once this lookup's cache write is done.
      await pause(100);
    }
    const mewsCalls = (await sandboxCalls(stack.sandboxUrl)) - callsBefore;
    const coldFigure = distribution(
      { name: 'time-to-status.cold', label: 'Guest page → points, first look (proxy asks Mews)', unit: 'ms', budget: 250, target: 150 },
      cold,
    );
    log(`cold: p50 ${coldFigure.p50} ms, p95 ${coldFigure.p95} ms; ${mewsCalls} customers/getAll calls reached Mews for ${GUESTS} guests`);

    await setMewsLatency(stack.sandboxUrl, SLOW_MEWS_MS);
    const worker = await extensionWorker(browser);
    /** Visits each member once, noting the time and each step's share of it. */
    const timedVisits = async (list: readonly Member[], screenshot: string) => {
      const times: number[] = [];
      const steps = Object.fromEntries(STEPS.map(([step]) => [step, [] as number[]])) as StepTimes;
      for (const [i, m] of list.entries()) {
        const { elapsed, navigatedAt, shownAt } = await timedNavigation(page, guestPath(enterpriseId, m.accountId), m.membershipId);
        times.push(elapsed);
        addSteps(steps, await guestPathMarks(page, worker), navigatedAt, shownAt);
        if (i === Math.floor(list.length / 2)) await page.screenshot({ path: await screenshotPath(screenshot) });
        await pause(Number(process.env.BENCH_TTS_PAUSE_MS ?? 50));
      }
      return { times, steps };
    };
    let cachedRun: Awaited<ReturnType<typeof timedVisits>>;
    let syncedRun: Awaited<ReturnType<typeof timedVisits>>;
    try {
      cachedRun = await timedVisits(guests, 'bench-time-to-status-cached');
      syncedRun = await timedVisits(synced, 'bench-time-to-status-synced');
    } finally {
      await setMewsLatency(stack.sandboxUrl, 0);
    }
    const cached = cachedRun.times;
    const cachedFigure = distribution(
      { name: 'time-to-status.cached', label: 'Guest page → points, revisit (desk cache)', unit: 'ms', budget: 50, target: 30 },
      cached,
    );
    log(`cached: p50 ${cachedFigure.p50} ms, p95 ${cachedFigure.p95} ms`);
    const stepsOf = (steps: StepTimes) =>
      STEPS.map(([step, what]) => {
        const times = steps[step];
        if (times.length === 0) return `${what}: no mark`;
        const d = distribution({ name: step, label: what, unit: 'ms' }, times);
        return `${what} p50 ${d.p50} / p95 ${d.p95} ms (${times.length})`;
      }).join('; ');
    const stepLine = stepsOf(cachedRun.steps);
    const syncedFigure = distribution(
      { name: 'time-to-status.synced', label: 'Guest page → points, a guest saved by the sync, never shown in this panel', unit: 'ms', budget: 50, target: 30 },
      syncedRun.times,
    );
    const syncedSteps = stepsOf(syncedRun.steps);
    log(`synced: p50 ${syncedFigure.p50} ms, p95 ${syncedFigure.p95} ms; steps: ${syncedSteps}`);
    log(`cached steps: ${stepLine}`);
    if (browser.errors.length) log(`page errors: ${browser.errors.slice(0, 3).join(' | ')}`);

    const setup =
      `Chromium ${browser.context.browser()?.version() ?? ''} with the dev build, sandbox with ${CUSTOMERS.toLocaleString('en-US')} customers ` +
      `(${desk.syncedMembers?.toLocaleString('en-US') ?? '?'} members, fully synced into the extension in ${round(desk.syncSeconds ?? 0, 1)} s); ` +
      'timed from pushState in the page to the DOM commit of the new guest\u2019s points in the panel\u2019s frame (MutationObserver there; both ends on performance.timeOrigin + now()); ' +
      `${WARM_UP} unmeasured warm-up navigations first.`;
    coldFigure.note =
      `${GUESTS} distinct members, one every ~100 ms, removed from the extension cache after its full sync; proxy with LOOKUP_FRESH_MS=0 ` +
      `(${mewsCalls} customers/getAll calls reached Mews). Mews's 200-per-30-s budget raised in the sandbox and the proxy for this run, ` +
      'so the figure is the lookup path with the proxy\u2019s 15 ms coalescing window, not its budget policy ' +
      '(with the budget 10–25% used by the desks the window is ~20–140 ms; see mews-economy for lookups under overload). ' +
      setup;
    cachedFigure.note =
      `The same ${GUESTS} members revisited in the same Mews tab (saved in the extension\u2019s IndexedDB by the full sync and by their first lookup, ` +
      'and kept by the panel, which shows the last 500 guests it showed again in the same turn); the guest reaches the panel over the content script\u2019s direct lane. ' +
      `Mews slowed by ${SLOW_MEWS_MS} ms meanwhile, so each first paint is the desk\u2019s own answer (the proxy\u2019s replaces it later). ` +
      `Where the time goes, step by step (lib/trace/marks.ts marks): ${stepLine}. ` +
      'All on 2 cores shared with the proxy, the sandbox and the driver; the p95 follows how busy the machine is (compare the bare Hono figure across runs). ' +
      setup;
    syncedFigure.note =
      `${SYNCED} members saved in the extension\u2019s IndexedDB by the full sync and never opened at this desk, after the revisits, Mews still slowed ` +
      `by ${SLOW_MEWS_MS} ms: the panel asks the worker over its standing line to it (lib/models/worker-lane.ts), and the worker reads IndexedDB. ` +
      `Step by step: ${syncedSteps}. ` +
      setup;
    return [coldFigure, cachedFigure, syncedFigure];
  } finally {
    await desk.close();
  }
}
