/**
 * Routes about the proxy itself: `/health` for probes and `npm start`, `/metrics` for
 * Prometheus, `/v1/openapi.json` for clients and humans.
 */
import * as v from 'valibot';
import type { ProxyDeps } from './deps';
import { pingStore } from '../store/db';
import { buildOpenApiDocument } from '../http/openapi';
import { defineRoute, type RouteDefinition } from '../http/route';
import { PROXY_VERSION } from './version';
import { notFound, unauthorized } from '../http/problems';
import { sameSecret } from '../http/shared-secret';

const started = Date.now();

export const HealthSchema = v.object({
  status: v.picklist(['ok', 'degraded']),
  version: v.string(),
  store: v.picklist(['sqlite', 'postgres']),
  uptimeS: v.number(),
});

/**
 * The system routes. `allRoutes` is called lazily so the OpenAPI document includes every
 * route mounted after these (auth, modules).
 */
export function createSystemRoutes(deps: ProxyDeps, allRoutes: () => readonly RouteDefinition[]): RouteDefinition[] {
  let openApi: Promise<string> | undefined;
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      summary: 'Liveness and store reachability',
      tags: ['system'],
      auth: 'none',
      responses: {
        200: { description: 'The proxy and its store answer', schema: HealthSchema },
        503: { description: 'The store does not answer', schema: HealthSchema },
      },
      async handler(c) {
        let storeOk = true;
        try {
          await pingStore(deps.store.db);
        } catch (error) {
          storeOk = false;
          c.var.log?.error({ err: error }, 'health: store unreachable');
        }
        c.header('Cache-Control', 'no-store');
        return c.json(
          {
            status: storeOk ? ('ok' as const) : ('degraded' as const),
            version: PROXY_VERSION,
            store: deps.store.dialect,
            uptimeS: Math.round((Date.now() - started) / 1000),
          },
          storeOk ? 200 : 503,
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/metrics',
      summary: 'Prometheus metrics (text exposition format)',
      tags: ['system'],
      auth: 'none',
      description: 'Not public: send `Authorization: Bearer <METRICS_TOKEN>`; without METRICS_TOKEN configured the route is off (404).',
      responses: {
        200: { description: 'Metrics', schema: v.string(), contentType: 'text/plain; version=0.0.4' },
        401: { description: 'Missing or wrong metrics token' },
        404: { description: 'Metrics are off (no METRICS_TOKEN)' },
      },
      async handler(c) {
        const expected = deps.config.metricsToken;
        if (!expected) throw notFound('Metrics are off on this proxy; set METRICS_TOKEN to turn them on.');
        const given = /^Bearer (.+)$/.exec(c.req.header('Authorization') ?? '')?.[1];
        if (!given || !sameSecret(given, expected)) throw unauthorized('Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.');
        c.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
        // prom-client separates families with blank lines; one family per line block keeps scrapers and greps simple.
        return c.body((await deps.metrics.registry.metrics()).replace(/\n{2,}/g, '\n'));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/openapi.json',
      summary: 'This API, as an OpenAPI 3.1 document',
      tags: ['system'],
      auth: 'none',
      responses: { 200: { description: 'OpenAPI document' } },
      async handler(c) {
        // Routes are fixed once the app is built, so render once.
        openApi ??= buildOpenApiDocument(allRoutes(), {
          title: 'Keycard proxy',
          version: PROXY_VERSION,
          description: 'Hotel loyalty at the front desk. Errors are RFC 9457 application/problem+json.',
        }).then((doc) => JSON.stringify(doc));
        c.header('Content-Type', 'application/json; charset=utf-8');
        return c.body(await openApi);
      },
    }),
  ];
}
