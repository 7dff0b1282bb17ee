/**
 * `POST /v1/pair`: a desk exchanges a pairing code for its device token.
 *
 * Refusals (all problems, all counted against the caller's address):
 * - 400 `Invalid pairing code`: no such code (or not even code-shaped).
 * - 410 `Pairing code no longer valid`: the code was used or has expired; `detail` says
 *   which, because the desk's next step (ask for a fresh code) is the same either way.
 * - 429: more than {@link PAIRING_FAILURES_PER_MINUTE} failures from one address within a
 *   minute; while throttled even a right code is refused, or guessing would still pay.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import * as v from 'valibot';
import { DeviceSchema, PairRequestSchema } from '../../../lib/contract';
import type { AppEnv } from '../http/env';
import type { ProxyDeps } from '../platform/deps';
import { ProblemError, tooManyRequests } from '../http/problems';
import { SlidingWindowLimiter } from '../http/rate-limit';
import { defineRoute, type RouteDefinition } from '../http/route';
import { PairingError, redeemPairingCode } from './pairing';

/** Failed attempts one address may make per minute before it is throttled. */
export const PAIRING_FAILURES_PER_MINUTE = 5;

/**
 * The caller's socket address. Forwarded headers are ignored on purpose: the proxy is
 * reached directly, and a spoofable header would let a guesser dodge the throttle.
 */
export function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

export interface AuthRoutesOptions {
  /** Failed-attempt limiter by client address; injectable for tests. */
  pairingThrottle?: SlidingWindowLimiter;
}

/** The pairing route(s), ready for `mountRoutes`. */
export function createAuthRoutes(deps: ProxyDeps, options: AuthRoutesOptions = {}): RouteDefinition[] {
  const throttle = options.pairingThrottle ?? new SlidingWindowLimiter(PAIRING_FAILURES_PER_MINUTE, 60_000);
  const now = deps.now ?? (() => new Date());

  const pair = defineRoute({
    method: 'post',
    path: '/v1/pair',
    summary: 'Pair a device with a one-time pairing code',
    description: 'Exchanges a code minted with `npm run keycard -- pair` for a bearer token. A code works once.',
    tags: ['devices'],
    auth: 'none',
    body: PairRequestSchema,
    responses: {
      201: { description: 'Paired; keep the token, it is not shown again.', schema: v.object({ token: v.string(), device: DeviceSchema }) },
      400: { description: 'Unknown pairing code' },
      410: { description: 'Pairing code used or expired' },
      429: { description: 'Too many failed attempts from this address' },
    },
    async handler(c, { body }) {
      const address = clientAddress(c);
      const gate = throttle.check(address);
      if (!gate.allowed) {
        throw tooManyRequests(gate.retryAfterMs / 1000, 'Too many failed pairing attempts; wait a minute and retry.');
      }
      try {
        const paired = await redeemPairingCode(deps.store.db, { code: body.code, deviceName: body.deviceName, now: now() });
        c.var.log?.info({ deviceId: paired.device.id, role: paired.device.role }, 'device paired');
        c.header('Cache-Control', 'no-store');
        return c.json(paired, 201);
      } catch (error) {
        if (!(error instanceof PairingError)) throw error;
        throttle.record(address);
        deps.metrics.pairingFailures.inc({ reason: error.reason });
        if (error.reason === 'unknown') throw new ProblemError(400, 'Invalid pairing code', 'No such pairing code; check it and retry.');
        throw new ProblemError(
          410,
          'Pairing code no longer valid',
          error.reason === 'used'
            ? 'This pairing code has already been used; ask a manager for a new one.'
            : 'This pairing code has expired; ask a manager for a new one.',
        );
      }
    },
  });
  return [pair];
}
