/**
 * CORS for the extension. The proxy answers cross-origin requests only from extension
 * origins: the configured list, or (unset) any `chrome-extension://` / `moz-extension://`
 * origin. Web pages — including Mews Operations — never get an `Access-Control-Allow-Origin`,
 * and the proxy never sends `*`, so a page cannot read desk data with a stolen token.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';

const ANY_EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[A-Za-z0-9._-]+$/;

/** Whether `origin` may call the proxy under `allowedOrigins` (null: any extension). */
export function isAllowedOrigin(origin: string, allowedOrigins: readonly string[] | null): boolean {
  if (allowedOrigins) return allowedOrigins.includes(origin);
  return ANY_EXTENSION_ORIGIN.test(origin);
}

const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, X-Request-Id';
const EXPOSED_HEADERS = 'Retry-After, X-Request-Id, Location';

/**
 * CORS middleware. Preflights from allowed origins get 204 with the allowed methods and
 * headers; preflights from others get 204 with no CORS headers (the browser then blocks).
 *
 * @example
 * app.use('*', cors(config.allowedOrigins));
 */
export function cors(allowedOrigins: readonly string[] | null): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('Origin');
    const allowed = origin !== undefined && isAllowedOrigin(origin, allowedOrigins);
    const isPreflight = c.req.method === 'OPTIONS' && c.req.header('Access-Control-Request-Method') !== undefined;
    if (isPreflight) {
      const headers = new Headers({ Vary: 'Origin' });
      if (allowed) {
        headers.set('Access-Control-Allow-Origin', origin);
        headers.set('Access-Control-Allow-Methods', ALLOWED_METHODS);
        headers.set('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        headers.set('Access-Control-Max-Age', '600');
      }
      return new Response(null, { status: 204, headers });
    }
    await next();
    c.res.headers.append('Vary', 'Origin');
    if (allowed) {
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      c.res.headers.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
  };
}
