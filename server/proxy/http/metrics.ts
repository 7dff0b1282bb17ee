/**
 * The proxy's Prometheus metrics, on prom-client (text exposition format 0.0.4). Each proxy
 * (and each test) gets its own registry; no default process metrics are collected.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Latency buckets in seconds: 5 ms to 10 s. */
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The proxy's metrics. Platform code records HTTP traffic; the Mews client records its calls.
 *
 * @example
 * deps.metrics.mewsRequests.inc({ operation: 'loyaltyMemberships/getAll', status: 200 });
 * deps.metrics.mewsLimiterQueue.set(limiter.queueLength);
 * const text = await deps.metrics.registry.metrics();
 */
export interface ProxyMetrics {
  registry: Registry;
  /** HTTP requests served, by method, route template (e.g. `/v1/memberships/:id`) and status. */
  httpRequests: Counter<'method' | 'route' | 'status'>;
  /** HTTP latency in seconds, by method and route template. */
  httpRequestDuration: Histogram<'method' | 'route'>;
  /** Calls to Mews, by operation (`loyaltyMemberships/getAll`) and HTTP status (or `timeout`, `network`). */
  mewsRequests: Counter<'operation' | 'status'>;
  /** Mews call latency in seconds, by operation. */
  mewsRequestDuration: Histogram<'operation'>;
  /** 429 answers from Mews, by operation. */
  mewsRateLimited: Counter<'operation'>;
  /** Mews calls waiting for the rate limiter. */
  mewsLimiterQueue: Gauge;
  /** Requests refused by the per-device rate limit. */
  deviceRateLimited: Counter;
  deviceMewsShareRefused: Counter;
  /** Failed pairing attempts (wrong, used or expired code). */
  pairingFailures: Counter<'reason'>;
}

/** Creates a fresh registry with the proxy's metrics (tests make their own). */
export function createMetrics(): ProxyMetrics {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({ name: 'keycard_http_requests_total', help: 'HTTP requests served.', labelNames: ['method', 'route', 'status'], registers }),
    httpRequestDuration: new Histogram({ name: 'keycard_http_request_duration_seconds', help: 'HTTP request latency.', labelNames: ['method', 'route'], buckets: DEFAULT_BUCKETS, registers }),
    mewsRequests: new Counter({ name: 'keycard_mews_requests_total', help: 'Requests sent to the Mews Connector API.', labelNames: ['operation', 'status'], registers }),
    mewsRequestDuration: new Histogram({ name: 'keycard_mews_request_duration_seconds', help: 'Mews request latency.', labelNames: ['operation'], buckets: DEFAULT_BUCKETS, registers }),
    mewsRateLimited: new Counter({ name: 'keycard_mews_rate_limited_total', help: '429 responses received from Mews.', labelNames: ['operation'], registers }),
    mewsLimiterQueue: new Gauge({ name: 'keycard_mews_limiter_queue_length', help: 'Mews requests waiting for rate budget.', registers }),
    deviceRateLimited: new Counter({ name: 'keycard_device_rate_limited_total', help: 'Requests refused by the per-device rate limit.', registers }),
    deviceMewsShareRefused: new Counter({ name: 'keycard_device_mews_share_refused_total', help: 'Desk requests refused because the desk used its share of the Mews budget.', registers }),
    pairingFailures: new Counter({ name: 'keycard_pairing_failures_total', help: 'Failed pairing attempts.', labelNames: ['reason'], registers }),
  };
}

/**
 * The current value of one series of a counter or gauge (0 if never touched); for tests and
 * the CLI.
 *
 * @example
 * expect(await seriesValue(metrics.pairingFailures, { reason: 'unknown' })).toBe(5);
 */
export async function seriesValue(metric: Counter<string> | Gauge<string>, labels: Record<string, string | number> = {}): Promise<number> {
  const { values } = await metric.get();
  const wanted = Object.entries(labels).map(([k, v]) => [k, String(v)] as const);
  const found = values.find((s) => wanted.every(([k, v]) => String(s.labels[k]) === v) && Object.keys(s.labels).length === wanted.length);
  return found?.value ?? 0;
}
