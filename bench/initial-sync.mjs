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
 * @returns {Promise<{ customers: number, members: number, seconds: number, membersPerSecond: number, indexedDbBytes: number|null, usageBytes: number }>}
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
    for (;;) {
      status = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'getSyncStatus' }));
      const data = status?.ok ? status.data : null;
      if (data?.phase === 'ready') break;
      if (!shot && data?.phase === 'full' && data.received > 0) {
        await options.screenshot({ path: await screenshotPath('chromium-options-sync-progress') });
        shot = true;
      }
      if (data?.lastError && !data.running && data.phase !== 'full') throw new Error(`sync failed: ${data.lastError.message}`);
      // Asking often would compete with the sync it measures (each answer counts the cache).
      await new Promise((r) => setTimeout(r, 500));
    }
    const seconds = (performance.now() - started) / 1000;
    const members = status.data.cachedMembers;
    const estimate = await options.evaluate(async () => {
      const { usage, usageDetails } = await navigator.storage.estimate();
      return { usage, indexedDB: usageDetails?.indexedDB ?? null };
    });
    const result = {
      customers,
      members,
      mirrored,
      seconds: Number(seconds.toFixed(2)),
      membersPerSecond: Math.round(members / seconds),
      indexedDbBytes: estimate.indexedDB,
      usageBytes: estimate.usage,
    };
    log(
      `initial sync: ${members} members in ${result.seconds} s (${result.membersPerSecond}/s); ` +
        `IndexedDB ${(estimate.indexedDB ?? estimate.usage) / 1e6} MB (estimate)`,
    );
    return result;
  } finally {
    await browser?.close();
    await stack.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await initialSync();
  console.log(JSON.stringify(result, null, 2));
}
