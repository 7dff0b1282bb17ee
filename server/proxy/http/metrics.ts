/**
 * A tiny Prometheus registry (text exposition format 0.0.4): counters, gauges and
 * histograms with labels, and the proxy's own metrics. No dependency: the proxy needs a
 * dozen series, not a client library.
 */

type Labels = Record<string, string | number>;

function escapeLabel(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

/** Stable key for a label set: values in the metric's label order. */
function labelKey(labelNames: readonly string[], labels: Labels): string {
  return JSON.stringify(labelNames.map((name) => String(labels[name] ?? '')));
}

function formatLabels(labelNames: readonly string[], values: string[], extra = ''): string {
  const parts = labelNames.map((name, i) => `${name}="${escapeLabel(values[i] ?? '')}"`);
  if (extra) parts.push(extra);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

function formatNumber(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return Number.isNaN(value) ? 'NaN' : String(value);
}

abstract class Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}
  abstract readonly type: 'counter' | 'gauge' | 'histogram';
  abstract samples(): string[];
  render(): string {
    return [`# HELP ${this.name} ${this.help.replaceAll('\n', ' ')}`, `# TYPE ${this.name} ${this.type}`, ...this.samples()].join('\n');
  }
}

/** A value that only goes up (requests, errors). */
export class Counter extends Metric {
  readonly type = 'counter';
  private readonly values = new Map<string, number>();
  /** Adds `value` (default 1) to the series with these labels. */
  inc(labels: Labels = {}, value = 1): void {
    const key = labelKey(this.labelNames, labels);
    this.values.set(key, (this.values.get(key) ?? 0) + value);
  }
  /** Current value of one series (0 if never incremented); handy in tests. */
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(this.labelNames, labels)) ?? 0;
  }
  samples(): string[] {
    return [...this.values].map(([key, value]) => `${this.name}${formatLabels(this.labelNames, JSON.parse(key))} ${formatNumber(value)}`);
  }
}

/** A value that goes up and down (queue length, in-flight requests). */
export class Gauge extends Metric {
  readonly type = 'gauge';
  private readonly values = new Map<string, number>();
  set(labels: Labels, value: number): void {
    this.values.set(labelKey(this.labelNames, labels), value);
  }
  inc(labels: Labels = {}, value = 1): void {
    const key = labelKey(this.labelNames, labels);
    this.values.set(key, (this.values.get(key) ?? 0) + value);
  }
  dec(labels: Labels = {}, value = 1): void {
    this.inc(labels, -value);
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(this.labelNames, labels)) ?? 0;
  }
  samples(): string[] {
    return [...this.values].map(([key, value]) => `${this.name}${formatLabels(this.labelNames, JSON.parse(key))} ${formatNumber(value)}`);
  }
}

/** Default latency buckets in seconds: 5 ms to 10 s. */
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A distribution (latencies): cumulative buckets, sum and count per label set. */
export class Histogram extends Metric {
  readonly type = 'histogram';
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(name: string, help: string, labelNames: readonly string[], readonly buckets: readonly number[] = DEFAULT_BUCKETS) {
    super(name, help, labelNames);
  }
  observe(labels: Labels, value: number): void {
    const key = labelKey(this.labelNames, labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    this.buckets.forEach((bound, i) => {
      if (value <= bound) entry.counts[i]! += 1;
    });
    entry.sum += value;
    entry.count += 1;
  }
  /** Starts a timer; call the result to observe the elapsed seconds. */
  startTimer(labels: Labels): (moreLabels?: Labels) => number {
    const start = performance.now();
    return (moreLabels = {}) => {
      const seconds = (performance.now() - start) / 1000;
      this.observe({ ...labels, ...moreLabels }, seconds);
      return seconds;
    };
  }
  samples(): string[] {
    const lines: string[] = [];
    for (const [key, entry] of this.series) {
      const values = JSON.parse(key) as string[];
      this.buckets.forEach((bound, i) => {
        lines.push(`${this.name}_bucket${formatLabels(this.labelNames, values, `le="${formatNumber(bound)}"`)} ${entry.counts[i]}`);
      });
      lines.push(`${this.name}_bucket${formatLabels(this.labelNames, values, 'le="+Inf"')} ${entry.count}`);
      lines.push(`${this.name}_sum${formatLabels(this.labelNames, values)} ${formatNumber(entry.sum)}`);
      lines.push(`${this.name}_count${formatLabels(this.labelNames, values)} ${entry.count}`);
    }
    return lines;
  }
}

/** A set of metrics rendered together. */
export class Registry {
  private readonly metrics = new Map<string, Metric>();
  private add<M extends Metric>(metric: M): M {
    if (this.metrics.has(metric.name)) throw new Error(`metric ${metric.name} is already registered`);
    this.metrics.set(metric.name, metric);
    return metric;
  }
  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }
  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(name, help, labelNames));
  }
  histogram(name: string, help: string, labelNames: readonly string[] = [], buckets?: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, labelNames, buckets));
  }
  /** The Prometheus text exposition of every metric. */
  render(): string {
    return `${[...this.metrics.values()].map((m) => m.render()).join('\n')}\n`;
  }
}

