/**
 * A loyalty test environment: the Mews sandbox on a real loopback port, the proxy app with the
 * loyalty module over a fresh SQLite file (or a fresh PostgreSQL schema), and helpers to call
 * the sandbox directly ("someone working in Mews") and read its stats.
 */
import { join } from 'node:path';
import { loadConfig } from '../../../server/proxy/platform/config';
import type { ProxyDeps } from '../../../server/proxy/platform/deps';
import { createLogger } from '../../../server/proxy/http/logger';
import { createMetrics } from '../../../server/proxy/http/metrics';
import type { LoyaltyConfig } from '../../../server/proxy/loyalty/core/config';
import { createLoyaltyModule, type LoyaltyModule } from '../../../server/proxy/loyalty/module';
import { SlidingWindowLimiter } from '../../../server/proxy/mews/limiter';
import { openStore, type Store } from '../../../server/proxy/store/db';
import { startSandbox, type RunningSandbox } from '../../../server/sandbox/server';
import { DEMO_ACCESS_TOKEN, DEMO_CLIENT_TOKEN } from '../../../server/sandbox/core/seed';
import { createHarness, tempDir, type Harness } from './harness';
import { openTestPgStore } from './postgres';

export const WEBHOOK_TOKEN = 'test-webhook-secret';
/** Generous on both sides: these suites test behaviour, the limiter has its own tests. */
const RATE = { maxRequests: 20_000, windowMs: 30_000 };

export interface LoyaltyEnv {
  sandbox: RunningSandbox;
  harness: Harness;
  module: LoyaltyModule;
  store: Store;
  /** The store's `DATABASE_URL` for the CLI (SQLite only; undefined on PostgreSQL's test schema). */
  databaseUrl: string | undefined;
  deps: ProxyDeps;
  /** A second module over the same store: what a restarted proxy would build. */
  restart(): LoyaltyModule;
  /** Calls the sandbox's Connector API directly, as Mews Operations or another integration would. */
  mews<T = any>(op: string, body: Record<string, unknown>): Promise<T>;
  stats(): Promise<{ requestsByOperation: Record<string, number>; served429: number; peakRequestsPerWindow: number }>;
  faults(settings: Record<string, number>): Promise<void>;
  /** Switches the sandbox to another reading of the docs (`/_sandbox/behaviour`). */
  behaviour(settings: Record<string, string | boolean>): Promise<void>;
  close(): Promise<void>;
}

export async function startLoyaltyEnv(
  dialect: 'sqlite' | 'postgres',
  options: {
    customers?: number;
    loyalty?: Partial<LoyaltyConfig>;
    env?: Record<string, string>;
    /** The proxy's Mews budget (default: generous); `{ maxRequests: 200, windowMs: 30_000 }` is Mews's own. */
    mewsBudget?: { maxRequests: number; windowMs: number };
  } = {},
): Promise<LoyaltyEnv> {
  const sandbox = await startSandbox({ port: 0, customers: options.customers ?? 400, rateLimit: { limit: RATE.maxRequests, windowMs: RATE.windowMs } });
  const temp = tempDir('keycard-loyalty-');
  const databaseUrl = dialect === 'postgres' ? undefined : `sqlite:${join(temp.dir, 'keycard.sqlite')}`;
  const store = databaseUrl ? await openStore(databaseUrl) : await openTestPgStore();
  const env = { MEWS_PLATFORM_URL: sandbox.url, MEWS_WEBHOOK_TOKEN: WEBHOOK_TOKEN, DESK_ADJUSTMENT_LIMIT: '1000', LOG_LEVEL: 'silent', DEVICE_RATE_LIMIT: '100000', DEVICE_MEWS_SHARE: '100000', ...options.env };
  const deps: ProxyDeps = { config: loadConfig(env), store, log: createLogger('silent'), metrics: createMetrics() };
  const limiter = new SlidingWindowLimiter(options.mewsBudget ?? RATE);
  const build = () => createLoyaltyModule(deps, { limiter, loyalty: { pollIntervalMs: 0, stayPollIntervalMs: 0, coalesceWindowMs: 15, ...options.loyalty } });
  const module = build();
  const harness = await createHarness({ env, modules: [module], store });

  const mews = async (op: string, body: Record<string, unknown>) => {
    const res = await fetch(`${sandbox.url}/api/connector/v1/${op}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ClientToken: DEMO_CLIENT_TOKEN, AccessToken: DEMO_ACCESS_TOKEN, Client: 'Keycard tests', ...body }),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${op} ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };

  return {
    sandbox,
    harness,
    module,
    store,
    databaseUrl,
    deps,
    restart: build,
    mews,
    stats: async () => (await fetch(`${sandbox.url}/_sandbox/stats`)).json() as never,
    faults: (settings) => hook(sandbox.url, 'faults', settings),
    behaviour: (settings) => hook(sandbox.url, 'behaviour', settings),
    async close() {
      await module.stop();
      await harness.close();
      await sandbox.close();
      temp.remove();
    },
  };
}

/** POSTs settings to a sandbox test hook (`/_sandbox/faults`, `/_sandbox/behaviour`). */
async function hook(url: string, name: string, settings: object): Promise<void> {
  const res = await fetch(`${url}/_sandbox/${name}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(settings),
  });
  if (!res.ok) throw new Error(`${name} ${res.status}: ${await res.text()}`);
}
