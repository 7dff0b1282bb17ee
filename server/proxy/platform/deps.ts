/**
 * What the proxy is built from (`ProxyDeps`) and what a feature module gives back
 * (`ProxyModule`). What a request carries (`AppEnv`) is the HTTP layer's: `http/env.ts`.
 */
import type { Logger } from 'pino';
import type { ProxyConfig } from './config';
import type { RouteDefinition } from '../http/route';
import type { ProxyMetrics } from '../http/metrics';
import type { Store } from '../store/db';

/** What the proxy is built from. Tests build one with an in-memory store and fresh metrics. */
export interface ProxyDeps {
  config: ProxyConfig;
  store: Pick<Store, 'db' | 'dialect' | 'pairingKey' | 'sidePool'>;
  log: Logger;
  metrics: ProxyMetrics;
  /** Feature modules (the loyalty module) whose routes the app mounts. */
  modules?: ProxyModule[];
  /** Clock, injectable so tests can expire pairing codes; defaults to `() => new Date()`. */
  now?: () => Date;
}

/**
 * A feature of the proxy: routes, plus optional background work. The loyalty module is one
 * (`createLoyaltyModule(deps)` in `server/proxy/loyalty/module.ts`).
 *
 * @example
 * const module: ProxyModule = {
 *   name: 'loyalty',
 *   routes: [contextRoute, adjustRoute],
 *   async start() { poller.start(); },
 *   async stop() { await poller.stop(); },
 * };
 */
export interface ProxyModule {
  name: string;
  routes: RouteDefinition[];
  /** Background work (poller, reconciliation); called by main.ts after the store is ready. */
  start?(): void | Promise<void>;
  /** Stops background work; called on shutdown before the store closes. */
  stop?(): void | Promise<void>;
}