/**
 * The proxy's metrics. Platform code records HTTP traffic; the Mews client records its calls.
 *
 * @example
 * const done = deps.metrics.mewsRequestDuration.startTimer({ operation: 'loyaltyMemberships/getAll' });
 * const response = await post(...);
 * deps.metrics.mewsRequests.inc({ operation: 'loyaltyMemberships/getAll', status: response.status });
 * done();
 * if (response.status === 429) deps.metrics.mewsRateLimited.inc({ operation: 'loyaltyMemberships/getAll' });
 * deps.metrics.mewsLimiterQueue.set({}, limiter.queueLength);
 */
export interface ProxyMetrics {
  registry: Registry;
  /** HTTP requests served, by method, route template (e.g. `/v1/memberships/:id`) and status. */
  httpRequests: Counter;
  /** HTTP latency in seconds, by method and route template. */
  httpRequestDuration: Histogram;
  /** Calls to Mews, by operation (`loyaltyMemberships/getAll`) and HTTP status (or `error`). */
  mewsRequests: Counter;
  /** Mews call latency in seconds, by operation. */
  mewsRequestDuration: Histogram;
  /** 429 answers from Mews, by operation. */
  mewsRateLimited: Counter;
  /** Mews calls waiting for the rate limiter. */
  mewsLimiterQueue: Gauge;
  /** Requests refused by the per-device rate limit. */
  deviceRateLimited: Counter;
  /** Failed pairing attempts (wrong, used or expired code). */
  pairingFailures: Counter;
}

/** Creates a fresh registry with the proxy's metrics (tests make their own). */
export function createMetrics(): ProxyMetrics {
  const registry = new Registry();
  return {
    registry,
    httpRequests: registry.counter('keycard_http_requests_total', 'HTTP requests served.', ['method', 'route', 'status']),
    httpRequestDuration: registry.histogram('keycard_http_request_duration_seconds', 'HTTP request latency.', ['method', 'route']),
    mewsRequests: registry.counter('keycard_mews_requests_total', 'Requests sent to the Mews Connector API.', ['operation', 'status']),
    mewsRequestDuration: registry.histogram('keycard_mews_request_duration_seconds', 'Mews request latency.', ['operation']),
    mewsRateLimited: registry.counter('keycard_mews_rate_limited_total', '429 responses received from Mews.', ['operation']),
    mewsLimiterQueue: registry.gauge('keycard_mews_limiter_queue_length', 'Mews requests waiting for rate budget.'),
    deviceRateLimited: registry.counter('keycard_device_rate_limited_total', 'Requests refused by the per-device rate limit.'),
    pairingFailures: registry.counter('keycard_pairing_failures_total', 'Failed pairing attempts.', ['reason']),
  };
}

/** The process-wide metrics `main.ts` serves; code under test should take them from deps. */
export const metrics: ProxyMetrics = createMetrics();
