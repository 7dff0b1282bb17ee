/**
 * Logging: pino JSON lines, one per request plus whatever handlers add. Secrets never reach
 * the log: authorization headers, tokens and pairing codes are redacted by path, query
 * strings (guest names in searches) and bodies are never logged.
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { AppEnv } from './env';
import type { ProxyMetrics } from './metrics';
import { CLIENT_CLOSED_REQUEST } from './problems';

/** The pino levels `LOG_LEVEL` may name. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Paths pino replaces with `[redacted]` wherever they appear in a log object. */
export const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'token',
  '*.token',
  'code',
  '*.code',
  'accessToken',
  'clientToken',
  '*.accessToken',
  '*.clientToken',
  'AccessToken',
  'ClientToken',
  '*.AccessToken',
  '*.ClientToken',
  'mewsAccessToken',
  'mewsClientToken',
  'mewsWebhookToken',
  '*.mewsAccessToken',
  '*.mewsClientToken',
  '*.mewsWebhookToken',
];

/**
 * The proxy's root logger.
 *
 * @example
 * const log = createLogger('info');               // stdout
 * const quiet = createLogger('silent');           // tests
 * const captured = createLogger('info', stream);  // tests reading the lines
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'keycard-proxy' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * A child logger made only when something is logged: building a pino child (bindings,
 * redaction) for every request cost ~10% of the proxy's CPU on the warm lookup path, and
 * most requests log nothing.
 */
export function lazyChild(log: Logger, bindings: Record<string, unknown>): Logger {
  let child: Logger | undefined;
  return new Proxy(log, {
    get(_target, property) {
      child ??= log.child(bindings);
      const value = Reflect.get(child, property, child) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(child) : value;
    },
  });
}

/** Request ids we accept from a client: short and harmless in a log line. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Middleware: gives each request an id (`X-Request-Id`, echoed back) and a child logger
 * (`c.var.log`), then logs one line when it ends and records HTTP metrics by route template.
 */
/** Methods labelled as themselves; any other (clients may send any token) is `OTHER`. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function requestLogger(log: Logger, metrics: ProxyMetrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('X-Request-Id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('log', lazyChild(log, { requestId }));
    const started = performance.now();
    try {
      await next();
    } finally {
      const durationS = (performance.now() - started) / 1000;
      // Template, not the raw path: bounded label cardinality, and no ids in metrics. Anything
      // unrouted (a preflight, a 404, a 413 before routing) is one series whatever its path: raw
      // paths let anyone grow the registry without a login (1,500 random OPTIONS: 207 → 1,084 MB).
      const route = c.get('routePath') ?? 'unmatched';
      const method = KNOWN_METHODS.has(c.req.method) ? c.req.method : 'OTHER';
      const status = c.res.status;
      c.res.headers.set('X-Request-Id', requestId);
      metrics.httpRequests.inc({ method, route, status });
      metrics.httpRequestDuration.observe({ method, route }, durationS);
      const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
      if (log.isLevelEnabled(level)) (c.get('log') ?? log)[level](
        {
          method: c.req.method,
          path: c.req.path,
          route,
          status,
          durationMs: Math.round(durationS * 1000 * 10) / 10,
          deviceId: c.get('device')?.id,
          // 499: the client left before the answer (problems.ts); say so, it is not an error.
          ...(status === CLIENT_CLOSED_REQUEST ? { aborted: true } : {}),
        },
        'request',
      );
    }
  };
}
