/**
 * An in-process Keycard proxy over real HTTP for benchmarks that count what the proxy asks of
 * Mews: the same composition as `server/proxy/main.ts`, on a free port and a temporary SQLite
 * store, with a paired desk device.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { DeviceRole } from '../../lib/contract';
import { createProxyApp } from '../../server/proxy/app';
import { mintPairingCode, redeemPairingCode } from '../../server/proxy/auth/pairing';
import { loadConfig } from '../../server/proxy/platform/config';
import type { ProxyDeps } from '../../server/proxy/platform/deps';
import { createLogger } from '../../server/proxy/http/logger';
import { createMetrics } from '../../server/proxy/http/metrics';
import type { LoyaltyConfig } from '../../server/proxy/loyalty/core/config';
import { createLoyaltyModule, type LoyaltyModule } from '../../server/proxy/loyalty/module';
import { openStore, type Store } from '../../server/proxy/store/db';

export interface BenchProxy {
  url: string;
  /** A desk device's bearer token. */
  token: string;
  /** The loyalty module, for benchmarks that drive its pollers directly. */
  loyalty: LoyaltyModule;
  /** Pairs another device; resolves with its bearer token. */
  pair(role: DeviceRole): Promise<string>;
  close(): Promise<void>;
}

async function pairToken(store: Store, role: DeviceRole): Promise<string> {
  const { code } = await mintPairingCode(store, { deviceName: `Bench ${role}`, role });
  return (await redeemPairingCode(store, { code })).token;
}

export async function startBenchProxy(
  mewsUrl: string,
  options: { loyalty?: Partial<LoyaltyConfig>; env?: Record<string, string> } = {},
): Promise<BenchProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'keycard-bench-'));
  const store = await openStore(`sqlite:${join(dir, 'keycard.sqlite')}`);
  const config = loadConfig({
    MEWS_PLATFORM_URL: mewsUrl,
    LOG_LEVEL: 'silent',
    DEVICE_RATE_LIMIT: '1000000',
    // One bench token plays every desk of a hotel at once: no per-desk share of Mews.
    DEVICE_MEWS_SHARE: '1000000',
    ...options.env,
  });
  const base: ProxyDeps = { config, store, log: createLogger('silent'), metrics: createMetrics() };
  const loyalty = createLoyaltyModule(base, { loyalty: { pollIntervalMs: 0, stayPollIntervalMs: 0, ...options.loyalty } });
  const deps: ProxyDeps = { ...base, modules: [loyalty] };
  const app = createProxyApp(deps);
  await loyalty.start?.();
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token: await pairToken(store, 'desk'),
    loyalty,
    pair: (role) => pairToken(store, role),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await loyalty.stop?.();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `count` tasks with at most `limit` in flight; resolves with their results in order. */
export async function pool<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, count) }, async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  });
  await Promise.all(workers);
  return results;
}
