/**
 * The Mews Connector API client: every call a POST to `${platformUrl}/api/connector/v1/${op}`
 * with the tokens in the body, through the per-token rate limiter, with bounded retries.
 *
 * Retry rules (why): 429 means Mews refused the request before doing anything, so it is retried
 * for reads and writes alike, after Retry-After. 408/5xx/timeouts/network errors leave a
 * write's outcome unknown, so only reads are retried here; writes surface a MewsError whose
 * `outcomeUnknown` tells the ledger to reconcile under the same idempotency key.
 */
import ky, { TimeoutError } from 'ky';
import { MewsError, redact } from './errors';
import { chargeMewsCaller } from './device-share';
import { limiterForToken, type MewsBudget } from './limiter';
import { PortfolioScope } from './portfolio';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, sleep, type RetryPolicy } from './retry';
import { isWriteOperation, type MewsErrorBody, type MewsOperation, type MewsRequest, type MewsResponse } from './connector-types';

/** What the client reports; the platform's metrics registry implements it. */
export interface MewsMetrics {
  /** One per HTTP attempt; `outcome` is the status code, `timeout` or `network`. */
  call(operation: string, outcome: string, durationMs: number): void;
  rateLimited(operation: string): void;
  queueLength(length: number): void;
}

/** A pino-compatible subset; never receives tokens. */
export interface MewsLogger {
  warn(details: object, message?: string): void;
}

export interface MewsClientOptions {
  platformUrl: string;
  clientToken: string;
  accessToken: string;
  /** MEWS_ENTERPRISE_IDS: set (non-empty) for a Portfolio Access Token (portfolio.ts). */
  enterpriseIds?: readonly string[];
  /** Name and version of the client app, e.g. `Keycard 0.1.0`. */
  client: string;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Requests per token per window (Mews: 200 per 30 s). Ignored when `limiter` is given. */
  rateLimit?: { maxRequests: number; windowMs: number };
  /** The budget to spend (the shared one on PostgreSQL); default: this process's limiter for the token. */
  limiter?: MewsBudget;
  retry?: Partial<RetryPolicy>;
  metrics?: MewsMetrics;
  logger?: MewsLogger;
  fetch?: typeof fetch;
  random?: () => number;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * @example
 * const mews = new MewsClient({ platformUrl: 'https://api.mews-demo.com', clientToken, accessToken,
 *   client: 'Keycard 0.1.0' });
 * const { Enterprise } = await mews.call('configuration/get', {});
 */
export class MewsClient {
  readonly limiter: MewsBudget;
  /** The enterprises a Portfolio Access Token serves; undefined for a single-enterprise token. */
  readonly portfolio: PortfolioScope | undefined;
  private options: MewsClientOptions;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly http: typeof ky;

