/**
 * The proxy's HTTP app: platform middleware (request log and metrics, CORS, body limit),
 * one error shape, and the routes of the platform and of every module.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { createRequireDevice } from './auth/middleware';
import { createRequirePartner } from './auth/partner-guard';
import { createAuthRoutes, type AuthRoutesOptions } from './auth/routes';
import type { AppEnv } from './http/env';
import type { ProxyDeps } from './platform/deps';
import { cors } from './http/cors';
import { hostAllowlist } from './http/host-allowlist';
import { requestLogger } from './http/logger';
import { createErrorHandler, notFoundHandler } from './http/problems';
import { SlidingWindowLimiter, deviceMewsShare, deviceRateLimit } from './http/rate-limit';
import { MewsShare } from './mews/device-share';
import { mountRoutes, type RouteDefinition } from './http/route';
import { jsonBodyLimit } from './http/validate';
import { partnerProblems } from './http/partner-problems';
import { createSystemRoutes } from './platform/system-routes';

export interface ProxyAppOptions extends AuthRoutesOptions {
  /** Per-device limiter; defaults to `config.deviceRateLimit` per minute. */
  deviceLimiter?: SlidingWindowLimiter;
}

/**
 * Builds the proxy app. It does not listen (main.ts does), so tests call `app.request()`.
 *
 * @example
 * const app = createProxyApp({ config, store, log, metrics, modules: [loyalty] });
 * const res = await app.request('/health');
 */
export function createProxyApp(deps: ProxyDeps, options: ProxyAppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(createErrorHandler(deps.log));
  app.notFound(notFoundHandler);

  app.use('*', requestLogger(deps.log, deps.metrics));
  // Before anything else answers: a rebound name must not reach /metrics, pairing or a preflight.
  app.use('*', hostAllowlist(deps.config.publicHosts));
  app.use('*', cors(deps.config.allowedOrigins));
  app.use('*', jsonBodyLimit());
  // Guest data (names, e-mails, whole sync pages) must not stay in a browser's HTTP cache on disk.
  app.use('/v1/*', noStore);
  app.use('/partner/v1/*', noStore);
  app.use('/partner/v1/*', partnerProblems);

  const limiter = options.deviceLimiter ?? new SlidingWindowLimiter(deps.config.deviceRateLimit, 60_000);
  const guards = {
    requireDevice: createRequireDevice(deps),
    deviceRateLimit: deviceRateLimit(limiter, deps.metrics.deviceRateLimited),
    requirePartner: createRequirePartner(deps),
    mewsShare: deviceMewsShare(new MewsShare(deps.config.deviceMewsShare, deps.config.mewsWindowMs), deps.metrics.deviceMewsShareRefused),
  };

  const routes: RouteDefinition[] = [];
  routes.push(...createSystemRoutes(deps, () => routes));
  routes.push(...createAuthRoutes(deps, options));
  for (const module of deps.modules ?? []) routes.push(...module.routes);
  assertNoDuplicateRoutes(routes);
  mountRoutes(app, routes, guards);
  return app;
}

const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.res.headers.set('Cache-Control', 'no-store');
};

/** Two modules declaring the same method and path is a wiring bug: fail at start, loudly. */
function assertNoDuplicateRoutes(routes: readonly RouteDefinition[]): void {
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method.toUpperCase()} ${route.path}`;
    if (seen.has(key)) throw new Error(`Route ${key} is declared twice`);
    seen.add(key);
  }
}
