/**
 * A proxy app over a temporary SQLite store, silent logs and fresh metrics, plus helpers to
 * pair devices. One per test file (or test), closed in afterAll/afterEach.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import type { Device, DeviceRole } from '../../../lib/contract';
import { createProxyApp, type ProxyAppOptions } from '../../../server/proxy/app';
import { mintPairingCode, redeemPairingCode } from '../../../server/proxy/auth/pairing';
import { loadConfig, type ProxyConfig } from '../../../server/proxy/platform/config';
import type { AppEnv } from '../../../server/proxy/http/env';
import type { ProxyDeps, ProxyModule } from '../../../server/proxy/platform/deps';
import { createLogger } from '../../../server/proxy/http/logger';
import { createMetrics } from '../../../server/proxy/http/metrics';
import { openStore, type Store } from '../../../server/proxy/store/db';

export interface Harness {
  app: Hono<AppEnv>;
  deps: ProxyDeps;
  store: Store;
  config: ProxyConfig;
  /** Pairs a device through the store and returns its token. */
  pair(role?: DeviceRole, name?: string): Promise<{ token: string; device: Device }>;
  /** `app.request` with JSON body and bearer token conveniences. */
  request(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/** A temporary directory removed by the returned cleanup. */
export function tempDir(prefix = 'keycard-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function createHarness(
  options: { env?: Record<string, string>; modules?: ProxyModule[]; app?: ProxyAppOptions; now?: () => Date; store?: Store } = {},
): Promise<Harness> {
  const temp = tempDir();
  const store = options.store ?? (await openStore(`sqlite:${join(temp.dir, 'keycard.sqlite')}`));
  const config = loadConfig({ LOG_LEVEL: 'silent', ...options.env });
  const deps: ProxyDeps = {
    config,
    store,
    log: createLogger('silent'),
    metrics: createMetrics(),
    modules: options.modules ?? [],
    ...(options.now ? { now: options.now } : {}),
  };
  const app = createProxyApp(deps, options.app);
  return {
    app,
    deps,
    store,
    config,
    async pair(role = 'desk', name = role === 'desk' ? 'Desk 1' : 'Manager') {
      const { code } = await mintPairingCode(store, { deviceName: name, role });
      return redeemPairingCode(store, { code });
    },
    request(path, init = {}) {
      const { token, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token) headers.set('Authorization', `Bearer ${token}`);
      if (json !== undefined) headers.set('Content-Type', 'application/json');
      return Promise.resolve(app.request(path, { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) }));
    },
    async close() {
      await store.close();
      temp.remove();
    },
  };
}
