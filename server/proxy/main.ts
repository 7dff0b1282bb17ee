/**
 * `npm run proxy`: load the configuration, open and migrate the store, build the app with
 * its modules, start background work, listen on HOST:PORT, and shut down cleanly on
 * SIGINT/SIGTERM (stop accepting, let in-flight requests finish, stop jobs, close the store).
 */
import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { createProxyApp } from './app';
import { ConfigError, loadConfig, redacted } from './config';
import type { ProxyDeps, ProxyModule } from './deps';
import { createLogger } from './http/logger';
import { metrics } from './http/metrics';
import { openStore } from './store/db';

/** How long shutdown waits for in-flight requests before cutting connections. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * The agreed shape of `server/proxy/loyalty/module.ts`:
 * `export function createLoyaltyModule(deps: ProxyDeps): ProxyModule | Promise<ProxyModule>`.
 */
type CreateModule = (deps: ProxyDeps) => ProxyModule | Promise<ProxyModule>;

/**
 * ── FEATURE MODULES ─────────────────────────────────────────────────────────────────────
 * The loyalty module (all /v1 loyalty routes, the Mews poller, ledger reconciliation) is
 * created here. It is loaded by path so the platform runs before the module exists; once
 * it does, a static import is fine too. Its `start()` is awaited before the proxy listens
 * (do quick local work there, e.g. ledger reconciliation; kick off the poller without
 * awaiting it); `stop()` is awaited on shutdown before the store closes.
 */
async function createModules(deps: ProxyDeps): Promise<ProxyModule[]> {
  const modules: ProxyModule[] = [];
  const loyaltyUrl = new URL('./loyalty/module.ts', import.meta.url);
  if (existsSync(loyaltyUrl)) {
    const { createLoyaltyModule } = (await import(loyaltyUrl.href)) as { createLoyaltyModule: CreateModule };
    modules.push(await createLoyaltyModule(deps));
  } else {
    deps.log.warn('server/proxy/loyalty/module.ts not found: serving platform routes only');
  }
  return modules;
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`keycard proxy: configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  log.info({ config: redacted(config) }, 'starting');

  const store = await openStore(config.databaseUrl);
  const baseDeps: ProxyDeps = { config, store, log, metrics };
  const modules = await createModules(baseDeps);
  const deps: ProxyDeps = { ...baseDeps, modules };
  const app = createProxyApp(deps);

  // ── BACKGROUND JOBS: start ──
  for (const module of modules) await module.start?.();

  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
    log.info({ address: info.address, port: info.port, store: store.dialect }, 'listening');
    process.stdout.write(`Keycard proxy listening on http://${host}:${info.port} (store: ${store.dialect})\n`);
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    log.fatal({ err: error }, 'cannot listen');
    process.stderr.write(`keycard proxy: cannot listen on ${config.host}:${config.port}: ${error.message}\n`);
    process.exit(1);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const force = setTimeout(() => {
      log.warn('grace period over: closing open connections');
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    await closed;
    // ── BACKGROUND JOBS: stop (reverse order of start) ──
    for (const module of [...modules].reverse()) {
      try {
        await module.stop?.();
      } catch (error) {
        log.error({ err: error, module: module.name }, 'module stop failed');
      }
    }
    await store.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`keycard proxy: failed to start: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
