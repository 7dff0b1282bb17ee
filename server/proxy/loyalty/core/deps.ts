/**
 * What every loyalty service is built from: the store, the Mews client, the loyalty config,
 * a clock and a logger. `module.ts` builds one from the platform's `ProxyDeps`.
 */
import type { Device } from '../../../../lib/contract';
import type { MewsClient, MewsMetrics } from '../../mews/client';
import type { ProxyMetrics } from '../../http/metrics';
import type { Store } from '../../store/db';
import type { LoyaltyConfig } from './config';

/** The subset of pino the loyalty services use. */
export interface LoyaltyLogger {
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
}

/** Who made a write: the desk or manager device, as the ledger and the audit log record it. */
export type Actor = Pick<Device, 'id' | 'name' | 'role' | 'enterpriseId'>;

export interface LoyaltyContext {
  store: Pick<Store, 'db' | 'dialect'>;
  mews: MewsClient;
  config: LoyaltyConfig;
  now: () => Date;
  log: LoyaltyLogger;
}

/** Feeds the Mews client's reports into the platform's Prometheus metrics. */
export function mewsMetricsFrom(metrics: ProxyMetrics): MewsMetrics {
  return {
    call(operation, outcome, durationMs) {
      metrics.mewsRequests.inc({ operation, status: outcome });
      metrics.mewsRequestDuration.observe({ operation }, durationMs / 1000);
    },
    rateLimited(operation) {
      metrics.mewsRateLimited.inc({ operation });
    },
    queueLength(length) {
      metrics.mewsLimiterQueue.set(length);
    },
  };
}
