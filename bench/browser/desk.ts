/**
 * A paired desk for the browser benchmarks: the real sandbox and proxy as child processes
 * (test/browser/support/stack.mjs), Debian's Chromium with the dev build of the extension,
 * paired through the options page. Plus the stopwatch the benchmarks share (page and panel frame).
 */
import Database from 'better-sqlite3';
import { WATERMARK as MEMBERSHIPS_WATERMARK } from '../../server/proxy/loyalty/mews-sync/poller';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Frame, Page, Worker } from 'playwright-core';
// @ts-expect-error — plain ESM helpers shared with the browser tests
import * as browsers from '../../test/browser/support/browsers.mjs';
// @ts-expect-error — plain ESM helpers shared with the browser tests
import * as deskSteps from '../../test/browser/support/desk.mjs';
// @ts-expect-error — plain ESM helpers shared with the browser tests
import * as stacks from '../../test/browser/support/stack.mjs';

export interface Stack {
  sandboxUrl: string;
  proxyUrl: string;
  databaseUrl: string;
  mews(operation: string, body?: object): Promise<Record<string, unknown>>;
  pairingCode(name?: string, role?: 'desk' | 'manager'): Promise<string>;
  stop(): Promise<void>;
}

export interface StackOptions {
  customers?: number;
  proxyEnv?: Record<string, string>;
  sandboxScript?: string;
}

export interface Chromium {
  context: BrowserContext;
  extensionId: string;
  errors: string[];
  close(): Promise<void>;
}

/** A seeded member as the sandbox (Mews) holds them. */
export interface Member {
  membershipId: string;
  accountId: string;
  points: number;
}

export interface Desk {
  stack: Stack;
  browser: Chromium;
  enterpriseId: string;
  /** Seconds the extension's full member download took after pairing (when waited for). */
  syncSeconds: number | null;
  /** Members in the extension's cache after that download. */
  syncedMembers: number | null;
  close(): Promise<void>;
}

export const startStack = stacks.startStack as (options?: StackOptions) => Promise<Stack>;
const launchChromium = browsers.launchChromium as () => Promise<Chromium>;
const missingBrowser = browsers.missing as (browser: 'chromium') => string | false;
export const screenshotPath = browsers.screenshotPath as (name: string) => Promise<string>;
const pairChromium = deskSteps.pairChromium as (
  context: BrowserContext,
  extensionId: string,
  options: { proxyUrl: string; code: string; deviceName?: string },
) => Promise<Page>;
/** Only the digits (and sign) of a rendered number: "12,345" → 12345. */
export const parsePoints = deskSteps.parsePoints as (text: string) => number;

