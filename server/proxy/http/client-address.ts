/**
 * The caller's address, for throttles. By default the socket's: `X-Forwarded-For` is anyone's
 * to write, and believing it would let a guesser be a new client on every request. Behind
 * reverse proxies the operator declares how many (`TRUST_PROXY`); each appends the address it
 * saw, so the client is that many entries from the end, and whatever a client wrote before
 * them is never read.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppEnv } from './env';

/** The socket's remote address, or 'unknown' (app.request() in tests has no socket). */
function socketAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * The client's address: the socket's, or with `trustedHops` reverse proxies in front, the
 * address the outermost of them saw.
 *
 * @example
 * clientAddress(c, 0); // '10.1.2.3', the socket
 * clientAddress(c, 1); // behind one balancer: the last X-Forwarded-For entry
 */
export function clientAddress(c: Context<AppEnv>, trustedHops: number): string {
  const socket = socketAddress(c);
  if (trustedHops <= 0) return socket;
  const forwarded = (c.req.header('X-Forwarded-For') ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  // Fewer entries than proxies: the request did not come through all of them; the socket is the best we know.
  return forwarded.at(-trustedHops) ?? socket;
}
