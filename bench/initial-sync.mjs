#!/usr/bin/env node
/**
 * Initial sync: how long a freshly paired desk takes to download every member from the proxy
 * into IndexedDB, in real Chromium with the built extension, and how much disk that takes
 * (`navigator.storage.estimate()` in the extension's origin).
 *
 *   npm run build:dev && npx tsx bench/initial-sync.mjs
 *   BENCH_CUSTOMERS=100000 npx tsx bench/initial-sync.mjs   # ~40,000 members (the default)
 *   BENCH_CUSTOMERS=250000 npx tsx bench/initial-sync.mjs   # ~100,000 members (slow seed)
 *
 * Beside it, in the same run: the proxy alone, every `/v1/sync/bulk` block fetched, inflated
 * and parsed by Node with another desk's token (the floor the browser's storing adds to).
 *
 * The sandbox makes about 0.4 members per customer. The proxy loads every membership from the
 * sandbox at start; the clock starts only once its mirror stopped growing, at the Pair click.
 * `initialSync()` is exported for bench/run.ts.
 */
import { fileURLToPath } from 'node:url';
import { launchChromium, screenshotPath } from '../test/browser/support/browsers.mjs';
import { pairChromium } from '../test/browser/support/desk.mjs';
import { startStack } from '../test/browser/support/stack.mjs';
import { waitForMirror } from './browser/desk.ts';

/**
 * @param {{ customers?: number, log?: (line: string) => void }} [options]
 * @returns {Promise<{ customers: number, members: number, seconds: number, membersPerSecond: number, proxySeconds: number, firstBlockSeconds: number|null, indexedDbBytes: number|null, usageBytes: number }>}
 */
export async function initialSync(options = {}) {
  const customers = options.customers ?? Number(process.env.BENCH_CUSTOMERS ?? 100_000);
  const log = options.log ?? console.log;
  log(`sandbox with ${customers} customers…`);
  const stack = await startStack({ customers });
  let browser;
  try {
    const mirrored = await waitForMirror(stack.databaseUrl, log);
    browser = await launchChromium();
    const code = await stack.pairingCode('Bench desk', 'desk');
    const started = performance.now();
    const options = await pairChromium(browser.context, browser.extensionId, { proxyUrl: stack.proxyUrl, code, deviceName: 'Bench desk' });
    let shot = false;
    let status;
    let firstBlockSeconds = null;
    for (;;) {
      status = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'getSyncStatus' }));
      const data = status?.ok ? status.data : null;
      if (data?.phase === 'ready') break;
      if (firstBlockSeconds === null && data?.cachedMembers > 0) firstBlockSeconds = Number(((performance.now() - started) / 1000).toFixed(2));
      if (!shot && data?.phase === 'full' && data.received > 0) {
        await options.screenshot({ path: await screenshotPath('chromium-options-sync-progress') });
        shot = true;
      }
      if (data?.lastError && !data.running && data.phase !== 'full') throw new Error(`sync failed: ${data.lastError.message}`);
      // Asking often would compete with the sync it measures (each answer counts the cache);
      // more often only until the first block is there, when the desk can search.
      await new Promise((r) => setTimeout(r, firstBlockSeconds === null ? 100 : 500));
    }
    const seconds = (performance.now() - started) / 1000;
    const members = status.data.cachedMembers;
    const estimate = await options.evaluate(async () => {
      const { usage, usageDetails } = await navigator.storage.estimate();
      return { usage, indexedDB: usageDetails?.indexedDB ?? null };
    });
    await browser.close();
    browser = undefined;
    const proxySeconds = await proxyAlone(stack);
    const result = {
      customers,
      proxySeconds,
      firstBlockSeconds,
      members,
      mirrored,
      seconds: Number(seconds.toFixed(2)),
      membersPerSecond: Math.round(members / seconds),
      indexedDbBytes: estimate.indexedDB,
      usageBytes: estimate.usage,
    };
    log(
      `initial sync: ${members} members in ${result.seconds} s (${result.membersPerSecond}/s); ` +
        `IndexedDB ${(estimate.indexedDB ?? estimate.usage) / 1e6} MB (estimate); the proxy alone serves the blocks in ${proxySeconds} s`,
    );
    return result;
  } finally {
    await browser?.close();
    await stack.stop();
  }
}

/** Seconds for Node to fetch, inflate and parse every bulk block, as a second desk. */
async function proxyAlone(stack) {
  const code = await stack.pairingCode('Bench floor', 'desk');
  const paired = await fetch(`${stack.proxyUrl}/v1/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  const { token } = await paired.json();
  const started = performance.now();
  let cursor = '';
  for (;;) {
    const response = await fetch(`${stack.proxyUrl}/v1/sync/bulk?cursor=${cursor}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`bulk block: ${response.status}`);
    const block = await response.json();
    cursor = block.cursor;
    if (!block.hasMore) break;
  }
  return Number(((performance.now() - started) / 1000).toFixed(2));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await initialSync();
  console.log(JSON.stringify(result, null, 2));
}