const ROOT = stacks.ROOT as string;
const SOURCES = ['entrypoints', 'components', 'lib', 'public', 'wxt.config.ts', 'package.json', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Whether an extension build (e.g. `.output/chrome-mv3`) is missing or older than its sources. */
export function buildIsStale(buildDir: string): boolean {
  const manifest = join(ROOT, buildDir, 'manifest.json');
  if (!existsSync(manifest)) return true;
  return statSync(manifest).mtimeMs < Math.max(...SOURCES.map((p) => newestMtime(join(ROOT, p))));
}

/** Why Chromium benchmarks cannot run here (no browser, no dev build), or null. */
export function chromiumMissing(): string | null {
  return missingBrowser('chromium') || null;
}

/**
 * Waits until the proxy's initial load from Mews has finished (the poller's watermark is written
 * at its end). A count that merely stopped growing is not enough: with ~100,000 members the load
 * spends Mews's 200 calls per 30 s, pauses for the next window, then goes on, and a desk's first
 * download timed during that pause waited behind it (the initial-sync figure counted ~8 s of it).
 */
export async function waitForMirror(databaseUrl: string, log: (line: string) => void, timeoutMs = 5 * 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const db = new Database(databaseUrl, { readonly: true, fileMustExist: true });
      try {
        const loaded = db.prepare('select 1 from sync_state where name = ?').get(MEMBERSHIPS_WATERMARK);
        if (loaded) {
          const count = (db.prepare('select count(*) as n from memberships where deleted = 0').get() as { n: number }).n;
          log(`proxy mirror: ${count.toLocaleString('en-US')} memberships, initial load done`);
          return count;
        }
      } finally {
        db.close();
      }
    } catch {
      // not created (or not migrated) yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the proxy's initial membership load did not finish (no poller watermark in sync_state)");
}

/**
 * Starts the stack, launches Chromium with the dev build and pairs it. With `fullSync`, waits
 * for the proxy's mirror to load and then for the extension's first full member download.
 *
 * @example
 * const desk = await openDesk({ customers: 2000 }, log);
 * try { ... } finally { await desk.close(); }
 */
export async function openDesk(options: StackOptions & { fullSync?: boolean }, log: (line: string) => void): Promise<Desk> {
  // Not rebuilt here: browser tests may be running on this build right now.
  if (buildIsStale('.output/dev/chrome-mv3')) log('!!! the dev build is older than the sources: run npm run build:dev first for current figures');
  const stack = await startStack(options);
  let browser: Chromium | undefined;
  try {
    if (options.fullSync) await waitForMirror(stack.databaseUrl, log);
    const { Enterprise } = (await stack.mews('configuration/get')) as { Enterprise: { Id: string } };
    browser = await launchChromium();
    const code = await stack.pairingCode('Bench desk', 'desk');
    const pairedAt = performance.now();
    const optionsPage = await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code, deviceName: 'Bench desk' });
    let syncSeconds: number | null = null;
    let syncedMembers: number | null = null;
    if (options.fullSync) {
      const field = optionsPage.locator('[data-field="sync-progress"]').filter({ hasText: 'members saved for offline use' });
      await field.waitFor({ timeout: 5 * 60_000 });
      syncSeconds = (performance.now() - pairedAt) / 1000;
      syncedMembers = parsePoints((await field.textContent()) ?? '');
      log(`extension cache: ${syncedMembers.toLocaleString('en-US')} members after ${syncSeconds.toFixed(1)} s`);
    }
    await optionsPage.close();
    const opened = browser;
    return {
      stack,
      browser: opened,
      enterpriseId: Enterprise.Id,
      syncSeconds,
      syncedMembers,
      async close() {
        await opened.close().catch(() => undefined);
        await stack.stop();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await stack.stop();
    throw error;
  }
}

/** Distinct members (one membership each shown), from the sandbox as Mews holds them. */
export async function someMembers(stack: Stack, count: number): Promise<Member[]> {
  const { LoyaltyMemberships } = (await stack.mews('loyaltyMemberships/getAll', { Limitation: { Count: 1000 } })) as {
    LoyaltyMemberships: { Id: string; AccountId: string; Points: number | null }[];
  };
  const seen = new Set<string>();
  const members: Member[] = [];
  for (const m of LoyaltyMemberships) {
    if (seen.has(m.AccountId)) continue;
    seen.add(m.AccountId);
    members.push({ membershipId: m.Id, accountId: m.AccountId, points: m.Points ?? 0 });
  }
  if (members.length < count) throw new Error(`the sandbox has only ${members.length} members in its first page, ${count} wanted`);
  return members.slice(0, count);
}

export function guestPath(enterpriseId: string, accountId: string): string {
  return `/Commander/${enterpriseId}/Customer/Detail/${accountId}`;
}

/**
 * In-frame script of {@link timeToPoints}, kept as plain JavaScript text: the bundler's
 * helpers (tsx adds `__name` to named functions) do not exist in the page. The panel draws in
 * its own frame (an extension page), so the stopwatch has two ends: this one, in the panel's
 * frame, notes when the membership's points appear; the page notes when it navigated. Both
 * read `performance.timeOrigin + performance.now()`, the same clock in every document.
 */
const WATCH_POINTS = `({ membershipId, timeoutMs }) => {
  const selector = '[data-membership-id="' + membershipId + '"] [data-field="points"]';
  window.__keycardPointsShown = new Promise((resolve, reject) => {
    let timer;
    const check = () => {
      const points = document.querySelector(selector);
      if (points && /\\d/.test(points.textContent ?? '')) {
        const at = performance.timeOrigin + performance.now();
        observer.disconnect();
        clearTimeout(timer);
        resolve(at);
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('no points for ' + membershipId + ' within ' + timeoutMs + ' ms'));
    }, timeoutMs);
  });
}`;

/** In-page end of the stopwatch: navigates as Mews Operations does, and says when. */
const NAVIGATE = `(path) => {
  const at = performance.timeOrigin + performance.now();
  history.pushState({}, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
  return at;
}`;

/**
 * A function for `page.evaluate(fn, arg)` from JavaScript source text. Playwright evaluates a
 * string as an expression (never calling it), but a function with its arguments passed apart:
 * one constant source, compiled once in the page however often it runs.
 */
export function inPage<A, R>(source: string): (arg: A) => R {
  return new Function(`return (${source});`)() as (arg: A) => R;
}

const watchPoints = inPage<{ membershipId: string; timeoutMs: number }, void>(WATCH_POINTS);
const pointsShownAt = inPage<void, Promise<number>>('() => window.__keycardPointsShown');
const navigate = inPage<string, number>(NAVIGATE);

/**
 * Navigates the guest page as Mews Operations does (pushState + popstate) and returns the
 * milliseconds until the panel holds a points value for `membershipId` (the DOM commit; the
 * paint follows within a frame). Waiting for that membership's own card means the previous
 * guest's points can never be mistaken for the new guest's.
 */
export async function timeToPoints(page: Page, path: string, membershipId: string, timeoutMs = 15_000): Promise<number> {
  return (await timedNavigation(page, path, membershipId, timeoutMs)).elapsed;
}

/** {@link timeToPoints}, with both ends of the stopwatch (epoch milliseconds) for a trace of the steps between. */
export async function timedNavigation(page: Page, path: string, membershipId: string, timeoutMs = 15_000): Promise<{ elapsed: number; navigatedAt: number; shownAt: number }> {
  // Constant sources (arguments passed apart), so V8 compiles each once: the heap benchmark
  // must not measure a new script per navigation.
  const frame = await panelFrame(page);
  await frame.evaluate(watchPoints, { membershipId, timeoutMs });
  const navigatedAt = await page.evaluate(navigate, path);
  const shownAt = await frame.evaluate(pointsShownAt, undefined);
  const elapsed = shownAt - navigatedAt;
  if (typeof elapsed !== 'number' || !Number.isFinite(elapsed)) throw new Error(`the stopwatch returned ${String(elapsed)}`);
  return { elapsed, navigatedAt, shownAt };
}

/** Every Keycard mark on a context's performance timeline (lib/trace/marks.ts), as epoch milliseconds. */
const READ_MARKS = `() => Object.fromEntries(performance.getEntriesByType('mark')
  .filter((m) => m.name.startsWith('keycard:'))
  .map((m) => [m.name.slice('keycard:'.length), performance.timeOrigin + m.startTime]))`;
const readMarks = inPage<void, Record<string, number>>(READ_MARKS);

/**
 * Where one navigation's time went: the marks the content script (on the page's timeline, which
 * its isolated world shares), the service worker and the panel's frame left on the way
 * (lib/trace/marks.ts), as milliseconds after `navigatedAt`.
 */
export async function guestPathMarks(page: Page, worker: Worker | null): Promise<Record<string, number>> {
  const frame = await panelFrame(page);
  const [inPageMarks, inFrame, inWorker] = await Promise.all([
    page.evaluate(readMarks, undefined),
    frame.evaluate(readMarks, undefined),
    worker ? worker.evaluate(readMarks, undefined).catch(() => ({})) : Promise.resolve({}),
  ]);
  return { ...inPageMarks, ...inWorker, ...inFrame };
}

/** The panel's frame in a guest page (test/browser/support/desk.mjs). */
export function panelFrame(page: Page): Promise<Frame> {
  return deskSteps.panelFrame(page) as Promise<Frame>;
}

/** The extension's service worker (woken through the options page if Chromium stopped it). */
export async function extensionWorker(browser: Chromium): Promise<Worker> {
  const running = browser.context.serviceWorkers().find((w) => w.url().includes(browser.extensionId));
  if (running) return running;
  const wake = await browser.context.newPage();
  const started = browser.context.waitForEvent('serviceworker', { timeout: 10_000 }).catch(() => null);
  await wake.goto(`chrome-extension://${browser.extensionId}/options.html`);
  const found = browser.context.serviceWorkers().find((w) => w.url().includes(browser.extensionId)) ?? (await started);
  await wake.close();
  if (!found) throw new Error('the extension service worker did not start');
  return found;
}

/**
 * Removes these guests from the extension's IndexedDB cache (members and recent guests), so
 * their next lookup is a desk's first: nothing saved to paint, the proxy must answer.
 * Returns how many membership rows went.
 */
export async function forgetGuests(browser: Chromium, accountIds: readonly string[]): Promise<number> {
  const worker = await extensionWorker(browser);
  const removed = await worker.evaluate(inPage<readonly string[], Promise<number>>(FORGET_GUESTS), accountIds);
  // The worker holds the first sync's blocks in memory (member-blocks.ts): stop it, so it reads
  // them again from disk, without these guests, when the next page asks.
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
  await page.close();
  return removed;
}

/** In-page (service worker) script of {@link forgetGuests}, as text for the same reason. */
const FORGET_GUESTS = `async (ids) => {
  const done = (request) => new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const db = await done(indexedDB.open('keycard-cache'));
  const tx = db.transaction(['members', 'recentGuests', 'memberBlocks'], 'readwrite');
  const members = tx.objectStore('members');
  let removed = 0;
  // A first sync's members live in blocks (one record per 10,000): take the guests out of each.
  const forgotten = new Set(ids);
  const blocks = tx.objectStore('memberBlocks');
  for (const block of await done(blocks.getAll())) {
    const kept = block.members.filter((record) => !forgotten.has(record.membership.accountId));
    if (kept.length === block.members.length) continue;
    removed += block.members.length - kept.length;
    blocks.put({ ...block, members: kept });
  }
  for (const id of ids) {
    for (const key of await done(members.index('byAccount').getAllKeys(id))) {
      members.delete(key);
      removed += 1;
    }
    tx.objectStore('recentGuests').delete(id);
  }
  await new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
  return removed;
}`;
