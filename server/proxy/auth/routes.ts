/**
 * `POST /v1/pair`: a desk exchanges a pairing code for its device token. The device is named
 * as the code was minted; a `deviceName` in the request is accepted and ignored (older
 * extensions send what the desk typed), so what the audit log and the ledger say a device is
 * was decided by the manager who minted the code.
 *
 * Refusals (all problems):
 * - 400 `Invalid pairing code`: one answer for a code that is unknown, not code-shaped, used,
 *   expired or burnt, so a guesser learns nothing about which codes exist.
 * - 429: more than {@link PAIRING_FAILURES_PER_MINUTE} failures from one address within a
 *   minute (kept in this instance's memory: a quick brake on one noisy client), or more than
 *   {@link PAIRING_FAILURE_CAP} failures from anywhere within the window (kept in the store,
 *   shared by every instance). While throttled even a right code is refused, or guessing
 *   would still pay. A code also burns after {@link PAIRING_CODE_MAX_FAILURES} wrong tries.
 */
import * as v from 'valibot';
import { DeviceSchema, PairRequestSchema } from '../../../lib/contract';
import { clientAddress } from '../http/client-address';
import type { ProxyDeps } from '../platform/deps';
import { ProblemError, tooManyRequests } from '../http/problems';
import { SlidingWindowLimiter } from '../http/rate-limit';
import { defineRoute, type RouteDefinition } from '../http/route';
import { PAIRING_CODE_MAX_FAILURES, PAIRING_FAILURE_CAP, PairingError, pairingLockedForMs, redeemPairingCode } from './pairing';

export { PAIRING_CODE_MAX_FAILURES, PAIRING_FAILURE_CAP };

/** Failed attempts one address may make per minute before it is throttled. */
export const PAIRING_FAILURES_PER_MINUTE = 5;

const refused = () =>
  new ProblemError(400, 'Invalid pairing code', { key: 'pairingRefused' });

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
    description: 'Exchanges a code minted with `npm run keycard -- pair` for a bearer token. A code works once. ' +
      'The device gets the name the code was minted for; `deviceName` is accepted and ignored.',
    tags: ['devices'],
    auth: 'none',
    body: PairRequestSchema,
    responses: {
      201: { description: 'Paired; keep the token, it is not shown again.', schema: v.object({ token: v.string(), device: DeviceSchema }) },
      400: { description: 'The code does not work (unknown, used, expired or burnt: one answer for all)' },
      429: { description: 'Too many failed attempts, from this address or from anywhere' },
    },
    async handler(c, { body }) {
      const address = clientAddress(c, deps.config.trustProxyHops);
      const gate = throttle.check(address);
      if (!gate.allowed) {
        throw tooManyRequests(gate.retryAfterMs / 1000, { key: 'pairingThrottled' });
      }
      const at = now();
      const lockedMs = await pairingLockedForMs(deps.store.db, at);
      if (lockedMs !== undefined) {
        throw tooManyRequests(lockedMs / 1000, { key: 'pairingLocked' });
      }
      try {
        const paired = await redeemPairingCode(deps.store, { code: body.code, now: at });
        c.var.log?.info({ deviceId: paired.device.id, role: paired.device.role }, 'device paired');
        c.header('Cache-Control', 'no-store');
        return c.json(paired, 201);
      } catch (error) {
        if (!(error instanceof PairingError)) throw error;
        throttle.record(address);
        deps.metrics.pairingFailures.inc({ reason: error.reason });
        throw refused();
      }
    },
  });
  return [pair];
}