  constructor(options: MewsClientOptions) {
    this.options = options;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.limiter = options.limiter ??
      limiterForToken(options.accessToken, options.rateLimit ?? { maxRequests: 200, windowMs: 30_000 });
    this.portfolio = options.enterpriseIds?.length
      ? new PortfolioScope(options.enterpriseIds, async (id) => (await this.call('configuration/get', { EnterpriseId: id })).Enterprise)
      : undefined;
    this.http = ky.create({
      prefix: `${options.platformUrl.replace(/\/+$/, '')}/api/connector/v1/`,
      retry: 0,
      throwHttpErrors: false,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** Calls one operation; resolves with its parsed JSON or rejects with a MewsError. */
  /** Takes a regenerated access token into use (Mews's `IntegrationApiKeyCreated`); redaction follows it. */
  useAccessToken(accessToken: string): void {
    this.options = { ...this.options, accessToken };
  }

  async call<Op extends MewsOperation>(op: Op, body: MewsRequest<Op>, callOptions: CallOptions = {}): Promise<MewsResponse<Op>> {
    return (await this.callRaw(op, body as object, callOptions)) as MewsResponse<Op>;
  }

  /** Untyped escape hatch for operations not (yet) in `MewsOperations`. */
  async callRaw(op: string, given: object, callOptions: CallOptions = {}): Promise<unknown> {
    const body = this.portfolio ? await this.portfolio.complete(op, given) : given;
    const write = isWriteOperation(op);
    let attempt = 0;
    let rateLimited = 0;
    for (;;) {
      attempt++;
      try {
        return await this.attempt(op, body, callOptions);
      } catch (error) {
        if (!(error instanceof MewsError)) throw error;
        if (error.kind === 'rate-limited') {
          rateLimited++;
          const wait = error.retryAfterMs ?? backoffDelay(rateLimited, this.policy, this.options.random);
          if (rateLimited >= this.policy.rateLimitAttempts || wait > this.policy.maxRetryAfterMs) throw error;
          this.limiter.blockUntil(Date.now() + wait);
          attempt--; // 429s have their own budget
          continue;
        }
        const transient = error.kind === 'timeout' || error.kind === 'network' ||
          (error.kind === 'http' && (error.status === 408 || error.status >= 500));
        if (write || !transient || attempt >= this.policy.readAttempts) throw error;
        this.options.logger?.warn({ operation: op, attempt, kind: error.kind, status: error.status }, 'Mews read failed; retrying');
        await sleep(backoffDelay(attempt, this.policy, this.options.random), callOptions.signal);
      }
    }
  }

  private async attempt(op: string, body: object, callOptions: CallOptions): Promise<unknown> {
    const { clientToken, accessToken, client } = this.options;
    const release = await this.limiter.acquire(callOptions.signal);
    // Sent from here on: it counts against the budget and the caller's share of it.
    chargeMewsCaller();
    this.options.metrics?.queueLength(this.limiter.queueLength);
    const started = performance.now();
    let response: Response;
    try {
      response = await this.http.post(op, {
        json: { ...body, ClientToken: clientToken, AccessToken: accessToken, Client: client },
        timeout: callOptions.timeoutMs ?? this.timeoutMs,
        signal: callOptions.signal,
      });
    } catch (error) {
      release();
      if (callOptions.signal?.aborted) throw callOptions.signal.reason;
      const kind = error instanceof TimeoutError ? 'timeout' : 'network';
      this.options.metrics?.call(op, kind, performance.now() - started);
      // The cause may carry the request (and its body, with the tokens): keep only a redacted message.
      const detail = error instanceof Error ? this.redact(error.message) : undefined;
      throw new MewsError({ kind, operation: op, detail });
    }
    release();
    this.options.metrics?.call(op, String(response.status), performance.now() - started);
    const requestId = response.headers.get('Request-Id');
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new MewsError({ kind: 'network', status: response.status, operation: op, requestId });
    }

    if (response.status === 429) {
      this.options.metrics?.rateLimited(op);
      const errorBody = this.parseErrorBody(text);
      throw new MewsError({
        kind: 'rate-limited', status: 429, operation: op,
        mewsMessage: errorBody.Message ?? null,
        requestId: errorBody.RequestId ?? requestId,
        retryAfterMs: parseRetryAfter(response.headers.get('Retry-After')),
      });
    }
    if (!response.ok) {
      const errorBody = this.parseErrorBody(text);
      throw new MewsError({
        kind: 'http', status: response.status, operation: op,
        mewsMessage: errorBody.Message ?? null,
        requestId: errorBody.RequestId ?? requestId,
      });
    }
    if (response.status === 204 || text.trim() === '') {
      if (!(op in RESPONSE_SHAPES)) return {};
      throw new MewsError({ kind: 'invalid-response', status: response.status, operation: op, requestId, detail: 'empty response body' });
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      checkShape(op, parsed as Record<string, unknown>);
      return parsed;
    } catch {
      throw new MewsError({
        kind: 'invalid-response', status: response.status, operation: op, requestId,
        detail: 'response body is not a JSON object',
      });
    }
  }

  private parseErrorBody(text: string): MewsErrorBody {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object') {
        const { Message, RequestId } = parsed as MewsErrorBody;
        return {
          Message: typeof Message === 'string' ? this.redact(Message) : null,
          RequestId: typeof RequestId === 'string' ? RequestId : null,
        };
      }
    } catch {
      // Not JSON (a gateway's HTML page): no Message to pass on.
    }
    return {};
  }

  private redact(text: string): string {
    return redact(text, [this.options.clientToken, this.options.accessToken]);
  }
}

/**
 * What Keycard relies on in the answers it reads: the collection is an array of objects with a
 * string `Id` (and numeric-or-null `Points`). Without this, a garbled 200 (a proxy in front of
 * Mews, a truncated rewrite) read as "no such guest" or crashed a handler with a TypeError (a
 * 500 "something went wrong in the proxy") instead of a 502 "Mews sent an invalid response".
 */
const RESPONSE_SHAPES: Record<string, string | null> = {
  'configuration/get': null,
  'customers/getAll': 'Customers',
  'loyaltyMemberships/getAll': 'LoyaltyMemberships',
  'loyaltyMemberships/add': 'LoyaltyMemberships',
  'loyaltyMemberships/update': 'LoyaltyMemberships',
  'loyaltyPrograms/getAll': 'LoyaltyPrograms',
  'loyaltyTiers/getAll': 'LoyaltyTiers',
  'reservations/getAll/2023-06-06': 'Reservations',
  'orderItems/getAll': 'OrderItems',
};

function checkShape(op: string, body: Record<string, unknown>): void {
  if (!(op in RESPONSE_SHAPES)) return;
  const key = RESPONSE_SHAPES[op];
  if (key === null) {
    const enterprise = body.Enterprise as Record<string, unknown> | null | undefined;
    if (!enterprise || typeof enterprise !== 'object' || typeof enterprise.Id !== 'string') throw new Error('no Enterprise');
    return;
  }
  const items = body[key!];
  if (!Array.isArray(items)) throw new Error(`${key} is not an array`);
  for (const item of items) {
    if (item === null || typeof item !== 'object' || typeof (item as { Id?: unknown }).Id !== 'string') throw new Error(`bad ${key} item`);
    const points = (item as { Points?: unknown }).Points;
    if (points !== undefined && points !== null && typeof points !== 'number') throw new Error('Points is not a number');
  }
}
