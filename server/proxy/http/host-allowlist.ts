/**
 * The Host header must name this proxy. DNS rebinding points a name the attacker owns at
 * 127.0.0.1 (or the proxy's LAN address): the victim's browser then treats the proxy as that
 * name's own origin, CORS never applies, and a page could read `/metrics` or spend pairing
 * attempts. The browser still sends the attacker's name as Host, so refusing every name the
 * operator did not list (PUBLIC_HOSTS; loopback names always pass) closes it, before routing.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';
import { ProblemError, problemResponse } from './problems';

/**
 * Middleware answering 421 Misdirected Request to a Host not in `allowed` (lower-case names,
 * IPv6 in brackets; any port).
 *
 * @example
 * app.use('*', hostAllowlist(['localhost', '127.0.0.1', '[::1]', 'keycard.hotel.example']));
 */
export function hostAllowlist(allowed: readonly string[]): MiddlewareHandler<AppEnv> {
  const names = new Set(allowed);
  return async (c, next) => {
    // The URL's host is the Host header as @hono/node-server read it, lower-cased and without the port.
    const host = new URL(c.req.url).hostname;
    if (!names.has(host)) {
      return problemResponse(c, new ProblemError(421, 'Misdirected request', { key: 'wrongHost', params: { host } }));
    }
    await next();
  };
}
