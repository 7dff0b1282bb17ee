/**
 * The types every part of the proxy shares: what a module is given (`ProxyDeps`), what it
 * gives back (`ProxyModule`), and what a request carries (`AppEnv`).
 */
import type { Logger } from 'pino';
import type { Device } from '../../lib/contract';
import type { ProxyConfig } from './config';
import type { RouteDefinition } from './http/route';
import type { ProxyMetrics } from './http/metrics';
import type { Store } from './store/db';

/** Per-request values set by platform middleware (read them with `c.var.…`). */
export interface AppVariables {
  /** The authenticated device; set by `requireDevice` on every desk/manager route. */
  device: Device;
  /** The matched route template (`/v1/memberships/:id`), for logs and metrics. */
  routePath: string;
  /** Echoed as `X-Request-Id`; also on every log line of the request. */
  requestId: string;
  /** Logger bound to this request (carries requestId, device id once known). */
  log: Logger;
}

/** Hono environment of the proxy app: `new Hono<AppEnv>()`, `Context<AppEnv>`. */
export interface AppEnv {
  Variables: AppVariables;
}

/** What the proxy is built from. Tests build one with an in-memory store and fresh metrics. */
export interface ProxyDeps {
  config: ProxyConfig;
  store: Pick<Store, 'db' | 'dialect'>;
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
