/**
 * `npm run proxy`: load the configuration, open and migrate the store, build the app with
 * its modules, start background work, listen on HOST:PORT, and shut down cleanly on
 * SIGINT/SIGTERM (stop accepting, let in-flight requests finish, stop jobs, close the store).
 */
import { serve } from '@hono/node-server';
import { createProxyApp } from './app';
import { ConfigError, loadConfig, redacted } from './platform/config';
import type { ProxyDeps, ProxyModule } from './platform/deps';
import { createLogger } from './http/logger';
import { createLoyaltyModule } from './loyalty/module';
import { createMetrics } from './http/metrics';
import { openStore } from './store/db';

/** How long shutdown waits for in-flight requests before cutting connections. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * ── FEATURE MODULES ─────────────────────────────────────────────────────────────────────
 * The loyalty module (all /v1 loyalty routes, the Mews webhook receiver, the poller and
 * ledger reconciliation) is created here; add further modules to the list. Each module's
 * `start()` is awaited before the proxy listens (quick local work such as reconciling the
 * ledger; long-running work like the poller is kicked off, not awaited); `stop()` is
 * awaited on shutdown before the store closes.
 */
function createModules(deps: ProxyDeps): ProxyModule[] {
  return [createLoyaltyModule(deps)];
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

  const store = await openStore(config.databaseUrl, { pairingSecret: config.pairingSecret });
  const baseDeps: ProxyDeps = { config, store, log, metrics: createMetrics() };
  const modules = createModules(baseDeps);
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
    // Said in words, with the way out (issue 18 #10).
    const why = error.code === 'EADDRINUSE'
      ? `port ${config.port} on ${config.host} is already in use (another proxy, or npm start, may be running). Stop it, or choose another port: PORT=${config.port + 10} npm run proxy (npm start reads PORT too).`
      : `cannot listen on ${config.host}:${config.port}: ${error.message}`;
    process.stderr.write(`keycard proxy: ${why}\n`);
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
