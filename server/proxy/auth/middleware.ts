/**
 * Bearer-token authentication for desk and manager routes. Every refusal is a problem:
 * 401 with `WWW-Authenticate: Bearer` when the token is missing, malformed, unknown or
 * revoked (one answer for all, so a probe learns nothing; a revoked token's holder is told
 * an administrator revoked it), or unused for DEVICE_IDLE_DAYS
 * (said so, since only its holder can present it, and the fix is to re-pair); 403 when a
 * desk calls a manager route.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env';
import type { ProxyDeps } from '../platform/deps';
import { forbidden, problemResponse, unauthorized } from '../http/problems';
import { lazyChild } from '../http/logger';
import { dueForTouch, idleTooLong, toDevice, touchDevice } from './devices';
import { deviceByTokenHash } from '../store/device-repository';
import { DEVICE_TOKEN_PATTERN, hashDeviceToken } from './secrets';
import { createTokenCache } from './token-cache';
import { DEVICE_REVOKED_PROBLEM } from '../../../lib/contract/vocabulary';

/** The token of an `Authorization: Bearer <token>` header, if well-formed. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  const token = match?.[1];
  return token && DEVICE_TOKEN_PATTERN.test(token) ? token : undefined;
}

/**
 * Builds `requireDevice(role)`: authenticates the caller and sets `c.var.device`. A manager
 * passes desk routes too; a desk is refused on manager routes.
 *
 * @example
 * const requireDevice = createRequireDevice(deps);
 * app.get('/v1/whoami', requireDevice('desk'), (c) => c.json(c.var.device));
 */
export function createRequireDevice(deps: Pick<ProxyDeps, 'store' | 'now' | 'log' | 'config'>) {
  const now = deps.now ?? (() => new Date());
  const tokens = createTokenCache(deps.store, { ttlMs: deps.config.deviceTokenCacheMs, now: () => now().getTime() });
  return function requireDevice(role: 'desk' | 'manager' = 'desk'): MiddlewareHandler<AppEnv> {
    return async (c, next) => {
      const header = c.req.header('Authorization');
      if (!header) return problemResponse(c, unauthorized({ key: 'tokenMissing' }));
      const token = bearerToken(header);
      if (!token) return problemResponse(c, unauthorized({ key: 'tokenMalformed' }));
      const tokenHash = hashDeviceToken(token);
      let row = tokens.get(tokenHash);
      if (!row) {
        row = await deviceByTokenHash(deps.store.db, tokenHash);
        if (row) tokens.set(tokenHash, row);
      }
      if (!row) return problemResponse(c, unauthorized({ key: 'tokenUnknown' }));
      if (row.revoked_at) {
        // Only the token's holder can present it, so saying why tells a prober nothing.
        return problemResponse(c, unauthorized(
          { key: 'deskRevoked' },
          { type: DEVICE_REVOKED_PROBLEM },
        ));
      }
      const device = toDevice(row);
      const at = now();
      if (idleTooLong(device, at, deps.config.deviceIdleDays)) {
        return problemResponse(c, unauthorized(
          { key: 'deviceIdle', params: { days: deps.config.deviceIdleDays } },
        ));
      }
      if (role === 'manager' && device.role !== 'manager') {
        return problemResponse(c, forbidden({ key: 'managerOnly' }));
      }
      c.set('device', device);
      const requestLog = c.get('log');
      if (requestLog) c.set('log', lazyChild(requestLog, { deviceId: device.id }));
      // Checked here first: most requests have nothing to write, and need not await for it.
      if (dueForTouch(device, at)) {
        try {
          // The cached row learns the new time too, or every request after a minute would write it.
          if (await touchDevice(deps.store.db, device, at)) tokens.set(tokenHash, { ...row, last_seen_at: at.toISOString() });
        } catch (error) {
          // Bookkeeping only: a busy store must not fail the request.
          deps.log.warn({ err: error, deviceId: device.id }, 'could not update last_seen_at');
        }
      }
      await next();
    };
  };
}
